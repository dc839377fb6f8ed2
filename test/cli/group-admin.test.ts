/**
 * Issue #18 items 5, 7 and 8 on a real devnet, three profiles through the CLI: Ann creates a
 * group with Ben, adds Cat, renames it (members see the new name), removes Cat (a new key
 * generation: Cat's client never shows the next message, and cannot decrypt it with the keys it
 * holds), a second computer of Ann restored from her phrase gets the group back as its admin
 * (renamed, without Cat), promotes Ben (who can then rename it himself), and Ben leaves. A control message with
 * a forged admin signature is ignored; mistakes exit 2 with one line.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startDevnet, type Devnet } from '../../devnet/index';
import { openCliSession } from '../../src/main/cli/core-session';
import { encodeGroupUpdate } from '../../src/swarm/groups/control-messages';
import { controlSignedText, InfoChangeType, signControl } from '../../src/swarm/groups/control-signatures';
import { decryptGroupMessage } from '../../src/swarm/groups/group-message';
import { generateGroupKeyPair } from '../../src/swarm/groups/identity';
import { Namespace } from '../../src/swarm/namespaces';
import { swarmAuthOf } from '../../src/main/groups/group-auth';
import { storeGroupMessage } from '../../src/main/groups/group-swarm';
import { retrieveEach, swarmFor } from '../../src/main/network';
import type { GroupNotice } from '../../src/shared/group-notice';
import { GroupLine, Member, Invite, Said } from './group-lines';
import { cliCast, runVeil, tempProfiles } from './helpers';
import { en } from '../../src/shared/i18n/en';

/** `ann2`: a second computer of Ann, restored from her recovery phrase. */
type Who = 'ann' | 'ben' | 'cat' | 'ann2';

describe('veil group add/remove/promote/rename (three profiles on devnet)', () => {
  let devnet: Devnet;
  const profiles = tempProfiles('veil-cli-group-admin-');
  const dirs: Record<Who, string> = { ann: '', ben: '', cat: '', ann2: '' };
  const ids: Record<Who, string> = { ann: '', ben: '', cat: '', ann2: '' };
  let annPhrase = '';
  let groupId = '';
  const { as, create, ...cast } = cliCast(dirs, () => devnet);
  const receiveUntil = (who: Who, match: (line: unknown) => boolean, wait = '3') =>
    cast.receiveUntil(who, match, { tries: 8, wait });
  const said = (body: string) => (l: unknown) =>
    Said.safeParse(l).success && (l as { body: string }).body === body;

  const groupsOf = async (who: Who) => {
    const r = await as(who, 'groups', '--json');
    expect(r.code, r.err.join('\n')).toBe(0);
    return z.array(GroupLine).parse(JSON.parse(r.out[0] ?? ''));
  };
  const membersOf = async (who: Who) => {
    const r = await as(who, 'group', 'members', groupId, '--json');
    expect(r.code, r.err.join('\n')).toBe(0);
    return z.array(Member).parse(JSON.parse(r.out[0] ?? ''));
  };
  /** Receives until `who`'s list shows the group matching `ok`. */
  async function waitForGroup(who: Who, ok: (g: z.infer<typeof GroupLine>) => boolean, wait = '3') {
    let last: z.infer<typeof GroupLine>[] = [];
    for (let i = 0; i < 8; i++) {
      last = await groupsOf(who);
      const g = last.find((x) => x.groupId === groupId);
      if (g && ok(g)) return g;
      expect((await as(who, 'receive', '--json', '--wait', wait)).code).toBe(0);
    }
    throw new Error(`${who}: group never matched: ${JSON.stringify(last)}`);
  }
  async function join(who: Who): Promise<void> {
    await receiveUntil(
      who,
      (l) => Invite.safeParse(l).success && (l as { groupId: string }).groupId === groupId,
    );
    const accepted = await as(who, 'group', 'accept', groupId);
    expect(accepted.code, accepted.err.join('\n')).toBe(0);
  }

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
    await devnet.stop();
  });

  it('creates a group with Ben, then adds Cat, who joins', async () => {
    const r = await as('ann', 'group', 'create', '--name', 'Book club', '--member', ids.ben, '--json');
    expect(r.code, r.err.join('\n')).toBe(0);
    groupId = (JSON.parse(r.out[0] ?? '') as { groupId: string }).groupId;
    await join('ben');

    const added = await as('ann', 'group', 'add', groupId, '--member', ids.cat);
    expect(added.code, added.err.join('\n')).toBe(0);
    expect(added.out).toEqual([`invited 1 member to “Book club” (${groupId})`]);
    expect((await membersOf('ann')).find((m) => m.sessionId === ids.cat)).toMatchObject({
      admin: false,
      status: 'sent',
    });
    expect((await groupsOf('ann'))[0]).toMatchObject({ groupId, admin: true, members: 3 });
    await join('cat');
    expect(await waitForGroup('cat', (g) => g.members === 3)).toMatchObject({
      status: 'joined',
      admin: false,
    });

    // Cat reads the group now (with the generation made when she was added).
    expect((await as('ann', 'send', groupId, 'welcome, Cat')).code).toBe(0);
    await receiveUntil('cat', said('welcome, Cat'));
  }, 360_000);

  it('refuses mistakes with one line and exit 2', async () => {
    const unknown = `03${randomBytes(32).toString('hex')}`;
    const someone = `05${randomBytes(32).toString('hex')}`;
    const ninetyEight = Array.from({ length: 98 }, () => [
      '--member',
      `05${randomBytes(32).toString('hex')}`,
    ]).flat();
    for (const [who, args] of [
      ['ben', ['group', 'add', groupId, '--member', someone]], // not an admin
      ['ben', ['group', 'rename', groupId, 'Mine now']],
      ['ann', ['group', 'add', unknown, '--member', someone]], // unknown group
      ['ann', ['group', 'remove', '03abc', '--member', ids.cat]], // malformed group ID
      ['ann', ['group', 'promote', groupId, '--member', '05zz']], // malformed member
      ['ann', ['group', 'add', groupId, ...ninetyEight]], // 3 + 98 = a 101st member
      ['ann', ['group', 'rename', groupId, '   ']],
    ] as const) {
      const r = await as(who, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toHaveLength(1);
    }
    expect((await groupsOf('ann'))[0]).toMatchObject({ name: 'Book club', members: 3 });
  }, 240_000);

  it('a rename is seen by the members; a forged one is ignored', async () => {
    // Ben, a member without the group key, posts an INFO_CHANGE signed by another key.
    const ben = await openCliSession(en, dirs.ben, devnet.seedUrl);
    try {
      const row = ben.session.db.groups.get(groupId);
      const key = ben.session.db.groups.keys(groupId)[0];
      const identity = ben.core.account.identity();
      const auth = row ? swarmAuthOf(row, identity) : undefined;
      const network = ben.core.network;
      if (!row || !key || !auth || !network) throw new Error('Ben is not set up');
      const sentAt = network.networkNow();
      const forger = generateGroupKeyPair();
      const update = encodeGroupUpdate({
        infoChangeMessage: {
          type: 'NAME',
          updatedName: 'Hacked',
          adminSignature: signControl(controlSignedText.infoChange(InfoChangeType.Name, sentAt), forger),
        },
      });
      await storeGroupMessage(network, {
        groupId,
        auth,
        identity,
        key: key.key,
        sentAt,
        content: { dataMessage: { groupUpdateMessage: update } },
      });
    } finally {
      await ben.close();
    }

    const renamed = await as('ann', 'group', 'rename', groupId, 'Reading club');
    expect(renamed.code, renamed.err.join('\n')).toBe(0);
    expect(renamed.out).toEqual([`renamed the group to “Reading club” (${groupId})`]);
    expect((await groupsOf('ann'))[0]?.name).toBe('Reading club');

    // Cat's client turns the genuine change into a notice and drops the forged one.
    const cat = await openCliSession(en, dirs.cat, devnet.seedUrl);
    const notices: GroupNotice[] = [];
    try {
      const off = cat.core.domain.on(['group.notice'], (e) => {
        if (e.groupId === groupId) notices.push(e.notice);
      });
      for (let i = 0; i < 10 && !notices.some((n) => n.kind === 'renamed'); i++) {
        await cat.session.groups.pollAll();
        await new Promise((r) => setTimeout(r, 500));
      }
      off();
    } finally {
      await cat.close();
    }
    expect(notices).toContainEqual({ kind: 'renamed', by: ids.ann, name: 'Reading club' });
    expect(notices.filter((n) => n.kind === 'renamed' && n.name === 'Hacked')).toEqual([]);
    expect(await waitForGroup('cat', (g) => g.name === 'Reading club')).toMatchObject({ status: 'joined' });
    expect(await waitForGroup('ben', (g) => g.name === 'Reading club')).toMatchObject({ status: 'joined' });
  }, 360_000);

  it('a removed member cannot read what follows and sees that she was removed', async () => {
    const removed = await as('ann', 'group', 'remove', groupId, '--member', ids.cat);
    expect(removed.code, removed.err.join('\n')).toBe(0);
    expect(removed.out).toEqual([`removed 1 member from “Reading club” (${groupId})`]);
    expect((await membersOf('ann')).map((m) => m.sessionId).sort()).toEqual([ids.ann, ids.ben].sort());
    expect((await groupsOf('ann'))[0]).toMatchObject({ members: 2 });

    expect((await as('ann', 'send', groupId, 'after Cat left')).code).toBe(0);
    await receiveUntil('ben', said('after Cat left'));

    // Cat's client learns it was removed (its sub-account is revoked) and never shows the message.
    const catGroup = await waitForGroup('cat', (g) => g.status === 'left', '5');
    expect(catGroup.status).toBe('left');
    const r = await as('cat', 'receive', '--json', '--wait', '3');
    expect(r.out.map((l) => JSON.parse(l) as unknown).filter(said('after Cat left'))).toEqual([]);
    expect((await as('cat', 'send', groupId, 'still here?')).code).toBe(2);

    // And the keys Cat holds do not open it: it was encrypted with a generation made without her.
    const cat = await openCliSession(en, dirs.cat, devnet.seedUrl);
    const ann = await openCliSession(en, dirs.ann, devnet.seedUrl);
    try {
      const catKeys = cat.session.db.groups.keys(groupId).map((k) => k.key);
      const annKeys = ann.session.db.groups.keys(groupId);
      expect(catKeys.length).toBeGreaterThan(0);
      expect(annKeys[0]!.generation).toBeGreaterThan(cat.session.db.groups.keys(groupId)[0]!.generation);
      const network = ann.core.network!;
      const row = ann.session.db.groups.get(groupId)!;
      const auth = swarmAuthOf(row, ann.core.account.identity())!;
      const node = (await swarmFor(network, groupId))[0]!;
      const [got] = await retrieveEach(network, groupId, node, [
        { namespace: Namespace.GroupMessages, lastHash: '', auth },
      ]);
      if (!got?.ok) throw new Error('retrieve failed');
      const bodies = got.messages.map((m) => ({
        ann: decryptGroupMessage(
          m.data,
          annKeys.map((k) => k.key),
        ).ok,
        cat: decryptGroupMessage(m.data, catKeys).ok,
      }));
      const newest = bodies[bodies.length - 1]!;
      expect(newest).toEqual({ ann: true, cat: false });
    } finally {
      await cat.close();
      await ann.close();
    }
  }, 360_000);

  it('a second computer of Ann, restored from the phrase, gets the group back as its admin', async () => {
    dirs.ann2 = profiles.make();
    const restored = await runVeil(
      ['--profile', dirs.ann2, '--network', devnet.seedUrl, 'account', 'restore', '--json'],
      `${annPhrase}\n`,
    );
    expect(restored.code, restored.err.join('\n')).toBe(0);
    // The UserGroups entry brings the group and its key back; its configs bring name and members.
    const group = await waitForGroup('ann2', (g) => g.name === 'Reading club' && g.members === 2);
    expect(group).toEqual({ groupId, name: 'Reading club', status: 'joined', admin: true, members: 2 });
    const members = await membersOf('ann2');
    expect(members.map((m) => m.sessionId).sort()).toEqual([ids.ann, ids.ben].sort());
    expect(members.find((m) => m.sessionId === ids.ann)?.admin).toBe(true);
    // An admin there: it writes to the group, and Ben reads it.
    expect((await as('ann2', 'send', groupId, 'from the laptop')).code).toBe(0);
    await receiveUntil('ben', said('from the laptop'));
  }, 360_000);

  it('promotes Ben, who becomes an admin on receipt and can rename; then he leaves', async () => {
    const promoted = await as('ann', 'group', 'promote', groupId, '--member', ids.ben);
    expect(promoted.code, promoted.err.join('\n')).toBe(0);
    expect(promoted.out).toEqual([`made 1 member admin of “Reading club” (${groupId})`]);
    expect((await membersOf('ann')).find((m) => m.sessionId === ids.ben)?.admin).toBe(true);
    expect(await waitForGroup('ben', (g) => g.admin)).toMatchObject({ status: 'joined', admin: true });
    const r = await as('ben', 'group', 'rename', groupId, 'Ben’s club');
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(await waitForGroup('ann', (g) => g.name === 'Ben’s club')).toMatchObject({ admin: true });

    const left = await as('ben', 'group', 'leave', groupId);
    expect(left.code, left.err.join('\n')).toBe(0);
    expect(left.out).toEqual([`left the group “Ben’s club” (${groupId})`]);
    expect((await groupsOf('ben'))[0]).toMatchObject({ groupId, status: 'left' });
  }, 360_000);
});
