/**
 * A group that is over for us keeps no name of its members: the newest names member-names.ts
 * remembers (`groups.member-name.<group>.<member>` in settings_kv) leave with the group whichever
 * way it ended — left, declined, removed by an admin, deleted by an admin (as a member or as the
 * admin who deleted it), or learnt from another device of ours through UserGroups — and those
 * an older version kept are dropped at start. Another group's names stay.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { identityFromSeed, type Identity } from '../../../src/crypto/keys';
import { sodiumReady } from '../../../src/crypto/sodium';
import { UserGroups } from '../../../src/swarm/config';
import { generateGroupKeyPair, type GroupKeyPair } from '../../../src/swarm/groups/identity';
import { makeMemberAuthData } from '../../../src/swarm/groups/subaccount';
import type { VeilDatabase } from '../../../src/main/db';
import { memberNameKey, type GroupStatus } from '../../../src/main/db/groups';
import type { AdminContext } from '../../../src/main/groups/admin/admin-context';
import { AdminSteps } from '../../../src/main/groups/admin/admin-steps';
import { destroy } from '../../../src/main/groups/admin/info-ops';
import { buildNewGroup } from '../../../src/main/groups/build-group';
import { markEnded } from '../../../src/main/groups/group-ended';
import { GroupPolling } from '../../../src/main/groups/group-polling';
import { GroupRuntime, type GroupServiceOptions } from '../../../src/main/groups/group-runtime';
import { GroupService } from '../../../src/main/groups/group-service';
import { GroupTimeline } from '../../../src/main/groups/group-timeline';
import { applyGroups, collectGroups, configGroupIds } from '../../../src/main/groups/groups-glue';
import { followMemberNames } from '../../../src/main/groups/member-names';
import { freshDb, removeTempDirs } from '../db/helpers';
import { NO_POLLING_HOOKS, offlineServiceOptions } from './offline-service';

const person = (): Identity => identityFromSeed(new Uint8Array(randomBytes(32)));
const JOINED = 1_700_000_000_000;
let ann: Identity;
let ben: Identity;
let cat: Identity;

beforeAll(async () => {
  await sodiumReady();
  [ann, ben, cat] = [person(), person(), person()];
});
afterAll(removeTempDirs);

/** A group on Ben's device whose members Ann and Cat renamed themselves in their messages. */
function addGroup(db: VeilDatabase, g: GroupKeyPair, status: GroupStatus, admin = false): void {
  db.groups.insert(
    {
      groupId: g.groupId,
      name: 'Hikes',
      status,
      ...(admin ? { adminSeed: g.seed } : { authData: makeMemberAuthData(g, ben.sessionId) }),
      invitedAt: JOINED - 1_000,
      ...(status === 'invited' ? {} : { joinedAt: JOINED }),
    },
    1,
  );
  db.groups.setMembers(g.groupId, [
    { sessionId: ann.sessionId, name: 'Ann', admin: true, status: 'accepted' },
    { sessionId: ben.sessionId, name: 'Ben', admin: false, status: 'accepted' },
    { sessionId: cat.sessionId, name: 'Cat', admin: false, status: 'accepted' },
  ]);
  const said = (who: Identity, name: string) => ({
    member: who.sessionId,
    sentAt: JOINED + 10,
    name,
    picture: undefined,
  });
  followMemberNames(db, g.groupId, [said(ann, 'Annie'), said(cat, 'Catherine')], ben.sessionId);
}

const zKnown = z.object({ at: z.number(), name: z.string() });
/** The names remembered for the group's members, by member. */
const namesOf = (db: VeilDatabase, groupId: string): (string | undefined)[] =>
  [ann, cat].map((who) => db.kv.get(memberNameKey(groupId, who.sessionId), zKnown)?.name);

/** Ben's device with `ending` (in `status`) and another joined group that goes on. */
function benDevice(status: GroupStatus = 'joined', admin = false) {
  const ending = generateGroupKeyPair();
  const other = generateGroupKeyPair();
  const { db } = freshDb();
  addGroup(db, ending, status, admin);
  addGroup(db, other, 'joined');
  // What the tests below expect gone was there: followMemberNames wrote it.
  expect(namesOf(db, ending.groupId)).toEqual(['Annie', 'Catherine']);
  return { db, ending, other };
}

function expectForgotten(db: VeilDatabase, ending: GroupKeyPair, other: GroupKeyPair): void {
  expect(db.groups.get(ending.groupId)?.status).toBe('left');
  expect(namesOf(db, ending.groupId)).toEqual([undefined, undefined]);
  expect(namesOf(db, other.groupId)).toEqual(['Annie', 'Catherine']);
}

const hooks = NO_POLLING_HOOKS;
const svcOptions = (db: VeilDatabase): GroupServiceOptions => offlineServiceOptions(db, ben, 'Ben');

function polling(db: VeilDatabase): GroupPolling {
  const rt = new GroupRuntime(svcOptions(db));
  return new GroupPolling(rt, new GroupTimeline(rt), hooks);
}

describe("an ended group's member names", () => {
  it('leave with the group when we leave it (offline too)', async () => {
    const { db, ending, other } = benDevice();
    const svc = new GroupService(svcOptions(db));
    svc.start();
    try {
      await svc.leave(ending.groupId);
      expectForgotten(db, ending, other);
    } finally {
      await svc.stop();
      db.close();
    }
  });

  it('leave with an invitation we decline', async () => {
    // Invited again after we were in it: what we learnt then is not kept past the decline.
    const { db, ending, other } = benDevice('invited');
    const svc = new GroupService(svcOptions(db));
    svc.start();
    try {
      svc.decline(ending.groupId);
      expectForgotten(db, ending, other);
    } finally {
      await svc.stop();
      db.close();
    }
  });

  it('leave with the group when an admin removes us or deletes it', () => {
    for (const why of ['removed', 'destroyed'] as const) {
      const { db, ending, other } = benDevice();
      polling(db).end(ending.groupId, why, JOINED + 100);
      expectForgotten(db, ending, other);
      db.close();
    }
  });

  it('leave with the group when we, its admin, delete it', async () => {
    const { db, ending, other } = benDevice('joined', true);
    const built = buildNewGroup({
      name: 'Hikes',
      admin: ann.sessionId,
      adminName: 'Ann',
      members: [ben.sessionId],
      nowMs: JOINED,
    });
    // Only what `destroy` reaches: the swarm is not the subject here (pushing is stubbed).
    const context = {
      db,
      network: () => ({ networkNow: () => JOINED + 100 }),
      identity: () => ben,
      row: (id: string) => db.groups.get(id),
      notice: () => undefined,
      ended: () => Promise.resolve(),
      changed: () => undefined,
    } as unknown as AdminContext;
    const steps = new AdminSteps(context);
    steps.configsOf = () => Promise.resolve(built.configs);
    steps.push = () => Promise.resolve();
    await destroy(steps, ending.groupId);
    expect(built.configs.info.destroyed).toBe(true);
    expectForgotten(db, ending, other);
    db.close();
  });

  it('leave with the group when another device of ours ended or left it (UserGroups)', () => {
    // Removed there: r = 1 reaches this device.
    const { db, ending, other } = benDevice();
    const there = freshDb().db;
    addGroup(there, ending, 'joined');
    there.transaction(() => {
      markEnded(there, ending.groupId, 'removed');
      there.groups.setStatus(ending.groupId, 'left');
    });
    const config = UserGroups.create(ben.ed25519SecretKey);
    collectGroups(there, config);
    expect(config.groups()[0]?.removedStatus).toBe(1);
    const mine = UserGroups.create(ben.ed25519SecretKey);
    const before = configGroupIds(mine);
    mine.merge([{ hash: 'a'.repeat(43), data: config.push().data }]);
    expect(applyGroups(db, mine, before, JOINED + 200)).toEqual([ending.groupId]);
    expectForgotten(db, ending, other);

    // Left there: its entry is erased, and this device leaves it too.
    const second = benDevice();
    expect(
      applyGroups(second.db, UserGroups.create(ben.ed25519SecretKey), new Set([second.ending.groupId]), 9),
    ).toEqual([second.ending.groupId]);
    expectForgotten(second.db, second.ending, second.other);
    db.close();
    there.close();
    second.db.close();
  });

  it('that an older version kept are dropped when the groups start', async () => {
    const { db, ending, other } = benDevice();
    db.groups.setStatus(ending.groupId, 'left');
    // As a profile of before this rule has them (or one imported from it).
    db.kv.set(memberNameKey(ending.groupId, ann.sessionId), { at: JOINED, name: 'Annie' });
    db.kv.set(memberNameKey(ending.groupId, cat.sessionId), { at: JOINED, name: 'Catherine' });
    const svc = new GroupService(svcOptions(db));
    svc.start();
    try {
      expectForgotten(db, ending, other);
    } finally {
      await svc.stop();
      db.close();
    }
  });
});
