/**
 * Issue #18 item 7 on a real devnet, three profiles through the CLI: Ann creates a group with
 * Ben and Cat; Ben receives the invitation, accepts and chats both ways with Ann (replies, files,
 * reactions, delete for everyone, a message queued before a crash); Cat declines; Ben leaves;
 * mistakes exit 2 with one line.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCliSession } from '../../src/main/cli/core-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startDevnet, type Devnet } from '../../devnet/index';
import { GroupLine, Member, Invite, Said } from './group-lines';
import { cliCast, runVeil, tempProfiles } from './helpers';
import { en } from '../../src/shared/i18n/en';

const Created = z.object({ groupId: z.string().regex(/^03[0-9a-f]{64}$/) }).strict();

describe('veil group (three profiles on devnet)', () => {
  let devnet: Devnet;
  const profiles = tempProfiles('veil-cli-groups-');
  const dirs = { ann: '', ben: '', cat: '', ann2: '' };
  const ids = { ann: '', ben: '', cat: '' };
  let annPhrase = '';
  let groupId = '';
  /** Ann's "welcome, Ben" as Ben stored it (his message id for it). */
  let welcomeOnBen = '';
  const files = mkdtempSync(join(tmpdir(), 'veil-group-files-'));
  const { as, receiveUntil, create } = cliCast(dirs, () => devnet);

  const groupsOf = async (who: keyof typeof dirs) => {
    const r = await as(who, 'groups', '--json');
    expect(r.code, r.err.join('\n')).toBe(0);
    return z.array(GroupLine).parse(JSON.parse(r.out[0] ?? ''));
  };

  beforeAll(async () => {
    devnet = await startDevnet({ nodes: 12 });
    for (const who of ['ann', 'ben', 'cat'] as const) {
      const created = await create(who, profiles);
      ids[who] = created.sessionId;
      if (who === 'ann') annPhrase = created.mnemonic;
    }
  }, 120_000);
  afterAll(async () => {
    profiles.removeAll();
    rmSync(files, { recursive: true, force: true });
    await devnet.stop();
  });

  it('creates a group: one JSON line, listed as joined admin with its members', async () => {
    const r = await as(
      'ann',
      'group',
      'create',
      '--name',
      'Book club',
      '--member',
      ids.ben,
      '--member',
      ids.cat,
      '--json',
    );
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(r.out).toHaveLength(1);
    groupId = Created.parse(JSON.parse(r.out[0] ?? '')).groupId;
    expect(await groupsOf('ann')).toEqual([
      { groupId, name: 'Book club', status: 'joined', admin: true, members: 3 },
    ]);
    const m = await as('ann', 'group', 'members', groupId, '--json');
    expect(m.code).toBe(0);
    const members = z.array(Member).parse(JSON.parse(m.out[0] ?? ''));
    expect(members.find((x) => x.sessionId === ids.ann)).toMatchObject({ admin: true, status: 'accepted' });
    expect(members.find((x) => x.sessionId === ids.ben)).toMatchObject({ admin: false, status: 'sent' });
    expect(members).toHaveLength(3);
  }, 120_000);

  it('delivers the invitation; Ben accepts and chats with Ann both ways', async () => {
    const lines = await receiveUntil('ben', (l) => Invite.safeParse(l).success);
    expect(lines.filter((l) => Invite.safeParse(l).success)).toEqual([
      { kind: 'group-invite', groupId, name: 'Book club', from: ids.ann },
    ]);
    expect(await groupsOf('ben')).toEqual([
      { groupId, name: 'Book club', status: 'invited', admin: false, members: 2 },
    ]);

    const accepted = await as('ben', 'group', 'accept', groupId);
    expect(accepted.code, accepted.err.join('\n')).toBe(0);
    const benGroups = await groupsOf('ben');
    expect(benGroups[0]).toMatchObject({ groupId, status: 'joined', admin: false, members: 3 });

    const sent = await as('ben', 'send', groupId, 'hello from Ben');
    expect(sent.code, sent.err.join('\n')).toBe(0);
    const annLines = await receiveUntil('ann', (l) => Said.safeParse(l).success);
    expect(annLines.filter((l) => Said.safeParse(l).success)).toEqual([
      expect.objectContaining({ from: ids.ben, body: 'hello from Ben', conversation: groupId }),
    ]);
    // Ben's acceptance reached Ann (the invite response in the group's swarm).
    const m = z
      .array(Member)
      .parse(JSON.parse((await as('ann', 'group', 'members', groupId, '--json')).out[0] ?? ''));
    expect(m.find((x) => x.sessionId === ids.ben)?.status).toBe('accepted');

    expect((await as('ann', 'send', groupId, 'welcome, Ben')).code).toBe(0);
    const benLines = await receiveUntil('ben', (l) => Said.safeParse(l).success);
    expect(benLines.filter((l) => Said.safeParse(l).success)).toEqual([
      expect.objectContaining({ from: ids.ann, body: 'welcome, Ben', conversation: groupId }),
    ]);
    welcomeOnBen = benLines.map((l) => Said.safeParse(l)).find((p) => p.success)?.data.id ?? '';
    // Ben reads statuses from the Members config only: Ann wrote his acceptance there (`I`).
    let benSees: z.infer<typeof Member>[] = [];
    for (let i = 0; i < 6 && benSees.find((x) => x.sessionId === ids.ben)?.status !== 'accepted'; i++) {
      expect((await as('ben', 'receive', '--json', '--wait', '3')).code).toBe(0);
      benSees = z
        .array(Member)
        .parse(JSON.parse((await as('ben', 'group', 'members', groupId, '--json')).out[0] ?? ''));
    }
    expect(benSees.find((x) => x.sessionId === ids.ben)).toMatchObject({ admin: false, status: 'accepted' });
    expect(benSees.find((x) => x.sessionId === ids.cat)).toMatchObject({ admin: false, status: 'sent' });
  }, 240_000);

  it('replies with a file, reacts and deletes for everyone in the group as in 1-to-1', async () => {
    const path = join(files, 'notes.bin');
    writeFileSync(path, randomBytes(20_000));
    const reply = await as(
      'ben',
      'send',
      groupId,
      'see attached',
      '--reply-to',
      welcomeOnBen,
      '--attach',
      path,
      '--json',
    );
    expect(reply.code, reply.err.join('\n')).toBe(0);
    const saveDir = join(files, 'ann');
    mkdirSync(saveDir);
    let got:
      | {
          id: string;
          body: string;
          quote?: { author: string; text: string | null };
          attachments?: { path?: string }[];
        }
      | undefined;
    for (let i = 0; i < 6 && got === undefined; i++) {
      const r = await as('ann', 'receive', '--json', '--wait', '3', '--save-dir', saveDir);
      expect(r.code, r.err.join('\n')).toBe(0);
      got = r.out.map((l) => JSON.parse(l) as typeof got).find((l) => l?.body === 'see attached');
    }
    expect(got).toMatchObject({
      from: ids.ben,
      conversation: groupId,
      quote: { author: ids.ann, text: 'welcome, Ben' },
    });
    expect(readFileSync(got?.attachments?.[0]?.path ?? '').equals(readFileSync(path))).toBe(true);

    // Ann reacts to it, then posts and takes back a message: Ben sees both as events.
    expect((await as('ann', 'react', got?.id ?? '', '👍')).code).toBe(0);
    const oops = await as('ann', 'send', groupId, 'oops, wrong group', '--json');
    expect(oops.code, oops.err.join('\n')).toBe(0);
    const { id: oopsId, sentAt: oopsSentAt } = JSON.parse(oops.out[0] ?? '') as {
      id: string;
      sentAt: number;
    };
    await receiveUntil('ben', (l) => (l as { body?: string }).body === 'oops, wrong group');
    const unsent = await as('ann', 'unsend', oopsId);
    expect(unsent.code, unsent.err.join('\n')).toBe(0);
    // Ben's side as stored (receive prints actions only as they happen while it listens).
    const onBen = async () => {
      const b = await openCliSession(en, dirs.ben, devnet.seedUrl);
      try {
        const page = b.session.messaging.page(groupId as never, null, 50);
        return {
          oops: page.find((m) => m.sender === ids.ann && m.sentAt === oopsSentAt),
          reply: page.find((m) => m.direction === 'out' && m.attachments.length > 0),
        };
      } finally {
        await b.close();
      }
    };
    let seen = await onBen();
    for (let i = 0; i < 6 && seen.oops?.deleted !== true; i++) {
      expect((await as('ben', 'receive', '--wait', '3')).code).toBe(0);
      seen = await onBen();
    }
    expect(seen.oops?.deleted).toBe(true);
    expect(seen.reply?.reactions).toEqual([{ emoji: '👍', reactors: [ids.ann], mine: false }]);
  }, 300_000);

  it('a group message queued when the profile closed (a crash) leaves at the next start', async () => {
    const s = await openCliSession(en, dirs.ann, devnet.seedUrl);
    try {
      const queued = s.session.messaging.send(groupId as never, 'queued before a crash');
      expect(queued.status).toBe('sending');
    } finally {
      await s.close();
    }
    // Any command that opens the profile resumes the outbox; Ben then reads it once.
    expect((await as('ann', 'receive', '--wait', '5')).code).toBe(0);
    const lines = await receiveUntil('ben', (l) => (l as { body?: string }).body === 'queued before a crash');
    expect(lines.filter((l) => (l as { body?: string }).body === 'queued before a crash')).toHaveLength(1);
  }, 240_000);

  it('a second computer of Ann, restored from the phrase, gets the group back as its admin', async () => {
    dirs.ann2 = profiles.make();
    const restored = await runVeil(
      ['--profile', dirs.ann2, '--network', devnet.seedUrl, 'account', 'restore', '--json'],
      `${annPhrase}\n`,
    );
    expect(restored.code, restored.err.join('\n')).toBe(0);
    let list: z.infer<typeof GroupLine>[] = [];
    for (let i = 0; i < 6 && list[0]?.members !== 3; i++) {
      expect((await as('ann2', 'receive', '--json', '--wait', '3')).code).toBe(0);
      list = await groupsOf('ann2');
    }
    expect(list).toEqual([{ groupId, name: 'Book club', status: 'joined', admin: true, members: 3 }]);
    // Invite statuses as the Members config has them: Ben accepted (Ann cleared his `I` on his
    // response), Cat still invited. The exact JSON shape of `group members --json`.
    const statuses = z
      .array(Member)
      .parse(JSON.parse((await as('ann2', 'group', 'members', groupId, '--json')).out[0] ?? ''))
      .map((m) => [m.sessionId, m.admin, m.status])
      .sort();
    expect(statuses).toEqual(
      [
        [ids.ann, true, 'accepted'],
        [ids.ben, false, 'accepted'],
        [ids.cat, false, 'sent'],
      ].sort(),
    );
    // It reads the group's messages too (the key comes from the Keys message, read as admin).
    expect((await as('ann2', 'send', groupId, 'from my laptop')).code).toBe(0);
    const benLines = await receiveUntil(
      'ben',
      (l) => Said.safeParse(l).success && (l as { body: string }).body === 'from my laptop',
    );
    expect(benLines).toContainEqual(expect.objectContaining({ from: ids.ann, body: 'from my laptop' }));
  }, 240_000);

  it('Cat declines: the invitation is gone', async () => {
    await receiveUntil('cat', (l) => Invite.safeParse(l).success);
    const r = await as('cat', 'group', 'decline', groupId);
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toMatch(/^declined the invitation to “.+” \(03[0-9a-f]{64}\)$/);
    expect(await groupsOf('cat')).toEqual([]);
  }, 120_000);

  it('Ben leaves: listed as left, cannot post any more', async () => {
    const left = await as('ben', 'group', 'leave', groupId);
    expect(left.code, left.err.join('\n')).toBe(0);
    expect(left.out).toEqual([expect.stringMatching(/^left the group “.+” \(03[0-9a-f]{64}\)$/)]);
    expect((await groupsOf('ben'))[0]).toMatchObject({ groupId, status: 'left' });
    const r = await as('ben', 'send', groupId, 'still here?');
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
  }, 120_000);

  it('refuses mistakes with one line and exit 2', async () => {
    const unknown = `03${randomBytes(32).toString('hex')}`;
    const hundred = Array.from({ length: 100 }, () => [
      '--member',
      `05${randomBytes(32).toString('hex')}`,
    ]).flat();
    for (const args of [
      ['group', 'create', '--name', 'X', '--member', '05zz'],
      ['group', 'create', '--name', 'X', '--member', unknown],
      ['group', 'create', '--name', 'Too many', ...hundred],
      ['group', 'members', unknown, '--json'],
      ['group', 'members', '03abc', '--json'],
      ['group', 'accept', unknown],
      ['group', 'accept', groupId], // joined, not an invitation
      ['send', unknown, 'hello'],
    ]) {
      const r = await as('ann', ...args);
      expect(r.code, args.slice(0, 3).join(' ')).toBe(2);
      expect(r.err, args.slice(0, 3).join(' ')).toHaveLength(1);
    }
  }, 180_000);
});
