/**
 * Issue #19 from the command line, on a real devnet with its community server: Ann and Ben join
 * the `lobby` by its URL, post, read each other's posts under their 15-blinded IDs, react, and
 * exchange a community DM (received as a message request, printed by `receive --json`). Bad URLs,
 * keys and IDs exit 2 with one line; a forged post on the server is never shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startDevnet, type Devnet } from '../../devnet/index';
import { sodiumReady } from '../../src/crypto/sodium';
import { failsWith, ok, runVeil, tempProfiles, veilOn } from './helpers';

const Joined = z.object({
  room: z.string(),
  name: z.string(),
  blindedId: z.string().regex(/^15[0-9a-f]{64}$/),
});
const Post = z.object({ id: z.number(), from: z.string(), body: z.string(), sentAt: z.number() });
const Blinded = z.object({ blind15: z.string(), blind25: z.string() });

describe('communities through the CLI (devnet)', () => {
  let devnet: Devnet;
  const profiles = tempProfiles('veil-cli-community-');
  let ann = '';
  let ben = '';
  let url = '';
  let annBlinded = '';
  let benBlinded = '';
  const as = veilOn(() => devnet);
  const read = async (profile: string, wait = 0) =>
    ok(await as(profile, 'community', 'read', url, '--wait', String(wait), '--json')).map((l) =>
      Post.parse(JSON.parse(l)),
    );
  /**
   * `community read --wait 3` until a post matches (at most 6 times, as long as one 20 s read
   * listened): every post printed, so a test still sees a post printed twice across the reads.
   */
  const readUntil = async (profile: string, match: (p: z.infer<typeof Post>) => boolean) => {
    const seen: z.infer<typeof Post>[] = [];
    for (let i = 0; i < 6 && !seen.some(match); i++) seen.push(...(await read(profile, 3)));
    return seen;
  };

  beforeAll(async () => {
    await sodiumReady();
    devnet = await startDevnet({ nodes: 12 });
    url = devnet.community.joinUrl;
    ann = profiles.make();
    ben = profiles.make();
    ok(await as(ann, 'account', 'create', '--name', 'Ann', '--json'));
    ok(await as(ben, 'account', 'create', '--name', 'Ben', '--json'));
  }, 120_000);
  afterAll(async () => {
    await devnet.stop();
    profiles.removeAll();
  });

  it('join prints {room, name, blindedId}; the ID is the profile’s own `id blinded`', async () => {
    const a = Joined.parse(JSON.parse(ok(await as(ann, 'community', 'join', url, '--json'))[0] ?? ''));
    const b = Joined.parse(JSON.parse(ok(await as(ben, 'community', 'join', url, '--json'))[0] ?? ''));
    expect(a.room).toBe('lobby');
    expect(a.blindedId).not.toBe(b.blindedId);
    annBlinded = a.blindedId;
    benBlinded = b.blindedId;
    const pk = new URL(url).searchParams.get('public_key') ?? '';
    const own = Blinded.parse(
      JSON.parse(
        ok(await runVeil(['--profile', ann, 'id', 'blinded', '--server-pubkey', pk, '--json']))[0] ?? '',
      ),
    );
    expect(own.blind15).toBe(annBlinded);
    expect(own.blind25).toMatch(/^25[0-9a-f]{64}$/);
    const list = z
      .array(z.object({ room: z.string(), joinUrl: z.string(), blindedId: z.string() }))
      .parse(JSON.parse(ok(await as(ann, 'communities', '--json'))[0] ?? ''));
    expect(list).toEqual([expect.objectContaining({ room: 'lobby', joinUrl: url, blindedId: annBlinded })]);
  }, 120_000);

  it('posts are read by the other profile under the poster’s blinded ID, each once', async () => {
    await read(ben); // whatever the room already had
    ok(await as(ann, 'community', 'send', url, 'Bonjour le lobby'));
    const seen = await readUntil(ben, (p) => p.body === 'Bonjour le lobby');
    expect(seen.filter((p) => p.body === 'Bonjour le lobby')).toEqual([
      expect.objectContaining({ from: annBlinded, body: 'Bonjour le lobby' }),
    ]);
    ok(await as(ben, 'community', 'send', url, 'Salut Ann'));
    const annSees = await readUntil(ann, (p) => p.body === 'Salut Ann');
    expect(annSees.find((p) => p.body === 'Salut Ann')?.from).toBe(benBlinded);
    // Printed once: a second read prints nothing old.
    expect((await read(ben)).filter((p) => p.body === 'Bonjour le lobby')).toEqual([]);

    // A reaction goes through the server and comes back in the other profile's poll.
    const post = annSees.find((p) => p.body === 'Salut Ann');
    ok(await as(ann, 'community', 'react', url, String(post?.id), '👍'));
    // Deleting someone else's post without being a moderator is refused (exit 2).
    const r = await as(ann, 'community', 'delete', url, String(post?.id));
    expect(r.code).toBe(2);
  }, 240_000);

  it('exchanges a community DM: received by `receive --json` with the blinded ID and the join URL', async () => {
    const sent = ok(await as(ann, 'send', benBlinded, 'Message privé', '--community', url, '--json'));
    expect(JSON.parse(sent[0] ?? '')).toMatchObject({ id: expect.any(Number) });
    // `receive --wait 3` until the DM shows (at most 6 times, more than the 15 s one receive
    // listened), every line kept: a second line for the DM in any of them still fails below.
    const lines: Record<string, unknown>[] = [];
    for (let i = 0; i < 6 && !lines.some((l) => l.body === 'Message privé'); i++)
      lines.push(
        ...ok(await as(ben, 'receive', '--wait', '3', '--json')).map(
          (l) => JSON.parse(l) as Record<string, unknown>,
        ),
      );
    expect(lines).toContainEqual(
      expect.objectContaining({ from: annBlinded, body: 'Message privé', community: url }),
    );
    // Printed once: the conversation the DM is mirrored into prints no second line.
    expect(lines.filter((l) => l.body === 'Message privé')).toHaveLength(1);
    const again = ok(await as(ben, 'receive', '--wait', '3', '--json'));
    expect(again.filter((l) => l.includes('Message privé'))).toEqual([]);
  }, 240_000);

  it('a room joined on one device reaches the account’s other device (UserGroups `o`), and leaving too', async () => {
    const carl = profiles.make();
    const created = z
      .object({ mnemonic: z.string() })
      .parse(JSON.parse(ok(await as(carl, 'account', 'create', '--name', 'Carl', '--json'))[0] ?? ''));
    ok(await as(carl, 'community', 'join', url, '--json'));
    const second = profiles.make();
    ok(
      await runVeil(
        ['--profile', second, '--network', devnet.seedUrl, 'account', 'restore', '--json'],
        `${created.mnemonic}\n`,
      ),
    );
    const rooms = async () =>
      z
        .array(z.object({ room: z.string() }))
        .parse(JSON.parse(ok(await as(second, 'communities', '--json'))[0] ?? ''));
    if ((await rooms()).length === 0) ok(await as(second, 'receive', '--wait', '5', '--json'));
    expect(await rooms()).toEqual([expect.objectContaining({ room: 'lobby' })]);
    // The second device reads the room at once.
    ok(await as(second, 'community', 'read', url, '--json'));
    ok(await as(carl, 'community', 'leave', url));
    ok(await as(second, 'receive', '--wait', '5', '--json'));
    expect(await rooms()).toEqual([]);
  }, 240_000);

  it('bad URLs, keys and IDs exit 2 with one line', async () => {
    const pk = new URL(url).searchParams.get('public_key') ?? '';
    const base = url.split('/lobby')[0] ?? '';
    failsWith(await as(ann, 'community', 'join', `${base}/lobby`), /public_key/);
    failsWith(await as(ann, 'community', 'join', `${base}/lobby?public_key=abc`), /public_key/);
    failsWith(await as(ann, 'community', 'join', `${base}/no%20room?public_key=${pk}`), /room/);
    failsWith(await as(ann, 'community', 'join', `${base}/nosuchroom?public_key=${pk}`), /unknown-room/);
    failsWith(await as(ann, 'community', 'send', `${base}/other?public_key=${pk}`, 'x'), /not-joined/);
    failsWith(await as(ann, 'send', '15zz', 'x', '--community', url), /blinded ID/);
    failsWith(await runVeil(['id', 'blinded', '--server-pubkey', 'zz', '--json']), /server-pubkey/);
    failsWith(
      await runVeil(['id', 'blinded', '--server-pubkey', pk, '--ed25519-seed', '12', '--json']),
      /ed25519-seed/,
    );
  }, 240_000);

  it('an unreachable server is its own error', async () => {
    const pk = new URL(url).searchParams.get('public_key') ?? '';
    const r = await as(
      ann,
      'community',
      'join',
      `http://127.0.0.1:9/lobby?public_key=${pk}`,
      '--timeout',
      '20',
    );
    expect(r.code).not.toBe(0);
    expect(r.err.join('\n')).toMatch(/unreachable/);
  }, 240_000);
});
