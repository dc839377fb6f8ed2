/**
 * The SOGS v3 endpoints clients use (sync-groups-communities.md §4.2; session-pysogs
 * `sogs/routes/{general,rooms,messages,dm,users}.py`), as typed calls with zod-checked answers.
 * Everything a server says is untrusted: sizes are bounded, unknown fields ignored.
 */
import { z } from 'zod';
import { CommunityError } from './errors';
import type { CommunityAddress } from './join-url';
import { parsed, sogsRequest, statusError, type SogsDeps } from './sogs-client';

const int = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const b64 = z.string().max(200_000);

export const capabilitiesSchema = z.object({ capabilities: z.array(z.string().max(64)).max(64) });

export const roomInfoSchema = z.object({
  token: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/),
  name: z.string().max(200),
  description: z.string().max(5000).nullish(),
  info_updates: int.optional(),
  message_sequence: int.optional(),
  active_users: int.optional(),
  image_id: z.union([int, z.string().max(64)]).nullish(),
  read: z.boolean().optional(),
  write: z.boolean().optional(),
  upload: z.boolean().optional(),
  moderator: z.boolean().optional(),
  admin: z.boolean().optional(),
  global_moderator: z.boolean().optional(),
  global_admin: z.boolean().optional(),
});
export type RoomInfo = z.infer<typeof roomInfoSchema>;

const reactionSchema = z.object({
  index: int.optional(),
  count: int,
  reactors: z.array(z.string().max(80)).max(64).optional(),
  you: z.boolean().optional(),
});

export const messageSchema = z.object({
  id: int,
  session_id: z.string().max(80).optional(),
  posted: z.number().nonnegative().optional(),
  edited: z.number().nonnegative().nullish(),
  seqno: int.optional(),
  deleted: z.boolean().optional(),
  whisper: z.boolean().optional(),
  data: b64.nullish(),
  signature: z.string().max(200).nullish(),
  reactions: z.record(z.string().max(64), reactionSchema).optional(),
});
export type SogsMessage = z.infer<typeof messageSchema>;
export const messagesSchema = z.array(messageSchema).max(512);

export const dmSchema = z.object({
  id: int,
  posted_at: z.number().nonnegative(),
  expires_at: z.number().nonnegative().nullish(),
  message: b64,
  sender: z.string().max(80),
  recipient: z.string().max(80),
});
export type SogsDm = z.infer<typeof dmSchema>;
export const dmsSchema = z.array(dmSchema).max(512);

/** Desktop asks `reactors=5` on its polls: enough to show "you and 4 others". */
export const REACTORS = 5;
/** pysogs' default page (100), its maximum is 256. */
export const PAGE = 100;

export const enc = encodeURIComponent;

export async function capabilities(deps: SogsDeps, server: CommunityAddress): Promise<string[]> {
  const a = await sogsRequest(deps, server, { method: 'GET', path: '/capabilities', signed: false });
  if (a.code !== 200) throw statusError(a.code, 'capabilities');
  return parsed(a, capabilitiesSchema, 'capabilities').capabilities;
}

export async function roomInfo(deps: SogsDeps, server: CommunityAddress, token: string): Promise<RoomInfo> {
  const a = await sogsRequest(deps, server, { method: 'GET', path: `/room/${enc(token)}` });
  if (a.code !== 200) throw statusError(a.code, `room ${token}`);
  return parsed(a, roomInfoSchema, 'room');
}

export async function listRooms(deps: SogsDeps, server: CommunityAddress): Promise<RoomInfo[]> {
  const a = await sogsRequest(deps, server, { method: 'GET', path: '/rooms' });
  if (a.code !== 200) throw statusError(a.code, 'rooms');
  return parsed(a, z.array(roomInfoSchema).max(500), 'rooms');
}

export async function postMessage(
  deps: SogsDeps,
  server: CommunityAddress,
  token: string,
  data: string,
  signature: string,
): Promise<SogsMessage> {
  const a = await sogsRequest(deps, server, {
    method: 'POST',
    path: `/room/${enc(token)}/message`,
    json: { data, signature },
  });
  if (a.code !== 201 && a.code !== 200) throw statusError(a.code, 'post');
  return parsed(a, messageSchema, 'post');
}

export async function messagesBefore(
  deps: SogsDeps,
  server: CommunityAddress,
  token: string,
  beforeId: number | null,
  limit = PAGE,
): Promise<SogsMessage[]> {
  const path =
    beforeId === null
      ? `/room/${enc(token)}/messages/recent?limit=${limit}&t=r&reactors=${REACTORS}`
      : `/room/${enc(token)}/messages/before/${beforeId}?limit=${limit}&t=r&reactors=${REACTORS}`;
  const a = await sogsRequest(deps, server, { method: 'GET', path });
  if (a.code !== 200) throw statusError(a.code, 'messages');
  return parsed(a, messagesSchema, 'messages');
}

/** DELETE, PUT and POST calls that answer only a status. */
export async function simple(
  deps: SogsDeps,
  server: CommunityAddress,
  method: 'PUT' | 'POST' | 'DELETE',
  path: string,
  what: string,
  json?: unknown,
): Promise<void> {
  const a = await sogsRequest(deps, server, { method, path, ...(json !== undefined ? { json } : {}) });
  if (a.code === 404) throw new CommunityError('unknown-message', `${what}: not found`, 404);
  if (a.code < 200 || a.code > 299) throw statusError(a.code, what);
}

/** pysogs answers a DM it stored without its body. */
export const sentDmSchema = dmSchema.omit({ message: true });
export type SentDm = z.infer<typeof sentDmSchema>;

export async function sendDm(
  deps: SogsDeps,
  server: CommunityAddress,
  recipient: string,
  message: string,
): Promise<SentDm> {
  // A 25-blinded peer is written to as our 25 identity: the server records who sent it, and the
  // seal is between two IDs of the same kind.
  const a = await sogsRequest(deps, server, {
    method: 'POST',
    path: `/inbox/${recipient}`,
    json: { message },
    ...(recipient.startsWith('25') ? { as25: true } : {}),
  });
  if (a.code !== 201 && a.code !== 200) throw statusError(a.code, 'inbox');
  return parsed(a, sentDmSchema, 'inbox');
}

/** `GET /room/:t/file/:id`: the room image (unencrypted on the server, §4.2). */
export async function downloadRoomFile(
  deps: SogsDeps,
  server: CommunityAddress,
  token: string,
  id: string,
): Promise<Uint8Array> {
  if (!/^[0-9A-Za-z_-]{1,64}$/.test(id)) throw new CommunityError('invalid-response', 'malformed file id');
  const a = await sogsRequest(deps, server, {
    method: 'GET',
    path: `/room/${enc(token)}/file/${id}`,
    timeoutMs: 30_000,
  });
  if (a.code !== 200) throw statusError(a.code, 'room image');
  return a.bytes;
}
