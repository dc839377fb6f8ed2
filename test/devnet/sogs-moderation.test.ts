/**
 * Moderation, community DMs, `/batch` and `/sequence`, and seeding a large room on the devnet
 * community server, answered as session-pysogs does (`routes/users.py`, `routes/dm.py`,
 * `routes/general.py`).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fromBase64, fromHex, toBase64, utf8 } from '../../src/crypto/bytes';
import { sodium } from '../../src/crypto/sodium';
import { handleSogsControl } from '../../devnet/sogs/control-routes';
import { SogsUser, useSogs } from './sogs-helpers';

const env = useSogs();

async function control(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const r = await handleSogsControl(env().sogs, 'POST', path, body);
  if (!r) throw new Error('not a sogs control path');
  return r;
}

describe('bans', () => {
  it('a moderator bans and unbans in a room: the banned user cannot read or post, others are unaffected', async () => {
    await control('/sogs/rooms', { token: 'banroom', name: 'Ban room' });
    const { server } = env();
    const [mod, bad, other] = [new SogsUser(server), new SogsUser(server), new SogsUser(server)];
    await control('/sogs/rooms/banroom/moderators', { sessionId: mod.id });
    expect((await bad.post('banroom', 'before')).status).toBe(201);
    // Non-moderators cannot ban: 403; without auth: 401.
    expect((await other.call('POST', `/user/${bad.id}/ban`, { json: { rooms: ['banroom'] } })).status).toBe(
      403,
    );
    expect(
      (await other.call('POST', `/user/${bad.id}/ban`, { json: { rooms: ['banroom'] }, unsigned: true }))
        .status,
    ).toBe(401);
    const ban = await mod.call('POST', `/user/${bad.id}/ban`, { json: { rooms: ['banroom'] } });
    expect([ban.status, ban.json]).toEqual([200, {}]);
    expect((await bad.post('banroom', 'after')).status).toBe(403);
    expect((await bad.call('GET', '/room/banroom/messages/recent')).status).toBe(403);
    // pysogs `accessible_required`: to a banned user the room does not exist.
    expect((await bad.call('GET', '/room/banroom')).status).toBe(404);
    expect((await bad.post('lobby', 'elsewhere is fine')).status).toBe(201);
    expect((await other.post('banroom', 'still here')).status).toBe(201);
    // Bad requests: neither rooms nor global, both, unknown room.
    expect((await mod.call('POST', `/user/${bad.id}/ban`, { json: {} })).status).toBe(400);
    expect(
      (await mod.call('POST', `/user/${bad.id}/ban`, { json: { rooms: ['banroom'], global: true } })).status,
    ).toBe(400);
    expect((await mod.call('POST', `/user/${bad.id}/ban`, { json: { rooms: ['nosuch'] } })).status).toBe(404);
    expect((await mod.call('POST', `/user/${bad.id}/unban`, { json: { rooms: ['banroom'] } })).status).toBe(
      200,
    );
    expect((await bad.post('banroom', 'back')).status).toBe(201);
  });

  it('a timed ban lifts by itself', async () => {
    await control('/sogs/rooms', { token: 'timed', name: 'Timed' });
    const { server } = env();
    const [mod, bad] = [new SogsUser(server), new SogsUser(server)];
    await control('/sogs/rooms/timed/moderators', { sessionId: mod.id });
    await bad.call('GET', '/room/timed');
    expect(
      (await mod.call('POST', `/user/${bad.id}/ban`, { json: { rooms: ['timed'], timeout: 0.5 } })).status,
    ).toBe(200);
    expect((await bad.call('GET', '/room/timed/messages/recent')).status).toBe(403);
    await new Promise((r) => setTimeout(r, 700));
    expect((await bad.call('GET', '/room/timed/messages/recent')).status).toBe(200);
  });

  it('a global ban (global moderator) refuses every request with 403 Banned', async () => {
    const { server } = env();
    const [gmod, bad] = [new SogsUser(server), new SogsUser(server)];
    await control('/sogs/moderators', { sessionId: gmod.id });
    expect((await bad.call('GET', '/room/lobby')).status).toBe(200);
    expect((await gmod.call('POST', `/user/${bad.id}/ban`, { json: { global: true } })).status).toBe(200);
    const r = await bad.call('GET', '/capabilities');
    expect([r.status, r.text]).toEqual([403, 'Banned']);
    expect((await gmod.call('POST', `/user/${bad.id}/unban`, { json: { global: true } })).status).toBe(200);
    expect((await bad.call('GET', '/room/lobby')).status).toBe(200);
  });

  it('room admins appoint moderators with /user/<id>/moderator; moderators cannot', async () => {
    await control('/sogs/rooms', { token: 'modroom', name: 'Mods' });
    const { server } = env();
    const [admin, mod, user] = [new SogsUser(server), new SogsUser(server), new SogsUser(server)];
    await control('/sogs/rooms/modroom/moderators', { sessionId: admin.id, admin: true });
    const r = await admin.call('POST', `/user/${mod.id}/moderator`, {
      json: { rooms: ['modroom'], moderator: true },
    });
    expect(r.status).toBe(200);
    expect(
      z.object({ info_updates: z.record(z.string(), z.number()) }).parse(r.json).info_updates,
    ).toHaveProperty('modroom');
    expect(
      (
        await mod.call('POST', `/user/${user.id}/moderator`, {
          json: { rooms: ['modroom'], moderator: true },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await admin.call('POST', `/user/${user.id}/moderator`, {
          json: { rooms: ['modroom'], admin: true, moderator: false },
        })
      ).status,
    ).toBe(400);
    const info = await user.call('GET', '/room/modroom');
    expect(info.json).toMatchObject({ moderators: [mod.id], admins: [admin.id] });
    // The moderator deletes anyone's post.
    const p = z.object({ id: z.number() }).parse((await user.post('modroom', 'spam')).json);
    expect((await mod.call('DELETE', `/room/modroom/message/${p.id}`)).status).toBe(200);
    // Moderators cannot ban admins; deleting all of a user's posts works.
    expect((await mod.call('POST', `/user/${admin.id}/ban`, { json: { rooms: ['modroom'] } })).status).toBe(
      403,
    );
    await user.post('modroom', 'spam 2');
    expect((await mod.call('DELETE', `/room/modroom/all/${user.id}`)).status).toBe(200);
    expect(
      z.array(z.unknown()).parse((await user.call('GET', '/room/modroom/messages/recent')).json),
    ).toEqual([]);
  });
});

describe('community DMs', () => {
  it('two blinded IDs exchange inbox messages; since polls, 304, outbox, delete', async () => {
    const { server } = env();
    const [alice, bob] = [new SogsUser(server), new SogsUser(server, '25')];
    // Bob has never talked to the server: 404.
    expect(
      (await alice.call('POST', `/inbox/${bob.id}`, { json: { message: toBase64(utf8('hi')) } })).status,
    ).toBe(404);
    expect((await bob.call('GET', '/inbox')).json).toEqual([]);
    const sent = await alice.call('POST', `/inbox/${bob.id}`, {
      json: { message: toBase64(utf8('hi bob')) },
    });
    expect(sent.status).toBe(201);
    const meta = z
      .object({
        id: z.number(),
        posted_at: z.number(),
        expires_at: z.number(),
        sender: z.string(),
        recipient: z.string(),
      })
      .strict()
      .parse(sent.json);
    expect([meta.sender, meta.recipient]).toEqual([alice.id, bob.id]);
    expect(meta.expires_at - meta.posted_at).toBeCloseTo(15 * 86400, 3);
    const inbox = z
      .array(z.object({ id: z.number(), message: z.string(), sender: z.string() }))
      .parse((await bob.call('GET', '/inbox')).json);
    expect(inbox).toEqual([
      expect.objectContaining({ id: meta.id, message: toBase64(utf8('hi bob')), sender: alice.id }),
    ]);
    const none = await bob.call('GET', `/inbox/since/${meta.id}`);
    expect([none.status, none.body.length]).toEqual([304, 0]);
    expect(z.array(z.unknown()).parse((await bob.call('GET', '/inbox/since/0')).json)).toHaveLength(1);
    expect(
      z.array(z.object({ recipient: z.string() })).parse((await alice.call('GET', '/outbox')).json)[0]
        ?.recipient,
    ).toBe(bob.id);
    expect((await alice.call('GET', `/outbox/since/${meta.id}`)).status).toBe(304);
    expect((await alice.call('POST', `/inbox/${bob.id}`, { json: {} })).status).toBe(400);
    expect((await bob.call('DELETE', '/inbox')).json).toEqual({ deleted: 1 });
    expect((await bob.call('GET', '/inbox', { unsigned: true })).status).toBe(401);
  });
});

describe('batch and sequence', () => {
  it('runs subrequests as the outer user; JSON bodies parsed, others base64; sequence stops at the first failure', async () => {
    const { server } = env();
    const u = new SogsUser(server);
    const data = utf8('batched');
    const b = await u.call('POST', '/batch', {
      json: [
        { method: 'GET', path: '/capabilities' },
        {
          method: 'POST',
          path: '/room/lobby/message',
          json: { data: toBase64(data), signature: toBase64(u.sign(data)) },
        },
        { method: 'GET', path: '/room/nosuch' },
        { method: 'GET', path: '/room/lobby/messages/recent?limit=1' },
      ],
    });
    expect(b.status).toBe(200);
    const list = z
      .array(z.object({ code: z.number(), headers: z.record(z.string(), z.string()), body: z.unknown() }))
      .parse(b.json);
    expect(list.map((x) => x.code)).toEqual([200, 201, 404, 200]);
    expect(list[0]?.body).toEqual({ capabilities: ['blind', 'reactions', 'sogs'] });
    expect(list[1]?.body).toMatchObject({ session_id: u.id });
    expect(typeof list[2]?.body).toBe('string'); // the text/plain error, base64
    expect(list[3]?.body).toEqual([expect.objectContaining({ session_id: u.id, data: toBase64(data) })]);
    const s = await u.call('POST', '/sequence', {
      json: [
        { method: 'GET', path: '/room/lobby' },
        { method: 'GET', path: '/room/nosuch' },
        { method: 'GET', path: '/capabilities' },
      ],
    });
    expect(
      z
        .array(z.object({ code: z.number() }))
        .parse(s.json)
        .map((x) => x.code),
    ).toEqual([200, 404]);
    // A malformed subrequest fails the whole batch.
    expect((await u.call('POST', '/batch', { json: [{ method: 'GET' }] })).status).toBe(400);
    expect(
      (await u.call('POST', '/batch', { json: [{ method: 'POST', path: '/room/lobby/message' }] })).status,
    ).toBe(400);
    expect((await u.call('POST', '/batch', { json: { not: 'a list' } })).status).toBe(400);
  });
});

describe('large room', () => {
  it('the control API seeds 10 000 signed posts; the newest page and paging back answer', async () => {
    await control('/sogs/rooms', { token: 'big', name: 'Big room' });
    const r = await control('/sogs/rooms/big/seed', { count: 10_000 });
    expect(r.status).toBe(200);
    const seeded = z
      .object({ count: z.number(), first: z.number(), last: z.number(), messageSequence: z.number() })
      .parse(r.body);
    expect(seeded.messageSequence).toBe(10_000);
    const { server } = env();
    const u = new SogsUser(server);
    const recent = z
      .array(z.object({ id: z.number(), data: z.string(), signature: z.string() }))
      .parse((await u.call('GET', '/room/big/messages/recent')).json);
    expect(recent).toHaveLength(100);
    expect(recent[0]?.id).toBe(seeded.last);
    // Each seeded post verifies against its author's 15 key, as receivers check it.
    const top = recent[0];
    const author = z.object({ author: z.string() }).parse(r.body).author;
    expect(
      sodium().crypto_sign_verify_detached(
        fromBase64(top?.signature ?? ''),
        fromBase64(top?.data ?? ''),
        fromHex(author.slice(2)),
      ),
    ).toBe(true);
    const older = z
      .array(z.object({ id: z.number() }))
      .parse((await u.call('GET', `/room/big/messages/before/${recent[99]?.id ?? 0}?limit=256`)).json);
    expect(older).toHaveLength(256);
    expect(older[0]?.id).toBe((recent[99]?.id ?? 0) - 1);
    expect((await control('/sogs/rooms/big/seed', { count: 0 })).status).toBe(400);
  }, 60_000);
});
