/**
 * Leaving a group leaves nothing of it behind, and a new invitation still works (two profiles
 * on devnet, through the CLI): Ben leaves the group Ann made; his profile keeps the
 * conversation and its messages but none of the group's keys, members, configs or polling
 * positions. Ann invites him again; he accepts and reads the group afresh from its swarm — its
 * keys and configs (name, members) included, which he could not if his old polling positions
 * had been kept without the keys — and they talk both ways again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startDevnet, type Devnet } from '../../devnet/index';
import { openCliSession } from '../../src/main/cli/core-session';
import { en } from '../../src/shared/i18n/en';
import { GroupLine, Invite, Member, Said } from './group-lines';
import { cliCast, tempProfiles } from './helpers';

type Who = 'ann' | 'ben';
const Created = z.object({ groupId: z.string().regex(/^03[0-9a-f]{64}$/) }).strict();

describe('leaving a group, then invited again (two profiles on devnet)', () => {
  let devnet: Devnet;
  const profiles = tempProfiles('veil-cli-group-rejoin-');
  const dirs: Record<Who, string> = { ann: '', ben: '' };
  const ids: Record<Who, string> = { ann: '', ben: '' };
  let groupId = '';
  const { as, create, ...cast } = cliCast(dirs, () => devnet);
  const receiveUntil = (who: Who, match: (line: unknown) => boolean) =>
    cast.receiveUntil(who, match, { tries: 8 });
  const said = (body: string) => (l: unknown) =>
    Said.safeParse(l).success && (l as { body: string }).body === body;
  const invited = (l: unknown) =>
    Invite.safeParse(l).success && (l as { groupId: string }).groupId === groupId;
  const groupsOf = async (who: Who) => {
    const r = await as(who, 'groups', '--json');
    expect(r.code, r.err.join('\n')).toBe(0);
    return z.array(GroupLine).parse(JSON.parse(r.out[0] ?? ''));
  };
  const ok = async (who: Who, ...args: string[]) => {
    const r = await as(who, ...args);
    expect(r.code, `${args.join(' ')}: ${r.err.join('\n')}`).toBe(0);
    return r.out;
  };

  /** What Ben's profile keeps of the group. */
  async function onBen() {
    const s = await openCliSession(en, dirs.ben, devnet.seedUrl);
    try {
      const { db } = s.session;
      const row = db.groups.get(groupId);
      return {
        status: row?.status,
        secrets: row !== undefined && (row.adminSeed !== null || row.authData !== null),
        keys: db.groups.keys(groupId).length,
        members: db.groups.members(groupId).length,
        dump: db.kv.get(`groups.config-dump.${groupId}`, z.unknown()) !== undefined,
        messages: s.session.messaging
          .page(groupId as never, null, 50)
          .filter((m) => m.notice === undefined && m.body !== '')
          .map((m) => m.body),
      };
    } finally {
      await s.close();
    }
  }

  beforeAll(async () => {
    devnet = await startDevnet({ nodes: 12 });
    for (const who of ['ann', 'ben'] as const) ids[who] = (await create(who, profiles)).sessionId;
  }, 120_000);
  afterAll(async () => {
    profiles.removeAll();
    await devnet.stop();
  });

  it('Ben joins, talks, leaves: the conversation stays, nothing else of the group', async () => {
    const out = await ok('ann', 'group', 'create', '--name', 'Walks', '--member', ids.ben, '--json');
    groupId = Created.parse(JSON.parse(out[0] ?? '')).groupId;
    await receiveUntil('ben', invited);
    await ok('ben', 'group', 'accept', groupId);
    await ok('ann', 'send', groupId, 'first walk on Sunday');
    await receiveUntil('ben', said('first walk on Sunday'));
    const joined = await onBen();
    expect(joined).toMatchObject({ status: 'joined', secrets: true, dump: true });
    expect(joined.keys).toBeGreaterThan(0);
    expect(joined.members).toBe(2);

    await ok('ben', 'group', 'leave', groupId);
    expect(await onBen()).toEqual({
      status: 'left',
      secrets: false,
      keys: 0,
      members: 0,
      dump: false,
      messages: ['first walk on Sunday'],
    });
  }, 240_000);

  it('invited again, Ben reads the group afresh and talks both ways', async () => {
    // Ann's device drops Ben from Members once it sees him leave; then she invites him again.
    const annSees = async () =>
      z.array(Member).parse(JSON.parse((await ok('ann', 'group', 'members', groupId, '--json'))[0] ?? ''));
    for (let i = 0; i < 8 && (await annSees()).some((m) => m.sessionId === ids.ben); i++)
      await cast.receive('ann');
    expect((await annSees()).map((m) => m.sessionId)).toEqual([ids.ann]);
    await ok('ann', 'group', 'add', groupId, '--member', ids.ben);
    await receiveUntil('ben', invited);
    expect((await groupsOf('ben')).find((g) => g.groupId === groupId)?.status).toBe('invited');
    await ok('ben', 'group', 'accept', groupId);
    expect((await groupsOf('ben')).find((g) => g.groupId === groupId)).toMatchObject({
      name: 'Walks',
      status: 'joined',
    });

    await ok('ann', 'send', groupId, 'welcome back');
    await receiveUntil('ben', said('welcome back'));
    await ok('ben', 'send', groupId, 'glad to be back');
    await receiveUntil('ann', said('glad to be back'));

    // The configs came back from the swarm: Ben sees the members again.
    const members = z
      .array(Member)
      .parse(JSON.parse((await ok('ben', 'group', 'members', groupId, '--json'))[0] ?? ''));
    expect(members.map((m) => m.sessionId).sort()).toEqual([ids.ann, ids.ben].sort());
    const back = await onBen();
    expect(back).toMatchObject({ status: 'joined', secrets: true, dump: true });
    expect(back.keys).toBeGreaterThan(0);
    expect(back.messages).toEqual(expect.arrayContaining(['first walk on Sunday', 'welcome back']));
  }, 360_000);
});
