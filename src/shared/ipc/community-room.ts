/**
 * A joined community room as the conversation list shows it, apart from the communities
 * section's calls: the first screen's answer (`app.initialState`) carries the rooms, and the
 * renderer builds this schema before its first render, the section's other schemas after it
 * (issue #15, cold start).
 */
import { z } from 'zod';

export const communityRoomIdSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const communityRoomSchema = z.object({
  id: communityRoomIdSchema,
  joinUrl: z.string(),
  baseUrl: z.string(),
  token: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  activeUsers: z.number().int().nonnegative(),
  /** Our 15-blinded ID on this server. */
  blindedId: z.string(),
  unread: z.number().int().nonnegative(),
  lastPostAt: z.number().nullable(),
  canWrite: z.boolean(),
  moderator: z.boolean(),
  admin: z.boolean(),
  hasImage: z.boolean(),
  /** The server's id of the image we hold (null: none): a new id means a new picture to read. */
  imageId: z.string().max(64).nullable(),
  hasOlder: z.boolean(),
  /** The server takes community DMs (it blinds IDs, so its inbox works): "Message" is offered. */
  canDm: z.boolean().optional(),
});
export type CommunityRoom = z.infer<typeof communityRoomSchema>;
