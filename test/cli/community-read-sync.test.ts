/**
 * A community's read state across two computers of one account, as a user of the CLI sees it
 * (ConvoInfoVolatile `o`): Ann joins the lobby, restores her phrase on a second profile, Ben
 * posts; `community read` on the first computer prints and reads the posts, and the second
 * computer's `communities` then shows the room with nothing unread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startDevnet, type Devnet } from '../../devnet/index';
import { sodiumReady } from '../../src/crypto/sodium';
import { ok, runVeil, tempProfiles, veilOn } from './helpers';

const Created = z.object({ sessionId: z.string(), mnemonic: z.string() });
const Rooms = z.array(z.object({ room: z.string(), unread: z.number() }));

describe('community read state through the CLI, two computers of one account (devnet)', () => {
  let devnet: Devnet;
  const profiles = tempProfiles('veil-cli-room-read-');
  const as = veilOn(() => devnet);
  let ann1 = '';
  let ann2 = '';
  let ben = '';
  let url = '';

  /** The lobby's unread count on `profile` once a `receive --wait` polled, or `undefined`. */
  const unreadOn = async (profile: string): Promise<number | undefined> => {
    ok(await as(profile, 'receive', '--wait', '2', '--json'));
    const rooms = Rooms.parse(JSON.parse(ok(await as(profile, 'communities', '--json'))[0] ?? '[]'));
    return rooms.find((r) => r.room.toLowerCase() === 'lobby')?.unread;
  };
  const until = async (profile: string, want: number): Promise<number | undefined> => {
    let last: number | undefined;
    for (let i = 0; i < 8 && last !== want; i++) last = await unreadOn(profile);
    return last;
  };

  beforeAll(async () => {
    await sodiumReady();
    devnet = await startDevnet({ nodes: 12 });
    url = devnet.community.joinUrl;
    ann1 = profiles.make();
    ann2 = profiles.make();
    ben = profiles.make();
    const ann = Created.parse(
      JSON.parse(ok(await as(ann1, 'account', 'create', '--name', 'Ann', '--json'))[0] ?? ''),
    );
    ok(await as(ben, 'account', 'create', '--name', 'Ben', '--json'));
    ok(await as(ann1, 'community', 'join', url, '--json'));
    ok(await as(ben, 'community', 'join', url, '--json'));
    const restore = ['--profile', ann2, '--network', devnet.seedUrl, 'account', 'restore', '--json'];
    ok(await runVeil(restore, `${ann.mnemonic}\n`));
  }, 180_000);
  afterAll(async () => {
    await devnet.stop();
    profiles.removeAll();
  });

  it('posts read on one computer are read on the other', async () => {
    // The second computer gets the room through UserGroups, nothing unread in it yet.
    expect(await until(ann2, 0)).toBe(0);
    ok(await as(ben, 'community', 'send', url, 'one'));
    ok(await as(ben, 'community', 'send', url, 'two'));
    expect(await until(ann2, 2)).toBe(2);
    const printed = ok(await as(ann1, 'community', 'read', url, '--json'));
    expect(printed.map((l) => (JSON.parse(l) as { body: string }).body)).toEqual(['one', 'two']);
    expect(await until(ann2, 0)).toBe(0);
  }, 180_000);
});
