/**
 * Issue #18 leftovers on a real devnet: the kicked message of namespace −11 and crash-safe
 * removals. Ann creates a group with Ben and Cat.
 * - Namespace −11 is open to any member's token, so what lands there is checked: garbage, a
 *   kicked message from a key that is not the group's, a genuine one for Ben (which ends Ben's
 *   group, not Cat's), and a genuine one for Cat at an older generation are all ignored by Cat's
 *   client; a genuine one for Cat at her generation ends the group for her ("left", the "You were
 *   removed" notice, no more polling).
 * - Ann removes Cat while the network fails half-way (after the REMOVED message): the call
 *   says the removal is pending, the steps done are written in group_removals, and the next start
 *   of Ann's client finishes it: the kicked message for Cat is in −11, her token is revoked, the
 *   key generation moved on. Cat's `groups --json` shows `"status":"left"`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startDevnet, type Devnet } from '../../devnet/index';
import { openCliSession, type CliSession } from '../../src/main/cli/core-session';
import type { SessionId } from '../../src/crypto/keys';
import { utf8 } from '../../src/crypto/bytes';
import { buildKickedMessage, readKickedMessage } from '../../src/swarm/groups/kicked-message';
import { generateGroupKeyPair, groupKeyPairFromSeed, type GroupId } from '../../src/swarm/groups/identity';
import { Namespace } from '../../src/swarm/namespaces';
import { GroupError } from '../../src/main/groups/errors';
import { swarmAuthOf } from '../../src/main/groups/group-auth';
import { retrieveEach, storeSigned, swarmFor } from '../../src/main/network';
import type { GroupNotice } from '../../src/shared/group-notice';
import { cliCast, runVeil, tempProfiles } from './helpers';
import { en } from '../../src/shared/i18n/en';

const GroupLine = z.object({
  groupId: z.string(),
  name: z.string(),
  status: z.enum(['invited', 'joined', 'left']),
  admin: z.boolean(),
  members: z.number().int(),
});
const Invite = z.object({ kind: z.literal('group-invite'), groupId: z.string() }).loose();

type Who = 'ann' | 'ben' | 'cat';

describe('the kicked message and crash-safe removals (three profiles on devnet)', () => {
  let devnet: Devnet;
  const profiles = tempProfiles('veil-cli-group-kick-');
  const dirs: Record<Who | 'cat2', string> = { ann: '', ben: '', cat: '', cat2: '' };
  let catPhrase = '';
  const ids: Record<Who, SessionId> = { ann: '' as SessionId, ben: '' as SessionId, cat: '' as SessionId };
  let groupId = '';
  const { as, create } = cliCast(dirs, () => devnet);
  const open = (who: Who | 'cat2'): Promise<CliSession> => openCliSession(en, dirs[who], devnet.seedUrl);

  const groupOf = async (who: Who | 'cat2') => {
    const r = await as(who, 'groups', '--json');
    expect(r.code, r.err.join('\n')).toBe(0);
    return z
      .array(GroupLine)
      .parse(JSON.parse(r.out[0] ?? ''))
      .find((g) => g.groupId === groupId);
  };

  async function join(who: Who): Promise<void> {
    for (let i = 0; i < 10; i++) {
      const r = await as(who, 'receive', '--json', '--wait', '3');
      const lines = r.out.map((l) => JSON.parse(l) as unknown);
      if (lines.some((l) => Invite.safeParse(l).success && (l as { groupId: string }).groupId === groupId))
        break;
    }
    const accepted = await as(who, 'group', 'accept', groupId);
    expect(accepted.code, accepted.err.join('\n')).toBe(0);
  }

  /** Stores `data` in the group's −11 as `who` (a member's token may write there). */
  async function storeKicked(s: CliSession, data: Uint8Array): Promise<void> {
    const row = s.session.db.groups.get(groupId);
    const auth = row ? swarmAuthOf(row, s.core.account.identity()) : undefined;
    if (!auth || !s.core.network) throw new Error('no access to the group');
    await storeSigned(s.core.network, {
      pubkey: groupId,
      auth,
      namespace: Namespace.GroupRevokedRetrievableMessages,
      data,
      ttlMs: 86_400_000,
    });
  }

  beforeAll(async () => {
    devnet = await startDevnet({ nodes: 12 });
    for (const who of ['ann', 'ben', 'cat'] as const) {
      const created = await create(who, profiles);
      ids[who] = created.sessionId;
      if (who === 'cat') catPhrase = created.mnemonic;
    }
    const r = await as(
      'ann',
      'group',
      'create',
      '--name',
      'Kick',
      '--member',
      ids.ben,
      '--member',
      ids.cat,
      '--json',
    );
    expect(r.code, r.err.join('\n')).toBe(0);
    groupId = (JSON.parse(r.out[0] ?? '') as { groupId: string }).groupId;
    await join('ben');
    await join('cat');
    expect(await groupOf('cat')).toMatchObject({ status: 'joined' });
  }, 360_000);
  afterAll(async () => {
    profiles.removeAll();
    await devnet.stop();
  });

  it('ignores −11 messages that are garbage, forged, for someone else or older; a genuine one ends the group', async () => {
    const ann = await open('ann');
    const ben = await open('ben');
    let generation = 0;
    try {
      const seed = ann.session.db.groups.get(groupId)?.adminSeed;
      generation = ann.session.db.groups.keys(groupId)[0]?.generation ?? -1;
      expect(generation).toBeGreaterThanOrEqual(0);
      if (!seed) throw new Error('Ann is not the admin');
      const group = groupKeyPairFromSeed(seed);
      // Ben, a plain member, fills −11 with what an attacker may put there.
      await storeKicked(ben, utf8('garbage'));
      await storeKicked(ben, buildKickedMessage(generateGroupKeyPair(), [ids.cat], generation + 5));
      await storeKicked(ann, buildKickedMessage(group, [ids.ben], generation));
      if (generation > 0) await storeKicked(ann, buildKickedMessage(group, [ids.cat], generation - 1));
    } finally {
      await ben.close();
      await ann.close();
    }
    const cat = await open('cat');
    try {
      for (let i = 0; i < 3; i++) await cat.session.groups.pollAll();
      expect(cat.session.db.groups.get(groupId)?.status).toBe('joined');
      expect(cat.session.groups.pollerOf(groupId)).toBeDefined();
    } finally {
      await cat.close();
    }
    // The genuine one for Ben (for Cat, someone else's) did end Ben's group.
    const benAfter = await open('ben');
    try {
      for (let i = 0; i < 3; i++) await benAfter.session.groups.pollAll();
      expect(benAfter.session.db.groups.get(groupId)?.status).toBe('left');
    } finally {
      await benAfter.close();
    }

    // A genuine one for Cat at her generation: she is out, told in words, and polls no more.
    const annAgain = await open('ann');
    try {
      const adminSeed = annAgain.session.db.groups.get(groupId)?.adminSeed;
      if (!adminSeed) throw new Error('no seed');
      await storeKicked(annAgain, buildKickedMessage(groupKeyPairFromSeed(adminSeed), [ids.cat], generation));
    } finally {
      await annAgain.close();
    }
    const catAgain = await open('cat');
    const notices: GroupNotice[] = [];
    try {
      const off = catAgain.core.domain.on(['group.notice'], (e) => {
        if (e.groupId === groupId) notices.push(e.notice);
      });
      for (let i = 0; i < 5 && catAgain.session.db.groups.get(groupId)?.status === 'joined'; i++)
        await catAgain.session.groups.pollAll();
      off();
      expect(catAgain.session.db.groups.get(groupId)?.status).toBe('left');
      expect(catAgain.session.groups.endedOf(groupId)).toBe('removed');
      expect(catAgain.session.groups.pollerOf(groupId)).toBeUndefined();
    } finally {
      await catAgain.close();
    }
    expect(notices).toContainEqual({ kind: 'kicked', member: ids.cat });
    expect(await groupOf('cat')).toMatchObject({ status: 'left' });
  }, 360_000);

  it('a restored computer of Cat shows the group she was removed from (UserGroups r = 1), not nothing', async () => {
    // Cat's own config keeps the group marked kicked, without her auth data (libsession mark_kicked).
    const cat = await open('cat');
    try {
      const entry = cat.session.configSync.configs.groups.groups().find((g) => g.id === groupId);
      expect(entry).toMatchObject({
        removedStatus: 1,
        authData: undefined,
        adminSeed: undefined,
        name: 'Kick',
      });
    } finally {
      await cat.close();
    }
    dirs.cat2 = profiles.make();
    const restored = await runVeil(
      ['--profile', dirs.cat2, '--network', devnet.seedUrl, 'account', 'restore', '--json'],
      `${catPhrase}\n`,
    );
    expect(restored.code, restored.err.join('\n')).toBe(0);
    let line = await groupOf('cat2');
    for (let i = 0; i < 6 && line === undefined; i++) {
      expect((await as('cat2', 'receive', '--json', '--wait', '3')).code).toBe(0);
      line = await groupOf('cat2');
    }
    expect(line).toMatchObject({ groupId, name: 'Kick', status: 'left', admin: false });
    const cat2 = await open('cat2');
    try {
      expect(cat2.session.groups.endedOf(groupId)).toBe('removed');
      expect(cat2.session.groups.pollerOf(groupId)).toBeUndefined();
      // Her first invitation, still in her inbox, does not make it an invitation again.
      expect(cat2.session.db.groups.get(groupId)?.status).toBe('left');
      // Its timeline says why, once, as her first computer's does (learnt from the config only).
      const notices = cat2.session.db.messages
        .pageMessages(groupId as SessionId, undefined, 50)
        .flatMap((m) => (m.notice ? [m.notice] : []));
      expect(notices).toEqual([{ kind: 'kicked', member: ids.cat }]);
    } finally {
      await cat2.close();
    }
    const again = await as('cat2', 'send', groupId, 'still here?');
    expect(again.code).toBe(2);
  }, 240_000);

  it('a removal cut by a network failure is finished at the next start', async () => {
    const ann = await open('ann');
    const before = ann.session.db.groups.keys(groupId)[0]?.generation ?? -1;
    let failedWith: unknown;
    try {
      // The network fails right after the REMOVED message (its notice is the sign): the kicked
      // message, the revocation and the new key are still to do.
      const off = ann.core.domain.on(['group.notice'], (e) => {
        if (e.groupId === groupId && e.notice.kind === 'members-removed')
          for (const n of devnet.nodes()) devnet.setFaults(n.index, { drop: 1 });
      });
      try {
        await ann.session.groups.admin.removeMembers(groupId, [ids.cat], { deleteMessages: false });
      } catch (e) {
        failedWith = e;
      }
      off();
      expect(failedWith).toBeInstanceOf(GroupError);
      expect((failedWith as GroupError).code).toBe('pending');
      expect(ann.session.db.groupRemovals.ofGroup(groupId)).toMatchObject([
        { member: ids.cat, announced: true, kicked: false },
      ]);
      expect(ann.session.db.groups.keys(groupId)[0]?.generation).toBe(before);
    } finally {
      devnet.clearFaults();
      await ann.close(); // as if the app were quit (or killed) now
    }

    const again = await open('ann');
    try {
      const deadline = Date.now() + 120_000;
      while (again.session.db.groupRemovals.ofGroup(groupId).length > 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 500));
      expect(again.session.db.groupRemovals.ofGroup(groupId)).toEqual([]);
      expect(again.session.db.groups.keys(groupId)[0]?.generation).toBe(before + 1);
      expect(again.session.groups.members(groupId).map((m) => m.sessionId)).not.toContain(ids.cat);

      // −11 holds the kicked message for Cat, at the generation she held.
      const network = again.core.network;
      const row = again.session.db.groups.get(groupId);
      const auth = row ? swarmAuthOf(row, again.core.account.identity()) : undefined;
      if (!network || !auth) throw new Error('no access');
      const node = (await swarmFor(network, groupId))[0];
      if (!node) throw new Error('no swarm');
      const [got] = await retrieveEach(network, groupId, node, [
        { namespace: Namespace.GroupRevokedRetrievableMessages, lastHash: '', auth },
      ]);
      if (!got?.ok) throw new Error('retrieve failed');
      const cat = await open('cat');
      try {
        const identity = cat.core.account.identity();
        const readings = got.messages.map((m) =>
          readKickedMessage(m.data, groupId as GroupId, identity, before),
        );
        expect(readings.filter((r) => r.kind === 'kicked').length).toBeGreaterThanOrEqual(2);
      } finally {
        await cat.close();
      }
    } finally {
      await again.close();
    }
    expect(await groupOf('cat')).toMatchObject({ status: 'left' });
    expect(await groupOf('ann')).toMatchObject({ members: 2 });
  }, 360_000);
});
