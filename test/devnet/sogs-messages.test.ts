/**
 * The devnet community server's room and message API answered as session-pysogs does
 * (`routes/messages.py`, `routes/rooms.py`, `model/room.py`): shapes, base64 fields, seqno
 * bookkeeping, deletions as tombstones, reactions, pins, uploads, permissions.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toBase64, utf8 } from '../../src/crypto/bytes';
import { SogsUser, httpCall, useSogs } from './sogs-helpers';

const env = useSogs();

const Msg = z.looseObject({
  id: z.number().int(),
  seqno: z.number().int(),
  session_id: z.string().optional(),
  posted: z.number().optional(),
  edited: z.number().optional(),
  data: z.string().nullable().optional(),
  signature: z.string().optional(),
  deleted: z.boolean().optional(),
  reactions: z.record(z.string(), z.looseObject({ index: z.number(), count: z.number() })).optional(),
});
const Msgs = z.array(Msg);

async function newRoom(token: string, opts: Record<string, unknown> = {}): Promise<void> {
  const { sogs } = env();
  const { handleSogsControl } = await import('../../devnet/sogs/control-routes');
  const r = await handleSogsControl(sogs, 'POST', '/sogs/rooms', { token, name: token, ...opts });
  expect(r?.status).toBe(200);
}

async function makeMod(room: string, u: SogsUser, admin = false): Promise<void> {
  const { sogs } = env();
  const { handleSogsControl } = await import('../../devnet/sogs/control-routes');
  const r = await handleSogsControl(sogs, 'POST', `/sogs/rooms/${room}/moderators`, {
    sessionId: u.id,
    admin,
  });
  expect(r?.status).toBe(200);
}

describe('room info', () => {
  it('GET /room/lobby has the pysogs fields', async () => {
    const { server } = env();
    const u = new SogsUser(server);
    await u.call('GET', '/room/lobby/messages/recent'); // becomes an active user
    const r = await u.call('GET', '/room/lobby');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.json).toMatchObject({
      token: 'lobby',
      name: 'Lobby',
      description: 'The devnet community',
      active_users_cutoff: 604800,
      moderators: [],
      admins: [],
      read: true,
      write: true,
      upload: true,
    });
    const info = z
      .object({
        info_updates: z.number(),
        message_sequence: z.number(),
        created: z.number(),
        active_users: z.number(),
      })
      .parse(r.json);
    expect(info.active_users).toBeGreaterThanOrEqual(1);
    expect(r.json).not.toHaveProperty('moderator');
    expect((await u.call('GET', '/room/nosuchroom')).status).toBe(404);
    // Anonymous reads are allowed by default (room defaults apply).
    expect((await httpCall(server.url, 'GET', '/room/lobby')).status).toBe(200);
  });

  it('pollInfo includes details only when info_updates changed', async () => {
    const { server } = env();
    const u = new SogsUser(server);
    const room = z.object({ info_updates: z.number() }).parse((await u.call('GET', '/room/lobby')).json);
    const same = await u.call('GET', `/room/lobby/pollInfo/${room.info_updates}`);
    expect(same.json).toMatchObject({ token: 'lobby', read: true, write: true, upload: true });
    expect(same.json).not.toHaveProperty('details');
    const stale = await u.call('GET', `/room/lobby/pollInfo/${room.info_updates + 100}`);
    expect(stale.json).toHaveProperty('details.token', 'lobby');
  });
});

describe('messages', () => {
  it('post → 201 with the message; since/recent/before/single; padding kept', async () => {
    await newRoom('msgs');
    const { server } = env();
    const u = new SogsUser(server);
    const padded = new Uint8Array([...utf8('hi'), 0x80, 0, 0, 0]);
    const sig = u.sign(padded);
    const p = await u.call('POST', '/room/msgs/message', {
      json: { data: toBase64(padded), signature: toBase64(sig) },
    });
    expect(p.status).toBe(201);
    const posted = Msg.parse(p.json);
    expect(posted).toMatchObject({
      session_id: u.id,
      data: toBase64(padded),
      signature: toBase64(sig),
      reactions: {},
    });
    for (let i = 2; i <= 4; i++) expect((await u.post('msgs', `m${i}`)).status).toBe(201);
    const since = Msgs.parse((await u.call('GET', '/room/msgs/messages/since/0')).json);
    expect(since.map((m) => m.seqno)).toEqual([1, 2, 3, 4]);
    expect(since[0]?.data).toBe(toBase64(padded));
    const recent = Msgs.parse((await u.call('GET', '/room/msgs/messages/recent?limit=2')).json);
    expect(recent.map((m) => m.id)).toEqual([since[3]?.id, since[2]?.id]);
    const before = Msgs.parse((await u.call('GET', `/room/msgs/messages/before/${since[2]?.id ?? 0}`)).json);
    expect(before.map((m) => m.id)).toEqual([since[1]?.id, since[0]?.id]);
    const one = await u.call('GET', `/room/msgs/message/${posted.id}`);
    expect(Msg.parse(one.json).id).toBe(posted.id);
    expect((await u.call('GET', '/room/msgs/message/999999')).status).toBe(404);
    expect(Msgs.parse((await u.call('GET', '/room/msgs/messages/since/4')).json)).toEqual([]);
  });

  it('invalid posts: no signature 400, short signature 400, no auth 401', async () => {
    const { server } = env();
    const u = new SogsUser(server);
    expect((await u.call('POST', '/room/lobby/message', { json: { data: 'AAAA' } })).status).toBe(400);
    expect(
      (await u.call('POST', '/room/lobby/message', { json: { data: 'AAAA', signature: 'AAAA' } })).status,
    ).toBe(400);
    expect((await u.call('POST', '/room/lobby/message', { json: {}, unsigned: true })).status).toBe(401);
  });

  it('more than 5 posts in 16 s is 429', async () => {
    await newRoom('busy');
    const { server } = env();
    const u = new SogsUser(server);
    for (let i = 0; i < 5; i++) expect((await u.post('busy', `p${i}`)).status).toBe(201);
    expect((await u.post('busy', 'one too many')).status).toBe(429);
  });

  it('deletion: own message yes, others 403, moderators any; since returns a tombstone', async () => {
    await newRoom('del');
    const { server } = env();
    const [a, b, mod] = [new SogsUser(server), new SogsUser(server), new SogsUser(server)];
    await makeMod('del', mod);
    const m1 = Msg.parse((await a.post('del', 'a1')).json);
    const m2 = Msg.parse((await a.post('del', 'a2')).json);
    expect((await b.call('DELETE', `/room/del/message/${m1.id}`)).status).toBe(403);
    const own = await a.call('DELETE', `/room/del/message/${m1.id}`);
    expect([own.status, own.json]).toEqual([200, {}]);
    expect((await a.call('DELETE', `/room/del/message/${m1.id}`)).status).toBe(404);
    expect((await mod.call('DELETE', `/room/del/message/${m2.id}`)).status).toBe(200);
    const since = Msgs.parse((await b.call('GET', '/room/del/messages/since/2')).json);
    expect(since.map((m) => [m.id, m.data, m.deleted, m.signature])).toEqual([
      [m1.id, null, true, undefined],
      [m2.id, null, true, undefined],
    ]);
    expect(since[0]).not.toHaveProperty('reactions');
    // Clients that never saw them get no tombstones; recent omits deleted posts.
    expect(Msgs.parse((await b.call('GET', '/room/del/messages/since/0')).json).map((m) => m.id)).toEqual([]);
    expect(Msgs.parse((await b.call('GET', '/room/del/messages/recent')).json)).toEqual([]);
  });

  it('edits bump seqno and set `edited`', async () => {
    const { server } = env();
    const u = new SogsUser(server);
    const m = Msg.parse((await u.post('lobby', 'before')).json);
    const data = utf8('after');
    const r = await u.call('PUT', `/room/lobby/message/${m.id}`, {
      json: { data: toBase64(data), signature: toBase64(u.sign(data)) },
    });
    expect([r.status, r.json]).toEqual([200, {}]);
    const got = Msg.parse((await u.call('GET', `/room/lobby/message/${m.id}`)).json);
    expect(got.data).toBe(toBase64(data));
    expect(got.seqno).toBeGreaterThan(m.seqno);
    expect(typeof got.edited).toBe('number');
    expect(
      (
        await new SogsUser(server).call('PUT', `/room/lobby/message/${m.id}`, {
          json: { data: toBase64(data), signature: toBase64(u.sign(data)) },
        })
      ).status,
    ).toBe(403);
  });
});

describe('whispers', () => {
  it('only moderators whisper; the target and moderators see it, others do not', async () => {
    await newRoom('whisper');
    const { server } = env();
    const [mod, target, other] = [new SogsUser(server), new SogsUser(server), new SogsUser(server)];
    await makeMod('whisper', mod);
    expect((await other.post('whisper', 'psst', { whisper_to: target.id })).status).toBe(403);
    expect((await mod.post('whisper', 'psst', { whisper_to: 'not an id' })).status).toBe(400);
    const w = await mod.post('whisper', 'psst', { whisper_to: target.id });
    expect(w.status).toBe(201);
    expect(w.json).toMatchObject({ whisper: true, whisper_mods: false, whisper_to: target.id });
    const seen = Msgs.parse((await target.call('GET', '/room/whisper/messages/recent')).json);
    expect(seen[0]).toMatchObject({ whisper: true, whisper_to: target.id });
    expect(Msgs.parse((await other.call('GET', '/room/whisper/messages/recent')).json)).toEqual([]);
  });
});

describe('reactions', () => {
  it('PUT/DELETE, the reactions map with index/count/reactors/you, reaction-only since updates, reactors list', async () => {
    await newRoom('react');
    const { server } = env();
    const [a, b, mod] = [new SogsUser(server), new SogsUser(server), new SogsUser(server)];
    await makeMod('react', mod);
    const m = Msg.parse((await a.post('react', 'react to me')).json);
    const put = await a.call('PUT', `/room/react/reaction/${m.id}/👍`, { json: {} });
    expect(put.json).toEqual({ added: true, seqno: m.seqno + 1 });
    expect((await a.call('PUT', `/room/react/reaction/${m.id}/👍`, { json: {} })).json).toEqual({
      added: false,
      seqno: m.seqno + 1,
    });
    await b.call('PUT', `/room/react/reaction/${m.id}/👍`, { json: {} });
    await b.call('PUT', `/room/react/reaction/${m.id}/🎉`, { json: {} });
    const seen = Msg.parse((await a.call('GET', `/room/react/message/${m.id}?reactors=1`)).json);
    expect(seen.reactions).toEqual({
      '👍': { index: 0, count: 2, reactors: [a.id], you: true },
      '🎉': { index: 1, count: 1, reactors: [b.id] },
    });
    const noReactors = Msg.parse((await a.call('GET', `/room/react/message/${m.id}?reactors=0`)).json);
    expect(noReactors.reactions?.['👍']).toEqual({ index: 0, count: 2, you: true });
    // Reaction-only updates come with t=r as {id, seqno, reactions}; without it they are hidden.
    const upd = Msgs.parse((await a.call('GET', `/room/react/messages/since/${m.seqno}?t=r`)).json);
    expect(upd).toHaveLength(1);
    expect(Object.keys(upd[0] ?? {}).sort()).toEqual(['id', 'reactions', 'seqno']);
    expect(Msgs.parse((await a.call('GET', `/room/react/messages/since/${m.seqno}`)).json)).toEqual([]);
    const reactors = await a.call('GET', `/room/react/reactors/${m.id}/👍`);
    expect(
      z
        .array(z.tuple([z.string(), z.number()]))
        .parse(reactors.json)
        .map((x) => x[0]),
    ).toEqual([a.id, b.id]);
    expect((await b.call('DELETE', `/room/react/reaction/${m.id}/🎉`)).json).toMatchObject({ removed: true });
    expect((await b.call('DELETE', `/room/react/reaction/${m.id}/🎉`)).json).toMatchObject({
      removed: false,
    });
    // Moderators clear reactions; others are 403; bad reactions 400; unknown posts 404.
    expect((await a.call('DELETE', `/room/react/reactions/${m.id}`)).status).toBe(403);
    expect((await mod.call('DELETE', `/room/react/reactions/${m.id}/👍`)).json).toMatchObject({ removed: 2 });
    expect((await a.call('PUT', `/room/react/reaction/${m.id}/${'x'.repeat(13)}`, { json: {} })).status).toBe(
      400,
    );
    expect((await a.call('PUT', '/room/react/reaction/999999/👍', { json: {} })).status).toBe(404);
    expect(
      (await a.call('PUT', `/room/react/reaction/${m.id}/👍`, { json: {}, unsigned: true })).status,
    ).toBe(401);
  });
});

describe('pins and uploads', () => {
  it('admins pin (info_updates bumps, pinned_messages listed); others 403', async () => {
    await newRoom('pins');
    const { server } = env();
    const [admin, user] = [new SogsUser(server), new SogsUser(server)];
    await makeMod('pins', admin, true);
    const m = Msg.parse((await user.post('pins', 'pin me')).json);
    expect((await user.call('POST', `/room/pins/pin/${m.id}`, { json: {} })).status).toBe(403);
    const pinned = await admin.call('POST', `/room/pins/pin/${m.id}`, { json: {} });
    expect(pinned.status).toBe(200);
    const info = z
      .object({
        pinned_messages: z.array(z.object({ id: z.number(), pinned_at: z.number(), pinned_by: z.string() })),
      })
      .parse((await user.call('GET', '/room/pins')).json);
    expect(info.pinned_messages).toEqual([expect.objectContaining({ id: m.id, pinned_by: admin.id })]);
    expect((await admin.call('POST', `/room/pins/unpin/${m.id}`, { json: {} })).json).toMatchObject({
      unpinned: true,
    });
    expect((await admin.call('POST', '/room/pins/unpin/all', { json: {} })).json).toMatchObject({
      unpinned: 0,
    });
    expect((await admin.call('POST', '/room/pins/pin/999999', { json: {} })).status).toBe(404);
  });

  it('upload → 201 {id}; download with filename; room image by an admin; 404 elsewhere', async () => {
    await newRoom('files');
    const { server } = env();
    const [admin, user] = [new SogsUser(server), new SogsUser(server)];
    await makeMod('files', admin, true);
    const content = new Uint8Array(3000).map((_, i) => i % 251);
    const up = await user.call('POST', '/room/files/file', {
      body: content,
      headers: {
        'Content-Disposition': "attachment; filename*=UTF-8''my%20%F0%9F%8E%82.txt",
        'Content-Type': 'application/octet-stream',
      },
    });
    expect(up.status).toBe(201);
    const { id } = z.object({ id: z.number() }).parse(up.json);
    const down = await user.call('GET', `/room/files/file/${id}`);
    expect(down.status).toBe(200);
    expect(down.headers['content-type']).toBe('application/octet-stream');
    expect(down.headers['content-disposition']).toBe("attachment; filename*=UTF-8''my%20%F0%9F%8E%82.txt");
    expect(Buffer.compare(down.body, Buffer.from(content))).toBe(0);
    expect((await user.call('GET', `/room/lobby/file/${id}`)).status).toBe(404);
    expect((await user.call('PUT', '/room/files', { json: { image: id } })).status).toBe(403);
    expect((await admin.call('PUT', '/room/files', { json: { image: 424242 } })).status).toBe(406);
    expect((await admin.call('PUT', '/room/files', { json: { image: id, name: 'Files!' } })).status).toBe(
      200,
    );
    expect((await user.call('GET', '/room/files')).json).toMatchObject({ image_id: id, name: 'Files!' });
    // Attachments are owned by the post that lists them.
    const up2 = z
      .object({ id: z.number() })
      .parse((await user.call('POST', '/room/files/file', { body: content })).json);
    expect((await user.post('files', 'with file', { files: [up2.id] })).status).toBe(201);
  });

  it('room permissions: read-only room refuses posts and uploads (403) but serves reads', async () => {
    await newRoom('readonly', { write: false });
    const { server } = env();
    const u = new SogsUser(server);
    expect((await u.call('GET', '/room/readonly')).json).toMatchObject({
      read: true,
      write: false,
      upload: false,
    });
    expect((await u.post('readonly', 'nope')).status).toBe(403);
    expect((await u.call('POST', '/room/readonly/file', { body: utf8('x') })).status).toBe(403);
    expect((await u.call('GET', '/room/readonly/messages/recent')).status).toBe(200);
    await newRoom('hidden', { read: false, accessible: false });
    expect((await u.call('GET', '/room/hidden')).status).toBe(404);
    expect((await u.call('GET', '/room/hidden/messages/recent')).status).toBe(403);
    const tokens = z
      .array(z.object({ token: z.string() }))
      .parse((await u.call('GET', '/rooms')).json)
      .map((r) => r.token);
    expect(tokens).not.toContain('hidden');
  });
});
