/**
 * A joined community room as the conversation list shows it, apart from the communities
 * section's calls: the first screen's answer (`app.initialState`) carries the rooms, and the
 * renderer builds this schema before its first render, the section's other schemas after it
 * (issue #15, cold start).
 */
// zod's mini build: on the page's first screen (see ../settings.ts).
import * as z from 'zod/mini';

export const communityRoomIdSchema = z.int().check(z.positive(), z.maximum(Number.MAX_SAFE_INTEGER));

export const communityRoomSchema = z.object({
  id: communityRoomIdSchema,
  joinUrl: z.string(),
  baseUrl: z.string(),
  token: z.string(),
  name: z.string(),
  description: z.nullable(z.string()),
  activeUsers: z.int().check(z.nonnegative()),
  /** Our 15-blinded ID on this server. */
  blindedId: z.string(),
  unread: z.int().check(z.nonnegative()),
  lastPostAt: z.nullable(z.number()),
  canWrite: z.boolean(),
  moderator: z.boolean(),
  admin: z.boolean(),
  hasImage: z.boolean(),
  /** The server's id of the image we hold (null: none): a new id means a new picture to read. */
  imageId: z.nullable(z.string().check(z.maxLength(64))),
  hasOlder: z.boolean(),
  /** The server takes community DMs (it blinds IDs, so its inbox works): "Message" is offered. */
  canDm: z.optional(z.boolean()),
});
export type CommunityRoom = z.infer<typeof communityRoomSchema>;
