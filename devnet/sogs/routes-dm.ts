/**
 * Community DMs (session-pysogs `sogs/routes/dm.py`, `sogs/model/message.py`): a blinded user's
 * inbox and outbox. Messages are opaque to the server and expire after 15 days (DM_EXPIRY).
 * `/inbox/since/<id>` and `/outbox/since/<id>` answer 304 with an empty body when nothing is new.
 */
import { z } from 'zod';
import { requireBlindUser, requireUser, type Call, type Route } from './context';
import { HttpError, decodeB64, intParam, json, jsonObject, type SogsResponse } from './http';

export const DM_EXPIRY_S = 15 * 86400;

const Row = z.object({
  id: z.number().int(),
  posted_at: z.number(),
  expiry: z.number(),
  sender: z.string(),
  recipient: z.string(),
  body: z.instanceof(Uint8Array),
});

function box(call: Call, out: boolean, since: number | undefined): SogsResponse {
  const user = requireBlindUser(call);
  const limit = intParam(call.req, 'limit', 100, 1, 256);
  const s = call.ctx.store;
  const rows = s
    .sql(
      `SELECT i.id, i.posted_at, i.expiry, us.session_id AS sender, ur.session_id AS recipient, i.body
         FROM inbox i JOIN users us ON us.id = i.sender JOIN users ur ON ur.id = i.recipient
         WHERE ${out ? 'i.sender' : 'i.recipient'} = ? AND i.expiry > ? ${since ? 'AND i.id > ?' : ''}
         ORDER BY i.id LIMIT ?`,
    )
    .all(...[user.id, s.now(), ...(since ? [since] : []), limit])
    .map((r) => Row.parse(r));
  // pysogs: `since` given (even 0) and nothing new → 304.
  if (rows.length === 0 && since !== undefined) return { code: 304, headers: {}, body: new Uint8Array(0) };
  return json(
    200,
    rows.map((r) => ({
      id: r.id,
      posted_at: r.posted_at,
      expires_at: r.expiry,
      sender: r.sender,
      recipient: r.recipient,
      message: r.body,
    })),
  );
}

function send(call: Call): SogsResponse {
  const sender = requireUser(call);
  const s = call.ctx.store;
  const recipient = s.user(call.params[0] ?? '');
  if (!recipient || recipient.banned === 1) throw new HttpError(404);
  const body = jsonObject(call.req);
  if (body.message === undefined || body.message === null) throw new HttpError(400);
  const data = decodeB64(body.message);
  const now = s.now();
  const r = s
    .sql('INSERT INTO inbox (recipient, sender, body, posted_at, expiry) VALUES (?, ?, ?, ?, ?)')
    .run(recipient.id, sender.id, Buffer.from(data), now, now + DM_EXPIRY_S);
  return json(201, {
    id: Number(r.lastInsertRowid),
    posted_at: now,
    expires_at: now + DM_EXPIRY_S,
    sender: sender.session_id,
    recipient: recipient.session_id,
  });
}

function clear(call: Call): SogsResponse {
  const user = requireBlindUser(call);
  const n = call.ctx.store.sql('DELETE FROM inbox WHERE recipient = ?').run(user.id).changes;
  return json(200, { deleted: n });
}

const sinceId = (c: Call): number => Number(c.params[0]);

export const dmRoutes: Route[] = [
  { method: 'GET', pattern: /^\/inbox$/, handler: (c) => box(c, false, undefined) },
  { method: 'GET', pattern: /^\/inbox\/since\/(\d+)$/, handler: (c) => box(c, false, sinceId(c)) },
  { method: 'GET', pattern: /^\/outbox$/, handler: (c) => box(c, true, undefined) },
  { method: 'GET', pattern: /^\/outbox\/since\/(\d+)$/, handler: (c) => box(c, true, sinceId(c)) },
  { method: 'POST', pattern: /^\/inbox\/([12]5[0-9a-fA-F]{64})$/, handler: send },
  { method: 'DELETE', pattern: /^\/inbox$/, handler: clear },
];
