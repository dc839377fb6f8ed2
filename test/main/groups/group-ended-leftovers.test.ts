/**
 * A group that is over for us keeps nothing of it but its row (name, status, join time), its
 * conversation and messages, and why it ended (db/group-leftovers.ts). Gone, whichever way it
 * ended — left, declined, removed by an admin, deleted by an admin (as a member or as the admin
 * who deleted it), or learnt from another device of ours through UserGroups: its secrets (admin
 * seed, auth data, keys), its members and what we knew of them (names, profile times, the
 * inviter's name), its config dumps, pending Members writes and invite response, an admin's
 * removals, its poll state, and our messages still queued for it (failed). What an older version
 * kept is dropped at start. Another group's all stay.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { identityFromSeed, type Identity, type SessionId } from '../../../src/crypto/keys';
import { sodiumReady } from '../../../src/crypto/sodium';
import { UserGroups } from '../../../src/swarm/config';
import { generateGroupKeyPair, type GroupKeyPair } from '../../../src/swarm/groups/identity';
import { makeMemberAuthData } from '../../../src/swarm/groups/subaccount';
import { bytesEqual } from '../../../src/crypto/bytes';
import { encodeGroupUpdate, decodeGroupUpdate } from '../../../src/swarm/groups/control-messages';
import { decodeContent, encodeContent } from '../../../src/swarm/messages/codec';
import type { ContentMessage } from '../../../src/swarm/messages/index';
import { newMessageId, type VeilDatabase } from '../../../src/main/db';
import { inviteContent } from '../../../src/main/groups/invitations';
import { memberNameKey, type GroupStatus } from '../../../src/main/db/groups';
import { GROUP_KV, GROUP_MEMBER_KV } from '../../../src/main/db/group-leftovers';
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

/**
 * A group on Ben's device as it is while he is in it: members Ann and Cat renamed themselves in
 * their messages, and everything else a group keeps meanwhile (see `leftovers`). `status` 'left'
 * is a group an older version left with all of it.
 */
function addGroup(db: VeilDatabase, g: GroupKeyPair, status: GroupStatus, admin = false): void {
  db.groups.insert(
    {
      groupId: g.groupId,
      name: 'Hikes',
      status,
      ...(admin ? { adminSeed: g.seed } : { authData: makeMemberAuthData(g, ben.sessionId) }),
      invitedBy: ann.sessionId,
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
  const id = g.groupId;
  db.groups.addKey(id, { generation: 0, key: new Uint8Array(32).fill(7), timestamp: JOINED });
  db.kv.set(GROUP_KV.configDump + id, { info: '', members: '' });
  db.kv.set(GROUP_KV.membersPending + id, { accepted: [ann.sessionId], profiles: [] });
  db.kv.set(GROUP_KV.responsePending + id, true);
  db.kv.set(GROUP_KV.inviterName + id, 'Ann');
  db.kv.set(`${GROUP_MEMBER_KV.memberProfileAt}${id}.${cat.sessionId}`, JOINED + 10);
  db.groupRemovals.add([{ groupId: id, member: cat.sessionId, deleteMessages: false, announceAt: null }], 1);
  db.seen.setLastHash(SNODE, id, 11, { hash: 'h1', expiresAt: null }, 1);
  db.seen.markSeen(id, 11, 'h1', JOINED * 2);
  db.outbox.insertOutgoing(
    {
      id: newMessageId(),
      conversationId: id as string as SessionId,
      sender: ben.sessionId,
      body: 'queued',
      // One sent time per message of ours (messages are unique by sender and sent time).
      sentAt: JOINED + 20 + ++sends,
    },
    JOINED + 20,
  );
  // An admin's invitation and promotion still queued (the promotion carries the group's seed).
  const queue = (kind: 'group-invite' | 'group-promote', content: ContentMessage) => {
    db.control.enqueue(
      { recipient: cat.sessionId, kind, content: encodeContent(content), sentAt: JOINED + 30 + ++sends },
      1,
    );
  };
  queue('group-invite', inviteContent(g, 'Hikes', cat.sessionId, JOINED + 30));
  if (admin)
    queue('group-promote', {
      dataMessage: {
        groupUpdateMessage: encodeGroupUpdate({
          promoteMessage: { groupIdentitySeed: g.seed, name: 'Hikes' },
        }),
      },
    });
}

/** Whether an invitation or promotion to `g` is still queued. */
function queuedControls(db: VeilDatabase, g: GroupKeyPair): boolean {
  return db.control.due(Number.MAX_SAFE_INTEGER, 500).some((c) => {
    const raw = decodeContent(c.content);
    const update = raw.ok && raw.value.dataMessage?.groupUpdateMessage;
    const u = update ? decodeGroupUpdate(update) : undefined;
    if (!u?.ok) return false;
    const seed = u.value.promoteMessage?.groupIdentitySeed;
    return (
      u.value.inviteMessage?.groupSessionId === g.groupId || (seed !== undefined && bytesEqual(seed, g.seed))
    );
  });
}

const SNODE = 'a'.repeat(64);
let sends = 0;
const zAny = z.unknown();

/** What the group keeps on this device besides its row, conversation and messages. */
function leftovers(db: VeilDatabase, g: GroupKeyPair) {
  const groupId: string = g.groupId;
  const row = db.groups.get(groupId);
  const kvKeys = [
    ...[ann, cat].map((who) => memberNameKey(groupId, who.sessionId)),
    `${GROUP_MEMBER_KV.memberProfileAt}${groupId}.${cat.sessionId}`,
    ...Object.values(GROUP_KV).map((prefix) => prefix + groupId),
  ];
  const queued = db.messages
    .pageMessages(groupId as SessionId, undefined, 50)
    .find((m) => m.body === 'queued');
  return {
    secrets: row !== undefined && (row.adminSeed !== null || row.authData !== null),
    members: db.groups.members(groupId).length,
    keys: db.groups.keys(groupId).length,
    settings: kvKeys.filter((k) => db.kv.get(k, zAny) !== undefined).length,
    removals: db.groupRemovals.ofGroup(groupId).length,
    invitations: queuedControls(db, g),
    pollState: [db.seen.lastHash(SNODE, groupId, 11) !== undefined, db.seen.seen(groupId, 11, 'h1')],
    // The message stays, in its conversation; only its send stops (Resend once back in it).
    queued: queued && {
      status: queued.status,
      inOutbox: db.outbox.isQueued(queued.id, groupId as SessionId),
    },
  };
}

const KEPT = {
  secrets: true,
  members: 3,
  keys: 1,
  settings: 7,
  removals: 1,
  invitations: true,
  pollState: [true, true],
  queued: { status: 'sending', inOutbox: true },
};
const GONE = {
  secrets: false,
  members: 0,
  keys: 0,
  settings: 0,
  removals: 0,
  invitations: false,
  pollState: [false, false],
  queued: { status: 'failed', inOutbox: false },
};

/** Ben's device with `ending` (in `status`) and another joined group that goes on. */
function benDevice(status: GroupStatus = 'joined', admin = false) {
  const ending = generateGroupKeyPair();
  const other = generateGroupKeyPair();
  const { db } = freshDb();
  addGroup(db, ending, status, admin);
  addGroup(db, other, 'joined');
  // What the tests below expect gone was there.
  expect(leftovers(db, ending)).toEqual(KEPT);
  return { db, ending, other };
}

function expectForgotten(
  db: VeilDatabase,
  ending: GroupKeyPair,
  other: GroupKeyPair,
  gone: Omit<typeof GONE, 'queued'> & { queued: (typeof GONE)['queued'] | undefined } = GONE,
): void {
  expect(db.groups.get(ending.groupId)?.status).toBe('left');
  expect(leftovers(db, ending)).toEqual(gone);
  expect(leftovers(db, other)).toEqual(KEPT);
}

const hooks = NO_POLLING_HOOKS;
const svcOptions = (db: VeilDatabase): GroupServiceOptions => offlineServiceOptions(db, ben, 'Ben');

function polling(db: VeilDatabase): GroupPolling {
  const rt = new GroupRuntime(svcOptions(db));
  return new GroupPolling(rt, new GroupTimeline(rt), hooks);
}

describe('a group that is over for us', () => {
  it('leaves nothing behind when we leave it (offline too)', async () => {
    const { db, ending, other } = benDevice();
    const options = svcOptions(db);
    const changed: string[] = [];
    options.bus.on('messages.changed', (e) => changed.push(...e.ids));
    const svc = new GroupService(options);
    svc.start();
    try {
      await svc.leave(ending.groupId);
      expectForgotten(db, ending, other);
      // The windows learn that our queued message failed.
      const queued = db.messages
        .pageMessages(ending.groupId as string as SessionId, undefined, 50)
        .find((m) => m.body === 'queued');
      expect(changed).toEqual([queued?.id]);
      // What the windows still ask of it reads from the row alone (its picture is gone too).
      expect(svc.info(ending.groupId)).toMatchObject({ name: 'Hikes', picture: null });
      expect(svc.members(ending.groupId)).toEqual([]);
    } finally {
      await svc.stop();
      db.close();
    }
  });

  it('leaves nothing behind when we decline an invitation to it', async () => {
    // Invited again after we were in it: what we learnt then is not kept past the decline.
    const { db, ending, other } = benDevice('invited');
    const svc = new GroupService(svcOptions(db));
    svc.start();
    try {
      svc.decline(ending.groupId);
      // A declined invitation's request goes with its messages (group-conversation.ts).
      expectForgotten(db, ending, other, { ...GONE, queued: undefined });
    } finally {
      await svc.stop();
      db.close();
    }
  });

  it('leaves nothing behind when an admin removes us or deletes it', () => {
    for (const why of ['removed', 'destroyed'] as const) {
      const { db, ending, other } = benDevice();
      polling(db).end(ending.groupId, why, JOINED + 100);
      expectForgotten(db, ending, other);
      db.close();
    }
  });

  it('leaves nothing behind when we, its admin, delete it', async () => {
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

  it('leaves nothing behind when another device of ours ended or left it (UserGroups)', () => {
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

  it('leaves nothing behind that an older version kept, once the groups start', async () => {
    // As a profile of before this rule has it (or one imported from it): left, with all of it.
    const { db, ending, other } = benDevice('left');
    // And a group we deleted for everyone as its admin: its seed told config sync to erase it.
    const deleted = generateGroupKeyPair();
    addGroup(db, deleted, 'left', true);
    markEnded(db, deleted.groupId, 'destroyed');
    expect(leftovers(db, deleted)).toEqual(KEPT);
    const svc = new GroupService(svcOptions(db));
    svc.start();
    try {
      expectForgotten(db, ending, other);
      expect(leftovers(db, deleted)).toEqual(GONE);
      // Its seed is gone, and config sync still erases its entry (not kept as destroyed).
      const config = UserGroups.create(ben.ed25519SecretKey);
      collectGroups(db, config);
      expect(config.groups().map((g) => g.id)).toEqual([other.groupId]);
      expect(db.groups.forgetEnded()).toBe(0);
    } finally {
      await svc.stop();
      db.close();
    }
  });
});
