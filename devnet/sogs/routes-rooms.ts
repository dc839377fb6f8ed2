/**
 * Room routes (session-pysogs `sogs/routes/rooms.py`): `/rooms`, `/room/<t>`, `PUT /room/<t>`,
 * `/room/<t>/pollInfo/<n>`, uploads (`POST /room/<t>/file`, `GET /room/<t>/file/<id>[/<name>]`),
 * and pins (`sogs/routes/messages.py`: `/room/<t>/pin/<id>`, `/unpin/<id>`, `/unpin/all`).
 */
import { ACTIVE_CUTOFF_S, type Room } from './store';
import {
  intPath,
  requireMod,
  requireRead,
  requireUser,
  roomParam,
  type Call,
  type Route,
  type SogsContext,
} from './context';
import { MAX_UPLOAD } from './files';
import { HttpError, header, json, jsonObject, type Caller, type SogsResponse } from './http';

const T = '([\\w-]{1,64})';

export function roomInfo(ctx: SogsContext, room: Room, user: Caller): Record<string, unknown> {
  const s = ctx.store;
  const isMod = s.check(room, user, 'moderator');
  const [mods, admins, hMods, hAdmins] = s.mods(room, isMod);
  const info: Record<string, unknown> = {
    token: room.token,
    name: room.name,
    info_updates: room.info_updates,
    message_sequence: room.message_sequence,
    created: room.created,
    active_users: s.activeUsers(room.id),
    active_users_cutoff: ACTIVE_CUTOFF_S,
    moderators: mods,
    admins,
    read: s.check(room, user, 'read'),
    write: s.check(room, user, 'write'),
    upload: s.check(room, user, 'upload'),
  };
  if (room.description !== null) info.description = room.description;
  if (room.image !== null) info.image_id = room.image;
  const pinned = s
    .sql(
      `SELECT p.message AS id, p.pinned_at, u.session_id AS pinned_by FROM pinned_messages p
         JOIN users u ON u.id = p.pinned_by WHERE p.room = ? ORDER BY p.pinned_at`,
    )
    .all(room.id);
  if (pinned.length > 0) info.pinned_messages = pinned;
  if (hMods.length > 0) info.hidden_moderators = hMods;
  if (hAdmins.length > 0) info.hidden_admins = hAdmins;
  Object.assign(info, ownFlags(ctx, room, user));
  return info;
}

/** The caller's own moderator/admin flags and, for moderators, the room defaults. */
function ownFlags(ctx: SogsContext, room: Room, user: Caller): Record<string, unknown> {
  const s = ctx.store;
  const out: Record<string, unknown> = {};
  if (s.check(room, user, 'moderator')) {
    out.moderator = true;
    out.default_read = room.read === 1;
    out.default_accessible = room.accessible === 1;
    out.default_write = room.write === 1;
    out.default_upload = room.upload === 1;
  }
  if (s.check(room, user, 'admin')) out.admin = true;
  if (user && (user.moderator === 1 || user.admin === 1)) out.global_moderator = true;
  if (user?.admin === 1) out.global_admin = true;
  return out;
}

function accessibleRoom(call: Call): Room {
  const room = roomParam(call);
  if (!call.ctx.store.check(room, call.user, 'accessible')) throw new HttpError(404);
  return room;
}

function pollInfo(call: Call): SogsResponse {
  const room = roomParam(call);
  requireRead(call, room);
  const s = call.ctx.store;
  s.touchRoom(room.id, call.user);
  const fresh = s.roomById(room.id);
  const out: Record<string, unknown> = {
    token: fresh.token,
    active_users: s.activeUsers(fresh.id),
    read: s.check(fresh, call.user, 'read'),
    write: s.check(fresh, call.user, 'write'),
    upload: s.check(fresh, call.user, 'upload'),
  };
  if (fresh.info_updates !== intPath(call.params[1])) out.details = roomInfo(call.ctx, fresh, call.user);
  Object.assign(out, ownFlags(call.ctx, fresh, call.user));
  return json(200, out);
}

/** pysogs strips code points below U+0020 from names; descriptions keep tab and newline. */
function stripControls(s: string, keepTabNewline: boolean): string {
  return Array.from(s)
    .filter((c) => {
      const cp = c.codePointAt(0) ?? 0;
      return cp >= 0x20 || (keepTabNewline && (cp === 0x09 || cp === 0x0a));
    })
    .join('');
}

function updateRoom(call: Call): SogsResponse {
  const room = roomParam(call);
  requireMod(call, room, true);
  const body = jsonObject(call.req);
  const s = call.ctx.store;
  let did = false;
  s.tx(() => {
    if ('name' in body) {
      if (typeof body.name !== 'string') throw new HttpError(400);
      s.sql('UPDATE rooms SET name = ? WHERE id = ?').run(stripControls(body.name, false), room.id);
      if (body.name !== room.name) s.bumpInfo(room.id);
      did = true;
    }
    if ('description' in body) {
      const d = body.description;
      if (d !== null && typeof d !== 'string') throw new HttpError(400);
      const clean = d === null ? null : stripControls(d, true) || null;
      s.sql('UPDATE rooms SET description = ? WHERE id = ?').run(clean, room.id);
      if (clean !== room.description) s.bumpInfo(room.id);
      did = true;
    }
    if ('image' in body) {
      if (typeof body.image !== 'number' || !Number.isInteger(body.image)) throw new HttpError(400);
      if (!call.ctx.files.setRoomImage(room, body.image)) throw new HttpError(406);
      did = true;
    }
    for (const p of ['read', 'accessible', 'write', 'upload'] as const) {
      const v = body[`default_${p}`];
      if (v === undefined || v === null) continue;
      if (typeof v !== 'boolean' && typeof v !== 'number') throw new HttpError(400);
      s.sql(`UPDATE rooms SET ${p} = ? WHERE id = ?`).run(v ? 1 : 0, room.id);
      did = true;
    }
    if (!did) throw new HttpError(400);
  });
  return json(200, { info_updates: s.roomById(room.id).info_updates });
}

/** RFC 5987 `filename*=UTF-8''…` (what clients send) or a plain quoted `filename=`. */
export function dispositionFilename(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(v);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      return undefined;
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(v);
  return plain ? (plain[2] ?? plain[1] ?? '').trim() : undefined;
}

function upload(call: Call): SogsResponse {
  const room = roomParam(call);
  const user = requireUser(call);
  if (!call.ctx.store.check(room, user, 'upload')) throw new HttpError(403);
  if (call.req.body.length > MAX_UPLOAD) throw new HttpError(413);
  const id = call.ctx.files.upload(
    room,
    user,
    call.req.body,
    dispositionFilename(header(call.req, 'content-disposition')),
  );
  return json(201, { id });
}

function download(call: Call): SogsResponse {
  const room = roomParam(call);
  requireRead(call, room);
  const f = call.ctx.files.get(room, intPath(call.params[1]));
  if (!f) throw new HttpError(404);
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    date: new Date(f.uploaded * 1000).toUTCString(),
    'content-disposition':
      f.filename !== null ? `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}` : 'attachment',
  };
  if (f.expiry !== null) headers.expires = new Date(f.expiry * 1000).toUTCString();
  return { code: 200, headers, body: f.data };
}

function pin(call: Call): SogsResponse {
  const room = roomParam(call);
  const admin = requireMod(call, room, true);
  const id = intPath(call.params[1]);
  const s = call.ctx.store;
  if (!call.ctx.messages.isRegular(room, id)) throw new HttpError(404);
  s.sql(
    `INSERT INTO pinned_messages (room, message, pinned_by, pinned_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(room, message) DO UPDATE SET pinned_by = excluded.pinned_by, pinned_at = excluded.pinned_at`,
  ).run(room.id, id, admin.id, s.now());
  s.sql('UPDATE files SET expiry = NULL WHERE message = ?').run(id);
  s.bumpInfo(room.id);
  return json(200, { info_updates: s.roomById(room.id).info_updates });
}

function unpin(call: Call, all: boolean): SogsResponse {
  const room = roomParam(call);
  requireMod(call, room, true);
  const s = call.ctx.store;
  const n = all
    ? s.sql('DELETE FROM pinned_messages WHERE room = ?').run(room.id).changes
    : s
        .sql('DELETE FROM pinned_messages WHERE room = ? AND message = ?')
        .run(room.id, intPath(call.params[1])).changes;
  if (n > 0) s.bumpInfo(room.id);
  const info = s.roomById(room.id).info_updates;
  return json(200, all ? { unpinned: n, info_updates: info } : { unpinned: n > 0, info_updates: info });
}

export const roomRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/rooms$/,
    handler: (c) =>
      json(
        200,
        c.ctx.store
          .rooms()
          .filter((r) => c.ctx.store.check(r, c.user, 'accessible'))
          .map((r) => roomInfo(c.ctx, r, c.user)),
      ),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/room/${T}$`),
    handler: (c) => json(200, roomInfo(c.ctx, accessibleRoom(c), c.user)),
  },
  { method: 'PUT', pattern: new RegExp(`^/room/${T}$`), handler: updateRoom },
  { method: 'GET', pattern: new RegExp(`^/room/${T}/pollInfo/(\\d+)$`), handler: pollInfo },
  { method: 'POST', pattern: new RegExp(`^/room/${T}/file$`), handler: upload },
  { method: 'GET', pattern: new RegExp(`^/room/${T}/file/(\\d+)(?:/[^/]+)?$`), handler: download },
  { method: 'POST', pattern: new RegExp(`^/room/${T}/pin/(\\d+)$`), handler: pin },
  { method: 'POST', pattern: new RegExp(`^/room/${T}/unpin/all$`), handler: (c) => unpin(c, true) },
  { method: 'POST', pattern: new RegExp(`^/room/${T}/unpin/(\\d+)$`), handler: (c) => unpin(c, false) },
];
