/**
 * Moderation routes (session-pysogs `sogs/routes/users.py`): `POST /user/<id>/ban`, `/unban`,
 * `/moderator`, with `rooms` (a list of tokens, or `["*"]`) or `global`.
 */
import { requireUser, type Call, type Route } from './context';
import { HttpError, json, jsonObject, type SogsResponse } from './http';
import type { Room, User } from './store';

const ANY_ID = '([0-2]5[0-9a-fA-F]{64})';

/** pysogs `extract_rooms_or_global`: rooms the caller moderates (or administers), or global. */
function roomsOrGlobal(call: Call, body: Record<string, unknown>, admin: boolean): Room[] | 'global' {
  const caller = requireUser(call);
  const s = call.ctx.store;
  const tokens: unknown = body.rooms;
  const global = Boolean(body.global);
  if (tokens !== undefined && tokens !== null && !Array.isArray(tokens)) throw new HttpError(400);
  const list: unknown[] | undefined = Array.isArray(tokens) && tokens.length > 0 ? tokens : undefined;
  if (list !== undefined && global) throw new HttpError(400);
  if (list === undefined && !global) throw new HttpError(400);
  const need = admin ? 'admin' : 'moderator';
  if (list) {
    if (list.length > 1 && list.includes('*')) throw new HttpError(400);
    if (list.length === 1 && list[0] === '*') {
      const rooms = s.rooms().filter((r) => s.check(r, caller, need));
      if (rooms.length === 0) throw new HttpError(403);
      return rooms;
    }
    const rooms = list.map((t) => {
      if (typeof t !== 'string') throw new HttpError(404);
      const r = s.room(t);
      if (!r) throw new HttpError(404);
      return r;
    });
    if (rooms.some((r) => !s.check(r, caller, need))) throw new HttpError(403);
    return rooms;
  }
  const globalOk = admin ? caller.admin === 1 : caller.moderator === 1 || caller.admin === 1;
  if (!globalOk) throw new HttpError(403);
  return 'global';
}

function target(call: Call): User {
  return call.ctx.store.userVivify(call.params[0] ?? '');
}

function ban(call: Call): SogsResponse {
  const caller = requireUser(call);
  const body = jsonObject(call.req);
  const scope = roomsOrGlobal(call, body, false);
  const timeout = body.timeout;
  if (timeout !== undefined && timeout !== null && typeof timeout !== 'number') throw new HttpError(400);
  const seconds = typeof timeout === 'number' ? timeout : undefined;
  const s = call.ctx.store;
  s.tx(() => {
    const u = target(call);
    if (scope === 'global') {
      if (u.id === caller.id || u.moderator === 1 || u.admin === 1) throw new HttpError(403);
      s.setGlobalBan(u, true, seconds);
      return;
    }
    for (const room of scope) {
      const fail =
        u.id === caller.id ||
        u.moderator === 1 ||
        u.admin === 1 ||
        (s.check(room, u, 'moderator') && !s.check(room, caller, 'admin'));
      if (fail) throw new HttpError(403);
      s.banInRoom(room, u, seconds);
    }
  });
  return json(200, {});
}

function unban(call: Call): SogsResponse {
  requireUser(call);
  const body = jsonObject(call.req);
  const scope = roomsOrGlobal(call, body, false);
  const s = call.ctx.store;
  s.tx(() => {
    const u = target(call);
    if (scope === 'global') s.setGlobalBan(u, false);
    else for (const room of scope) s.unbanInRoom(room, u);
  });
  return json(200, {});
}

function optBool(v: unknown): boolean | undefined {
  return v === undefined || v === null ? undefined : Boolean(v);
}

function moderator(call: Call): SogsResponse {
  requireUser(call);
  const body = jsonObject(call.req);
  const scope = roomsOrGlobal(call, body, true);
  let mod = optBool(body.moderator);
  let admin = optBool(body.admin);
  const visibleIn = optBool(body.visible);
  if (mod === undefined && admin === undefined) throw new HttpError(400);
  if (admin === true && mod === false) throw new HttpError(400);
  if (admin === true && mod === true) mod = undefined;
  if (admin === false && mod === false) admin = undefined;
  const s = call.ctx.store;
  const info: Record<string, number> = {};
  s.tx(() => {
    const u = target(call);
    if (scope === 'global') {
      const visible = visibleIn ?? false;
      if (admin === true || mod === true) {
        if (admin === false) s.removeGlobalModerator(u, true);
        s.setGlobalModerator(
          s.userById(u.id),
          admin === true ? true : admin === false ? false : undefined,
          visible,
        );
      } else s.removeGlobalModerator(u, admin === false && mod === undefined);
      for (const r of s.rooms()) info[r.token] = r.info_updates;
      return;
    }
    const visible = visibleIn ?? true;
    for (const room of scope) {
      if (admin === true) s.setRoomModerator(room, u, true, visible);
      else if (mod === true && admin === false) {
        s.removeRoomModerator(room, u, true);
        s.setRoomModerator(room, u, false, visible);
      } else if (mod === true) s.setRoomModerator(room, u, undefined, visible);
      else if (mod === false) s.removeRoomModerator(room, u, false);
      else s.removeRoomModerator(room, u, true);
      info[room.token] = s.roomById(room.id).info_updates;
    }
  });
  return json(200, { info_updates: info });
}

export const userRoutes: Route[] = [
  { method: 'POST', pattern: new RegExp(`^/user/${ANY_ID}/ban$`), handler: ban },
  { method: 'POST', pattern: new RegExp(`^/user/${ANY_ID}/unban$`), handler: unban },
  { method: 'POST', pattern: new RegExp(`^/user/${ANY_ID}/moderator$`), handler: moderator },
];
