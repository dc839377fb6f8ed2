/**
 * Issue #18 leftovers on a real devnet, three profiles and a second computer of Ben:
 * - members' names come from the group's Members config (Ann, the admin, writes what Ben's and
 *   Cat's invitation responses say of them), so Ben sees Cat's name though she is no contact;
 * - the group's picture (Info `p`/`q`) set by Ann is downloaded, decrypted and cached by Ben's
 *   two computers, and goes away on both when Ann removes it;
 * - the group's read state (ConvoInfoVolatile `g`): Ben reads the group on one computer, and the
 *   unread count clears on the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startDevnet, type Devnet } from '../../devnet/index';
import type { SessionId } from '../../src/crypto/keys';
import { openCliSession, type CliSession } from '../../src/main/cli/core-session';
import { testPng } from '../main/files/images';
import { Member, Invite } from './group-lines';
import { cliCast, runVeil, tempProfiles } from './helpers';
import { en } from '../../src/shared/i18n/en';

type Who = 'ann' | 'ben' | 'cat' | 'ben2';

describe('group pictures, members’ names and read state (devnet)', () => {
  let devnet: Devnet;
  const profiles = tempProfiles('veil-cli-group-media-');
  const dirs: Record<Who, string> = { ann: '', ben: '', cat: '', ben2: '' };
  const ids = { ann: '', ben: '', cat: '' };
  let benPhrase = '';
  let groupId = '';
  const { as, receive, create } = cliCast(dirs, () => devnet);
  const membersOf = async (who: Who) => {
    const r = await as(who, 'group', 'members', groupId, '--json');
    expect(r.code, r.err.join('\n')).toBe(0);
    return z.array(Member).parse(JSON.parse(r.out[0] ?? ''));
  };
  /** Opens `who`'s profile in this process for what the CLI does not print. */
  async function inSession<T>(who: Who, work: (s: CliSession) => Promise<T>): Promise<T> {
    const s = await openCliSession(en, dirs[who], devnet.seedUrl);
    try {
      return await work(s);
    } finally {
      await s.close();
    }
  }
  /** The group's picture as `who`'s windows would get it, after a poll and its download. */
  const pictureOf = (who: Who) =>
    inSession(who, async ({ core, session }) => {
      // Ben's second computer learns of the group from UserGroups first.
      await session.configSync.syncOnce();
      await session.groups.pollAll();
      core.avatars.get(groupId as SessionId); // the window's first ask reads the Info config
      await core.avatars.idle();
      return core.avatars.get(groupId as SessionId);
    });
  async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
    let last: T | undefined;
    for (let i = 0; i < 8; i++) {
      last = await get();
      if (ok(last)) return last;
    }
    throw new Error(`${what}: ${JSON.stringify(last)}`);
  }

  beforeAll(async () => {
    devnet = await startDevnet({ nodes: 12 });
    for (const who of ['ann', 'ben', 'cat'] as const) {
      const created = await create(who, profiles);
      ids[who] = created.sessionId;
      if (who === 'ben') benPhrase = created.mnemonic;
    }
    dirs.ben2 = profiles.make();
    const restored = await runVeil(
      ['--profile', dirs.ben2, '--network', devnet.seedUrl, 'account', 'restore', '--json'],
      `${benPhrase}\n`,
    );
    expect(restored.code, restored.err.join('\n')).toBe(0);
  }, 180_000);
  afterAll(async () => {
    profiles.removeAll();
    await devnet.stop();
  });

  it('names members from the Members config, contacts or not', async () => {
    const r = await as(
      'ann',
      'group',
      'create',
      '--name',
      'Photo club',
      '--member',
      ids.ben,
      '--member',
      ids.cat,
      '--json',
    );
    expect(r.code, r.err.join('\n')).toBe(0);
    groupId = (JSON.parse(r.out[0] ?? '') as { groupId: string }).groupId;
    for (const who of ['ben', 'cat'] as const) {
      await until(
        'invitation',
        () => receive(who),
        (lines) => lines.some((l) => Invite.safeParse(l).success),
      );
      const accepted = await as(who, 'group', 'accept', groupId);
      expect(accepted.code, accepted.err.join('\n')).toBe(0);
    }
    // Ann reads both acceptances (each carries its sender's profile) and writes the names.
    const named = (list: z.infer<typeof Member>[]) =>
      list.find((m) => m.sessionId === ids.ben)?.name === 'BEN' &&
      list.find((m) => m.sessionId === ids.cat)?.name === 'CAT';
    await until(
      'Ann names her members',
      async () => {
        await receive('ann');
        return membersOf('ann');
      },
      named,
    );
    // Ben never talked with Cat: her name is the group's, as is Ann's.
    const benSees = await until(
      'Ben sees the names',
      async () => {
        await receive('ben');
        return membersOf('ben');
      },
      named,
    );
    expect(benSees.find((m) => m.sessionId === ids.ann)).toMatchObject({ name: 'ANN', admin: true });
    // Ann marked both acceptances in Members too (desktop's memberSetAccepted): Ben, who reads
    // statuses from the config only, no longer sees Cat as merely invited.
    const accepted = (list: z.infer<typeof Member>[]) =>
      list.filter((m) => m.status === 'accepted').length === 3;
    await until(
      'Ben sees everyone accepted',
      async () => {
        await receive('ben');
        return membersOf('ben');
      },
      accepted,
    );
  }, 360_000);

  it('shows the group’s picture on both of Ben’s computers, and removes it there', async () => {
    const image = testPng(64, 3);
    await inSession('ann', async ({ session }) => {
      await session.groups.admin.setPicture(groupId, image);
    });
    const expected = `data:image/png;base64,${Buffer.from(image).toString('base64')}`;
    expect(
      await until(
        'Ben’s picture',
        () => pictureOf('ben'),
        (p) => p !== null,
      ),
    ).toBe(expected);
    // Ben's second computer gets the group from UserGroups, then its Info from the group swarm.
    expect(
      await until(
        'Ben2’s picture',
        () => pictureOf('ben2'),
        (p) => p !== null,
      ),
    ).toBe(expected);

    await inSession('ann', async ({ session }) => {
      await session.groups.admin.setPicture(groupId, null);
    });
    expect(
      await until(
        'Ben’s picture gone',
        () => pictureOf('ben'),
        (p) => p === null,
      ),
    ).toBeNull();
    expect(
      await until(
        'Ben2’s picture gone',
        () => pictureOf('ben2'),
        (p) => p === null,
      ),
    ).toBeNull();
  }, 360_000);

  it('clears the unread badge on Ben’s other computer once he read the group', async () => {
    const unreadOf = (who: Who) =>
      inSession(who, async ({ session }) => {
        await session.configSync.syncOnce();
        await session.groups.pollAll();
        await session.configSync.syncOnce();
        return session.db.conversations.getConversation(groupId as SessionId)?.unreadCount ?? -1;
      });
    expect((await as('ann', 'send', groupId, 'new photos are up')).code).toBe(0);
    await until(
      'Ben has it unread',
      () => unreadOf('ben'),
      (n) => n > 0,
    );
    await until(
      'Ben2 has it unread',
      () => unreadOf('ben2'),
      (n) => n > 0,
    );

    await inSession('ben', ({ session }) => {
      session.messaging.markRead(groupId as SessionId);
      return Promise.resolve();
    });
    expect(
      await until(
        'Ben2 read it',
        () => unreadOf('ben2'),
        (n) => n === 0,
      ),
    ).toBe(0);
    // Still read on the first computer (the merge did not undo it).
    expect(await unreadOf('ben')).toBe(0);
  }, 360_000);
});
