/**
 * Issue #18 leftovers, without a network: a group that ended for us learnt only from UserGroups
 * (`r` = 1 kicked, `r` = 2 destroyed, written by another device of ours or read by a restored
 * computer) gets the same timeline notice as when the group's own swarm says it, once even when
 * both arrive; and a device removed then invited again comes back from an `r` = 0 entry
 * (libsession `mark_invited`) — invited, then joined with the key material the entry carries —
 * while an older entry (the state from before the removal) changes nothing.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityFromSeed, type Identity, type SessionId } from '../../../src/crypto/keys';
import { sodiumReady } from '../../../src/crypto/sodium';
import { UserGroups } from '../../../src/swarm/config';
import { encodeGroupUpdate } from '../../../src/swarm/groups/control-messages';
import { controlSignedText, signControl } from '../../../src/swarm/groups/control-signatures';
import { generateGroupKeyPair, type GroupKeyPair } from '../../../src/swarm/groups/identity';
import { makeMemberAuthData } from '../../../src/swarm/groups/subaccount';
import type { VeilDatabase } from '../../../src/main/db';
import type { DomainBus } from '../../../src/main/domain/bus';
import { endedOf, markEnded } from '../../../src/main/groups/group-ended';
import { GroupPolling } from '../../../src/main/groups/group-polling';
import { GroupRuntime } from '../../../src/main/groups/group-runtime';
import { GroupService } from '../../../src/main/groups/group-service';
import { GroupTimeline } from '../../../src/main/groups/group-timeline';
import { applyGroups, collectGroups, configGroupIds } from '../../../src/main/groups/groups-glue';
import { receiveInvite } from '../../../src/main/groups/invitations';
import type { GroupServiceOptions } from '../../../src/main/groups/group-runtime';
import type { GroupNotice } from '../../../src/shared/group-notice';
import { freshDb, removeTempDirs } from '../db/helpers';
import { NO_POLLING_HOOKS, offlineServiceOptions } from './offline-service';

const person = (): Identity => identityFromSeed(new Uint8Array(randomBytes(32)));
const JOINED = 1_700_000_000_000;
let ann: Identity;
let ben: Identity;
let hash = 0;

beforeAll(async () => {
  await sodiumReady();
  ann = person();
  ben = person();
});
afterAll(removeTempDirs);

/** One of Ben's devices, in the group Ann administers (members known, as after a poll). */
function benDevice(g: GroupKeyPair, withMembers = true): VeilDatabase {
  const { db } = freshDb();
  db.groups.insert(
    {
      groupId: g.groupId,
      name: 'Hikes',
      status: 'joined',
      authData: makeMemberAuthData(g, ben.sessionId),
      invitedAt: JOINED - 1_000,
      joinedAt: JOINED,
    },
    1,
  );
  if (withMembers)
    db.groups.setMembers(g.groupId, [
      { sessionId: ann.sessionId, name: 'Ann', admin: true, status: 'accepted' },
      { sessionId: ben.sessionId, name: 'Ben', admin: false, status: 'accepted' },
    ]);
  return db;
}

/** The groups service of a device without a network (pollers off), as config sync drives it. */
function service(db: VeilDatabase): { bus: DomainBus; svc: GroupService } {
  const options = svcOptions(db);
  const { bus } = options;
  const svc = new GroupService(options);
  svc.start();
  return { bus, svc };
}

/** What config sync does with a merged UserGroups (config-sync.ts `handleBatch`). */
function applyMerged(db: VeilDatabase, bus: DomainBus, config: UserGroups, data: Uint8Array, now: number) {
  const before = configGroupIds(config);
  config.merge([{ hash: `h${++hash}`.padEnd(43, 'A'), data }]);
  const changed = applyGroups(db, config, before, now);
  if (changed.length > 0) bus.emit({ type: 'groups.changed', groupIds: changed, source: 'config-sync' });
  return changed;
}

const notices = (db: VeilDatabase, groupId: string): GroupNotice[] =>
  db.messages.pageMessages(groupId as SessionId, undefined, 50).flatMap((m) => (m.notice ? [m.notice] : []));

describe('a group that ended, learnt from UserGroups only', () => {
  it('says "You were removed" in the timeline once, also when the group’s own swarm says it too', async () => {
    const g = generateGroupKeyPair();
    const here = benDevice(g);
    const there = benDevice(g);
    const { bus, svc } = service(there);
    try {
      const mine = UserGroups.create(ben.ed25519SecretKey);
      collectGroups(here, mine);
      const theirs = UserGroups.create(ben.ed25519SecretKey);
      applyMerged(there, bus, theirs, mine.push().data, 5);
      expect(notices(there, g.groupId)).toEqual([]);

      // Removed on the other computer (its −11 kicked message): r = 1 reaches this one.
      here.transaction(() => {
        markEnded(here, g.groupId, 'removed');
        here.groups.setStatus(g.groupId, 'left');
      });
      collectGroups(here, mine);
      expect(applyMerged(there, bus, theirs, mine.push().data, 1_700_000_100_000)).toEqual([g.groupId]);
      expect(there.groups.get(g.groupId)?.status).toBe('left');
      expect(notices(there, g.groupId)).toEqual([{ kind: 'kicked', member: ben.sessionId }]);
      // The same entry merged again, a restart: nothing twice.
      applyMerged(there, bus, theirs, mine.push().data, 1_700_000_200_000);
      await svc.stop();
      service(there);
      // The group's own swarm says it afterwards (a poll already under way, a revoked token).
      const rt = new GroupRuntime(svcOptions(there));
      const polling = new GroupPolling(rt, new GroupTimeline(rt), hooks);
      polling.end(g.groupId, 'removed', 1_700_000_300_000);
      expect(notices(there, g.groupId)).toEqual([{ kind: 'kicked', member: ben.sessionId }]);

      // The other way round: the swarm first, then the config: one notice too.
      const third = benDevice(g);
      const rt3 = new GroupRuntime(svcOptions(third));
      const { bus: bus3 } = service(third);
      new GroupPolling(rt3, new GroupTimeline(rt3), hooks).end(g.groupId, 'removed', 1_700_000_050_000);
      expect(notices(third, g.groupId)).toEqual([{ kind: 'kicked', member: ben.sessionId }]);
      applyMerged(third, bus3, UserGroups.create(ben.ed25519SecretKey), mine.push().data, 1_700_000_400_000);
      expect(notices(third, g.groupId)).toHaveLength(1);
      third.close();
    } finally {
      here.close();
      there.close();
    }
  });

  it('says who deleted the group when the members are known; a restored computer that never polled it says an admin did', () => {
    const g = generateGroupKeyPair();
    const here = benDevice(g);
    const there = benDevice(g);
    const restored = freshDb().db;
    const { bus } = service(there);
    const { bus: restoredBus } = service(restored);
    try {
      here.transaction(() => {
        markEnded(here, g.groupId, 'destroyed');
        here.groups.setStatus(g.groupId, 'left');
      });
      const mine = UserGroups.create(ben.ed25519SecretKey);
      collectGroups(here, mine);
      expect(mine.groups()[0]?.removedStatus).toBe(2);
      applyMerged(there, bus, UserGroups.create(ben.ed25519SecretKey), mine.push().data, 1_700_000_100_000);
      expect(endedOf(there, g.groupId)).toBe('destroyed');
      expect(notices(there, g.groupId)).toEqual([{ kind: 'destroyed', by: ann.sessionId }]);

      applyMerged(restored, restoredBus, UserGroups.create(ben.ed25519SecretKey), mine.push().data, 9);
      expect(restored.groups.get(g.groupId)?.status).toBe('left');
      expect(notices(restored, g.groupId)).toEqual([{ kind: 'deleted', member: ben.sessionId }]);
    } finally {
      here.close();
      there.close();
      restored.close();
    }
  });
});

describe('removed, then invited again', () => {
  it('another device of ours brings the group back from r = 0: invited, then joined with its auth data', () => {
    const g = generateGroupKeyPair();
    const here = benDevice(g);
    const there = benDevice(g);
    const { bus } = service(there);
    try {
      const mine = UserGroups.create(ben.ed25519SecretKey);
      collectGroups(here, mine);
      const beforeRemoval = mine.push().data;
      // Removed: both computers end the group (here from the swarm, there from the config).
      here.transaction(() => {
        markEnded(here, g.groupId, 'removed');
        here.groups.setStatus(g.groupId, 'left');
      });
      collectGroups(here, mine);
      const theirs = UserGroups.create(ben.ed25519SecretKey);
      applyMerged(there, bus, theirs, mine.push().data, 1_700_000_100_000);
      expect(there.groups.get(g.groupId)?.status).toBe('left');

      // The entry from before the removal, replayed: an older state, nothing comes back.
      const stale = UserGroups.create(ben.ed25519SecretKey);
      stale.merge([{ hash: 'z'.repeat(43), data: beforeRemoval }]);
      expect(applyGroups(there, stale, configGroupIds(stale), 1_700_000_150_000)).toEqual([]);
      expect(there.groups.get(g.groupId)?.status).toBe('left');

      // Ann invites Ben again; this computer sees the invitation (r back to 0, `i`, new auth data).
      const sentAt = 1_700_000_500_000;
      const auth = makeMemberAuthData(g, ben.sessionId);
      const again = encodeGroupUpdate({
        inviteMessage: {
          groupSessionId: g.groupId,
          name: 'Hikes again',
          memberAuthData: auth,
          adminSignature: signControl(controlSignedText.invite(ben.sessionId, sentAt), g),
        },
      });
      expect(receiveInvite(here, ben, ann.sessionId, sentAt, again, sentAt).kind).toBe('stored');
      collectGroups(here, mine);
      expect(applyMerged(there, bus, theirs, mine.push().data, sentAt + 1)).toEqual([g.groupId]);
      expect(there.groups.get(g.groupId)).toMatchObject({ status: 'invited', name: 'Hikes again' });
      expect(endedOf(there, g.groupId)).toBeNull();
      // Its conversation is a request again, as an invitation's.
      expect(there.conversations.getConversation(g.groupId as string as SessionId)?.isRequest).toBe(true);

      // Accepted here: joined there too, with the auth data and the new join time.
      here.groups.setStatus(g.groupId, 'joined', 1_700_000_600_000);
      collectGroups(here, mine);
      expect(applyMerged(there, bus, theirs, mine.push().data, 1_700_000_600_001)).toEqual([g.groupId]);
      const row = there.groups.get(g.groupId);
      expect(row).toMatchObject({ status: 'joined', joinedAt: 1_700_000_600_000 });
      expect(row?.authData).toEqual(auth);
      // The config there now says what this row says: nothing to write back.
      expect(collectGroups(there, theirs)).toBe(false);
    } finally {
      here.close();
      there.close();
    }
  });

  it('a computer that missed the invitation joins from the entry alone; a deleted group stays deleted', () => {
    const g = generateGroupKeyPair();
    const here = benDevice(g);
    const kicked = benDevice(g);
    const gone = benDevice(g);
    try {
      kicked.transaction(() => {
        markEnded(kicked, g.groupId, 'removed');
        kicked.groups.setStatus(g.groupId, 'left');
      });
      gone.transaction(() => {
        markEnded(gone, g.groupId, 'destroyed');
        gone.groups.setStatus(g.groupId, 'left');
      });
      // Here: removed, invited again, joined again (a later join time).
      here.groups.setStatus(g.groupId, 'joined', JOINED + 3_600_000);
      const mine = UserGroups.create(ben.ed25519SecretKey);
      collectGroups(here, mine);
      const data = mine.push().data;
      const c1 = UserGroups.create(ben.ed25519SecretKey);
      c1.merge([{ hash: 'y'.repeat(43), data }]);
      expect(applyGroups(kicked, c1, new Set(), 7)).toEqual([g.groupId]);
      expect(kicked.groups.get(g.groupId)).toMatchObject({ status: 'joined', joinedAt: JOINED + 3_600_000 });
      expect(endedOf(kicked, g.groupId)).toBeNull();

      const c2 = UserGroups.create(ben.ed25519SecretKey);
      c2.merge([{ hash: 'x'.repeat(43), data }]);
      expect(applyGroups(gone, c2, new Set(), 7)).toEqual([]);
      expect(gone.groups.get(g.groupId)?.status).toBe('left');
      expect(endedOf(gone, g.groupId)).toBe('destroyed');
    } finally {
      here.close();
      kicked.close();
      gone.close();
    }
  });
});

const hooks = NO_POLLING_HOOKS;
const svcOptions = (db: VeilDatabase): GroupServiceOptions => offlineServiceOptions(db, ben, 'Ben');
