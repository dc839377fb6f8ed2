/**
 * The community server's part of the devnet control API (documented in devnet/README.md): rooms,
 * moderators and admins, seeding, faults. Unauthenticated, loopback only, like the rest of the
 * control API.
 */
import { z } from 'zod';
import { blind15Ids, blind25Id, parseServerPublicKey } from '../../src/crypto/blinding';
import { isSessionId } from '../../src/crypto/session-id';
import type { Json } from '../types';
import { seedPosts } from './seed-posts';
import type { SogsFaults, SogsServer } from './server';
import { isRoomToken, type Room } from './store';

export interface ControlAnswer {
  readonly status: number;
  readonly body: Json;
}

const RoomBody = z
  .object({
    token: z.string().refine(isRoomToken, 'room token: 1 to 64 of A-Z a-z 0-9 _ -'),
    name: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
    read: z.boolean().optional(),
    accessible: z.boolean().optional(),
    write: z.boolean().optional(),
    upload: z.boolean().optional(),
  })
  .strict();

const ModBody = z
  .object({
    sessionId: z.string().regex(/^(05|15|25)[0-9a-fA-F]{64}$/, 'a 05, 15 or 25 ID of 66 hex digits'),
    admin: z.boolean().optional(),
    visible: z.boolean().optional(),
  })
  .strict();

const SeedBody = z
  .object({
    count: z.number().int().min(1).max(100_000),
    text: z.string().max(500).optional(),
    /** Every seeded post replies to this (author, ms time), found in the room or not. */
    quote: z
      .object({ id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), author: z.string().max(66) })
      .strict()
      .optional(),
  })
  .strict();

/** Images set through the control API: enough for tests of the clients' 5 MB limit. */
const IMAGE_MAX = 6_000_000;

/** A room image set by the operator (pysogs sets it from a file as the server itself). */
const ImageBody = z
  .object({
    data: z
      .string()
      .min(1)
      .max(Math.ceil((IMAGE_MAX * 4) / 3) + 4)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'),
    filename: z.string().min(1).max(200).optional(),
  })
  .strict();

const FaultsBody = z
  .object({
    unreachable: z.boolean().optional(),
    blackhole: z.boolean().optional(),
    latencyMs: z.number().int().min(0).max(120_000).optional(),
  })
  .strict();

const ok = (body: Json): ControlAnswer => ({ status: 200, body });
const bad = (status: number, error: string): ControlAnswer => ({ status, body: { error } });

function roomJson(sogs: SogsServer, r: Room): Json {
  return {
    token: r.token,
    name: r.name,
    messageSequence: r.message_sequence,
    infoUpdates: r.info_updates,
    imageId: r.image,
    joinUrl: `${sogs.url}/${r.token}?public_key=${sogs.keys.xHex}`,
  };
}

export function overview(sogs: SogsServer): Json {
  return {
    url: sogs.url,
    joinUrl: sogs.joinUrl,
    x25519: sogs.keys.xHex,
    ed25519: sogs.keys.edHex,
    rooms: sogs.ctx.store.rooms().map((r) => roomJson(sogs, r)),
    faults: { ...sogs.faults },
  };
}

/**
 * Gives a role to a blinded ID at once, or to a Session ID by its possible blinded IDs on this
 * server (both 15 signs and the 25 ID): the role lands on whichever of them first talks to us.
 */
function addModerator(sogs: SogsServer, room: Room | null, body: unknown): ControlAnswer {
  const p = ModBody.safeParse(body);
  if (!p.success) return bad(400, p.error.issues.map((i) => i.message).join('; '));
  const id = p.data.sessionId.toLowerCase();
  const visible = p.data.visible ?? room !== null;
  const store = sogs.ctx.store;
  const admin = p.data.admin === true;
  if (id.startsWith('05')) {
    const server = parseServerPublicKey(sogs.keys.xHex);
    const ids = server && isSessionId(id) ? blind15Ids(id, server) : undefined;
    const id25 = server && isSessionId(id) ? blind25Id(id, server) : undefined;
    if (!ids || !id25) return bad(400, 'not a usable Session ID');
    store.tx(() =>
      store.addPendingRole([...ids, id25], room?.id ?? null, admin ? 'admin' : 'moderator', visible),
    );
    return ok({ sessionId: id, candidates: [...ids, id25], room: room?.token ?? null, admin });
  }
  store.tx(() => {
    const u = store.userVivify(id);
    if (room) store.setRoomModerator(room, u, admin ? true : undefined, visible);
    else store.setGlobalModerator(u, admin ? true : undefined, visible);
  });
  return ok({ sessionId: id, room: room?.token ?? null, admin });
}

/**
 * Uploads a file as the server itself (pysogs' system user, `ff` + the server's key) and makes it
 * the room image: the room's `image_id` changes and `info_updates` grows, so polling clients see it.
 */
function setImage(sogs: SogsServer, room: Room, body: unknown): ControlAnswer {
  const p = ImageBody.safeParse(body);
  if (!p.success) return bad(400, p.error.issues.map((i) => i.message).join('; '));
  const data = new Uint8Array(Buffer.from(p.data.data, 'base64'));
  if (data.length === 0 || data.length > IMAGE_MAX) return bad(413, `an image has 1 to ${IMAGE_MAX} bytes`);
  const store = sogs.ctx.store;
  store.tx(() => {
    const system = store.userVivify(`ff${sogs.keys.xHex}`);
    const fileId = sogs.ctx.files.upload(room, system, data, p.data.filename);
    if (!sogs.ctx.files.setRoomImage(store.roomById(room.id), fileId)) throw new Error('upload vanished');
  });
  return ok(roomJson(sogs, store.roomById(room.id)));
}

export async function handleSogsControl(
  sogs: SogsServer,
  method: string,
  path: string,
  body: unknown,
): Promise<ControlAnswer | undefined> {
  if (!path.startsWith('/sogs')) return undefined;
  const store = sogs.ctx.store;
  if (method === 'GET' && path === '/sogs') return ok(overview(sogs));
  if (method !== 'POST') return bad(404, 'not found');
  if (path === '/sogs/faults') {
    const p = FaultsBody.safeParse(body);
    if (!p.success) return bad(400, p.error.message);
    const patch: Partial<SogsFaults> = {};
    if (p.data.unreachable !== undefined) patch.unreachable = p.data.unreachable;
    if (p.data.blackhole !== undefined) patch.blackhole = p.data.blackhole;
    if (p.data.latencyMs !== undefined) patch.latencyMs = p.data.latencyMs;
    await sogs.setFaults(patch);
    return ok({ faults: { ...sogs.faults } });
  }
  if (path === '/sogs/rooms') {
    const p = RoomBody.safeParse(body);
    if (!p.success) return bad(400, p.error.issues.map((i) => i.message).join('; '));
    if (store.room(p.data.token)) return bad(409, `room ${p.data.token} already exists`);
    const r = store.createRoom(p.data.token, p.data.name, p.data.description);
    for (const k of ['read', 'accessible', 'write', 'upload'] as const) {
      const v = p.data[k];
      if (v !== undefined) store.sql(`UPDATE rooms SET ${k} = ? WHERE id = ?`).run(v ? 1 : 0, r.id);
    }
    return ok(roomJson(sogs, store.roomById(r.id)));
  }
  if (path === '/sogs/moderators') return addModerator(sogs, null, body);
  const m = /^\/sogs\/rooms\/([\w-]{1,64})\/(moderators|seed|image)$/.exec(path);
  if (!m) return bad(404, 'not found');
  const room = store.room(m[1] ?? '');
  if (!room) return bad(404, 'no such room');
  if (m[2] === 'moderators') return addModerator(sogs, room, body);
  if (m[2] === 'image') return setImage(sogs, room, body);
  const p = SeedBody.safeParse(body);
  if (!p.success) return bad(400, p.error.message);
  const r = seedPosts(
    store,
    sogs.ctx.messages,
    room,
    p.data.count,
    p.data.text ?? 'Seeded post',
    p.data.quote,
  );
  return ok({ room: room.token, count: p.data.count, ...r });
}
