/**
 * Message routes (session-pysogs `sogs/routes/messages.py`): fetch since/before/recent/single,
 * post (201), edit, delete, reactions and reactors; plus `DELETE /room/<t>/all/<id>`
 * (`sogs/routes/rooms.py`).
 */
import { intPath, requireMod, requireRead, requireUser, roomParam, type Call, type Route } from './context';
import { HttpError, decodeB64, intParam, json, jsonObject, queryParam, type SogsResponse } from './http';
import type { Query } from './messages';
import type { Room } from './store';

const T = '([\\w-]{1,64})';
const ANY_ID = '([0-2]5[0-9a-fA-F]{64})';

function fetch(call: Call, q: (c: Call) => Query): SogsResponse {
  const room = roomParam(call);
  requireRead(call, room);
  call.ctx.store.touchRoom(room.id, call.user);
  const limit = intParam(call.req, 'limit', 100, 1, 256);
  const reactors = intParam(call.req, 'reactors', 4, 0, 20);
  return json(200, call.ctx.messages.query(room, call.user, q(call), limit, reactors));
}

function single(call: Call): SogsResponse {
  const room = roomParam(call);
  requireRead(call, room);
  call.ctx.store.touchRoom(room.id, call.user);
  const reactors = intParam(call.req, 'reactors', 4, 0, 20);
  const [m] = call.ctx.messages.query(
    room,
    call.user,
    { kind: 'single', id: intPath(call.params[1]) },
    1,
    reactors,
  );
  if (!m) throw new HttpError(404);
  return json(200, m);
}

function fileIds(v: unknown): number[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new HttpError(400);
  return v.map((x: unknown) => {
    const n = typeof x === 'string' ? Number(x) : x;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new HttpError(400);
    return n;
  });
}

function post(call: Call): SogsResponse {
  const room = roomParam(call);
  const user = requireUser(call);
  const body = jsonObject(call.req);
  const { store: s, messages } = call.ctx;
  if (!s.check(room, user, 'write')) throw new HttpError(403, 'Permission denied');
  const data = decodeB64(body.data);
  const sig = decodeB64(body.signature);
  if (sig.length !== 64) throw new HttpError(400);
  const whisperMods = Boolean(body.whisper_mods);
  const whisperToId = body.whisper_to;
  const validId = typeof whisperToId === 'string' && /^[0-2]5[0-9a-fA-F]{64}$/.test(whisperToId);
  if (whisperToId !== undefined && whisperToId !== null && whisperToId !== '' && !validId)
    throw new HttpError(400);
  if ((whisperToId || whisperMods) && !s.check(room, user, 'moderator'))
    throw new HttpError(403, 'Permission denied');
  const files = fileIds(body.files);
  return s.tx(() => {
    if (!s.check(room, user, 'admin') && messages.recentPostCount(room, user) >= 5)
      throw new HttpError(429, 'Rate limited');
    const whisperTo = validId ? s.userVivify(whisperToId) : undefined;
    const m = messages.insert(room, user, data, sig, whisperTo, whisperMods);
    if (files.length > 0) call.ctx.files.own(room, user, m.id, files);
    const out: Record<string, unknown> = {
      id: m.id,
      session_id: user.session_id,
      posted: m.posted,
      seqno: m.seqno,
      data,
      signature: sig,
      reactions: {},
    };
    if (whisperTo || whisperMods) {
      out.whisper = true;
      out.whisper_mods = whisperMods;
      if (whisperTo) out.whisper_to = whisperTo.session_id;
    }
    return json(201, out);
  });
}

function edit(call: Call): SogsResponse {
  const room = roomParam(call);
  const user = requireUser(call);
  const body = jsonObject(call.req);
  const { store: s, messages } = call.ctx;
  if (!s.check(room, user, 'write')) throw new HttpError(403, 'Permission denied');
  const data = decodeB64(body.data);
  const sig = decodeB64(body.signature);
  if (sig.length !== 64) throw new HttpError(400);
  const files = fileIds(body.files);
  const id = intPath(call.params[1]);
  s.tx(() => {
    const author = messages.author(room, id);
    if (author === undefined) throw new HttpError(404);
    if (author !== user.id) throw new HttpError(403, 'Permission denied');
    messages.edit(room, id, data, sig);
    if (files.length > 0) call.ctx.files.own(room, user, id, files);
  });
  return json(200, {});
}

function remove(call: Call): SogsResponse {
  const room = roomParam(call);
  const user = requireUser(call);
  const { store: s, messages } = call.ctx;
  if (!s.check(room, user, 'write')) throw new HttpError(403);
  const id = intPath(call.params[1]);
  s.tx(() => {
    const author = messages.author(room, id);
    if (author === undefined) throw new HttpError(404);
    if (author !== user.id && !s.check(room, user, 'moderator'))
      throw new HttpError(403, 'Permission denied');
    messages.tombstone(room, id);
  });
  return json(200, {});
}

/** pysogs `_check_reaction_request`: 1–12 code points, a live non-whisper message. */
function reactionTarget(call: Call, room: Room, reaction: string | undefined, allowNone: boolean): number {
  if (reaction === undefined) {
    if (!allowNone) throw new HttpError(400);
  } else {
    // pysogs counts Python code points (len(str)), not grapheme clusters.
    const n = Array.from(reaction).length;
    if (n < 1 || n > 12) throw new HttpError(400);
  }
  const id = intPath(call.params[1]);
  if (!call.ctx.messages.isRegular(room, id)) throw new HttpError(404, `No such post: ${id}`);
  return id;
}

function react(call: Call, add: boolean): SogsResponse {
  const room = roomParam(call);
  const user = requireUser(call);
  requireRead(call, room);
  const reaction = call.params[2];
  const { store: s, messages } = call.ctx;
  return s.tx(() => {
    const id = reactionTarget(call, room, reaction, false);
    if (add) {
      const added = messages.addReaction(room, user, id, reaction ?? '');
      return json(200, { added, seqno: messages.seqnoOf(id) });
    }
    const removed = messages.removeReactions(room, id, reaction, user) > 0;
    return json(200, { removed, seqno: messages.seqnoOf(id) });
  });
}

function clearReactions(call: Call): SogsResponse {
  const room = roomParam(call);
  requireMod(call, room);
  const { store: s, messages } = call.ctx;
  return s.tx(() => {
    const id = reactionTarget(call, room, call.params[2], true);
    const removed = messages.removeReactions(room, id, call.params[2], undefined);
    return json(200, { removed, seqno: messages.seqnoOf(id) });
  });
}

function reactors(call: Call): SogsResponse {
  const room = roomParam(call);
  requireRead(call, room);
  const id = reactionTarget(call, room, call.params[2], false);
  const raw = queryParam(call.req, 'limit');
  const limit = raw === undefined ? 0 : intParam(call.req, 'limit', 0, -Infinity, Infinity);
  return json(200, call.ctx.messages.reactors(id, call.params[2] ?? '', limit > 0 ? limit : undefined));
}

function deleteAllOf(call: Call): SogsResponse {
  const room = roomParam(call);
  const deleter = requireUser(call);
  const { store: s, messages } = call.ctx;
  const poster = s.user(call.params[1] ?? '');
  if (!poster) throw new HttpError(404);
  if (poster.id !== deleter.id && !s.check(room, deleter, 'moderator')) throw new HttpError(403);
  if (s.check(room, poster, 'admin') && !s.check(room, deleter, 'admin')) throw new HttpError(403);
  const n = s.tx(() => {
    const ids = messages.liveIdsOf(room, poster);
    for (const id of ids) messages.tombstone(room, id);
    call.ctx.files.expireOfUser(room, poster, room.image);
    return ids.length;
  });
  if (n === 0) throw new HttpError(404);
  return json(200, {});
}

export const messageRoutes: Route[] = [
  {
    method: 'GET',
    pattern: new RegExp(`^/room/${T}/messages/since/(\\d+)$`),
    handler: (c) =>
      fetch(c, (x) => ({
        kind: 'since',
        seqno: intPath(x.params[1]),
        reactionUpdates: (queryParam(x.req, 't') ?? '').includes('r'),
      })),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/room/${T}/messages/before/(\\d+)$`),
    handler: (c) => fetch(c, (x) => ({ kind: 'before', id: intPath(x.params[1]) })),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/room/${T}/messages/recent$`),
    handler: (c) => fetch(c, () => ({ kind: 'recent' })),
  },
  { method: 'GET', pattern: new RegExp(`^/room/${T}/message/(\\d+)$`), handler: single },
  { method: 'POST', pattern: new RegExp(`^/room/${T}/message$`), handler: post },
  { method: 'PUT', pattern: new RegExp(`^/room/${T}/message/(\\d+)$`), handler: edit },
  { method: 'DELETE', pattern: new RegExp(`^/room/${T}/message/(\\d+)$`), handler: remove },
  { method: 'PUT', pattern: new RegExp(`^/room/${T}/reaction/(\\d+)/(.+)$`), handler: (c) => react(c, true) },
  {
    method: 'DELETE',
    pattern: new RegExp(`^/room/${T}/reaction/(\\d+)/(.+)$`),
    handler: (c) => react(c, false),
  },
  {
    method: 'DELETE',
    pattern: new RegExp(`^/room/${T}/reactions/(\\d+)(?:/(.+))?$`),
    handler: clearReactions,
  },
  { method: 'GET', pattern: new RegExp(`^/room/${T}/reactors/(\\d+)/(.+)$`), handler: reactors },
  { method: 'DELETE', pattern: new RegExp(`^/room/${T}/all/${ANY_ID}$`), handler: deleteAllOf },
];
