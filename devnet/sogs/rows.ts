/**
 * The rows of the devnet community server's tables as the store reads them (zod, checked on each
 * read), the permissions they add up to, and the room-token rule.
 */
import { z } from 'zod';

export const RoomRow = z.object({
  id: z.number().int(),
  token: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  image: z.number().int().nullable(),
  created: z.number(),
  message_sequence: z.number().int(),
  info_updates: z.number().int(),
  read: z.number().int(),
  accessible: z.number().int(),
  write: z.number().int(),
  upload: z.number().int(),
});
export type Room = z.infer<typeof RoomRow>;

export const UserRow = z.object({
  id: z.number().int(),
  session_id: z.string(),
  banned: z.number().int(),
  moderator: z.number().int(),
  admin: z.number().int(),
  visible_mod: z.number().int(),
});
export type User = z.infer<typeof UserRow>;

export const OverrideRow = z.object({
  banned: z.number().int(),
  read: z.number().int().nullable(),
  accessible: z.number().int().nullable(),
  write: z.number().int().nullable(),
  upload: z.number().int().nullable(),
  moderator: z.number().int(),
  admin: z.number().int(),
  visible_mod: z.number().int(),
});

export interface Perms {
  readonly banned: boolean;
  readonly read: boolean;
  readonly accessible: boolean;
  readonly write: boolean;
  readonly upload: boolean;
  readonly moderator: boolean;
  readonly admin: boolean;
}

export type PermCheck = 'read' | 'accessible' | 'write' | 'upload' | 'moderator' | 'admin' | 'unbanned';

/** Active-user window of room info (pysogs ROOM_DEFAULT_ACTIVE_THRESHOLD: 7 days). */
export const ACTIVE_CUTOFF_S = 7 * 86400;

const ROOM_TOKEN = /^[\w-]{1,64}$/;

export function isRoomToken(s: string): boolean {
  return ROOM_TOKEN.test(s);
}
