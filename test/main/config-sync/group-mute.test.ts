/**
 * A group's mute across two devices of one account through UserGroups `g` `@`/`!` (group-mute.ts),
 * without a network: device A mutes, its UserGroups travels to device B (push, merge), B applies
 * it; an entry that never had the fields does not unmute a group muted before the sync existed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity, SessionId } from '../../../src/crypto/keys';
import { UserGroups } from '../../../src/swarm/config';
import {
  applyGroupMutes,
  collectGroupMutes,
  groupMuteSnapshot,
} from '../../../src/main/config-sync/group-mute';
import type { DomainEvent } from '../../../src/main/domain/events';
import { MUTED_FOREVER } from '../../../src/shared/notifications';
import { freshDb, removeTempDirs } from '../db/helpers';
import { newIdentity, offlineConfigSync } from './offline-sync';

const NOW = 1_700_000_100_000;
const GROUP = `03${'5a'.repeat(32)}` as SessionId;
let me: Identity;

beforeAll(async () => {
  me = await newIdentity();
});
afterAll(removeTempDirs);

/** One device: a database with the group's conversation, and its UserGroups with the group. */
function device() {
  const { db } = freshDb();
  db.conversations.ensureConversation({ id: GROUP, type: 'group', approved: true }, NOW);
  const groups = UserGroups.create(me.ed25519SecretKey);
  groups.setGroup({ id: GROUP, name: 'Walks', invitePending: false, joinedAt: 1_700_000 });
  return { db, groups };
}

let pushes = 0;
/** `from`'s UserGroups to `to` as the swarm would carry it; the merge applied as config sync does. */
function transfer(from: UserGroups, to: ReturnType<typeof device>): string[] {
  const before = groupMuteSnapshot(to.groups);
  const p = from.push();
  const hash = `h-${String(pushes++)}`;
  from.confirmPushed(p.seqno, hash);
  to.groups.merge([{ hash, data: p.data }]);
  return applyGroupMutes(to.db, to.groups, before, NOW);
}

const entry = (groups: UserGroups) => groups.groups().find((g) => g.id === GROUP);

describe('a group’s mute in UserGroups `@`/`!`', () => {
  it('collect writes the mute, mentions only (3) and a timed mute’s end in seconds', () => {
    const a = device();
    a.db.mute.setMutedUntil(GROUP, MUTED_FOREVER);
    collectGroupMutes(a.db, a.groups, [GROUP], NOW);
    expect(entry(a.groups)).toMatchObject({ notifications: 2, muteUntil: 0 });
    a.db.mute.setMutedUntil(GROUP, NOW + 3_600_500);
    a.db.mute.setMentionsOnly(GROUP, true);
    collectGroupMutes(a.db, a.groups, undefined, NOW);
    expect(entry(a.groups)).toMatchObject({
      notifications: 3,
      muteUntil: Math.ceil((NOW + 3_600_500) / 1000),
    });
    a.db.mute.setMutedUntil(GROUP, null);
    a.db.mute.setMentionsOnly(GROUP, false);
    collectGroupMutes(a.db, a.groups, [GROUP], NOW);
    expect(entry(a.groups)).toMatchObject({ notifications: 0, muteUntil: 0 });
  });

  it('what one device mutes is muted on the other, and unmuted too', () => {
    const a = device();
    const b = device();
    transfer(a.groups, b); // both in step first
    a.db.mute.setMutedUntil(GROUP, MUTED_FOREVER);
    collectGroupMutes(a.db, a.groups, [GROUP], NOW);
    expect(transfer(a.groups, b)).toEqual([GROUP]);
    expect(b.db.mute.get(GROUP).mutedUntil).toBe(MUTED_FOREVER);

    a.db.mute.setMutedUntil(GROUP, null);
    a.db.mute.setMentionsOnly(GROUP, true);
    collectGroupMutes(a.db, a.groups, [GROUP], NOW);
    expect(transfer(a.groups, b)).toEqual([GROUP]);
    expect(b.db.mute.get(GROUP)).toEqual({ mutedUntil: null, mentionsOnly: true });
  });

  it('an entry whose fields did not change leaves the mute here as it is', () => {
    const a = device();
    const b = device();
    b.db.mute.setMutedUntil(GROUP, MUTED_FOREVER); // muted on B before the fields were synced
    a.groups.setGroupPriority(GROUP, 1); // another change of the entry, no `@`/`!`
    transfer(a.groups, b);
    expect(transfer(a.groups, b)).toEqual([]);
    expect(b.db.mute.get(GROUP).mutedUntil).toBe(MUTED_FOREVER);
  });

  it('a mute alone never creates a group entry', () => {
    const groups = UserGroups.create(me.ed25519SecretKey);
    groups.setGroupNotifications(GROUP, 2, 0);
    expect(groups.groups()).toEqual([]);
  });
});

describe('config sync carries a group’s mute (offline, two devices)', () => {
  function offlineSync() {
    const { db } = freshDb();
    db.conversations.ensureConversation({ id: GROUP, type: 'group', approved: true }, NOW);
    const synced = offlineConfigSync(me, db);
    synced.sync.configs.groups.setGroup({
      id: GROUP,
      name: 'Walks',
      invitePending: false,
      joinedAt: 1_700_000,
    });
    return synced;
  }

  it('a mute announced on the bus is collected, pushed, and applied by the other device', () => {
    const a = offlineSync();
    const b = offlineSync();
    a.db.mute.setMutedUntil(GROUP, MUTED_FOREVER);
    a.bus.emit({ type: 'conversations.changed', ids: [GROUP], source: 'local' });
    a.sync.flushLocalChanges();
    expect(entry(a.sync.configs.groups)?.notifications).toBe(2);
    const p = a.sync.configs.groups.push();
    const seen: DomainEvent[] = [];
    b.bus.on(['conversations.changed'], (e) => seen.push(e));
    b.sync.handleBatch(new Map([[5, [{ hash: 'h-mute', data: p.data }]]]));
    expect(b.db.mute.get(GROUP).mutedUntil).toBe(MUTED_FOREVER);
    expect(seen).toContainEqual(expect.objectContaining({ ids: expect.arrayContaining([GROUP]) }));
    void a.sync.close();
    void b.sync.close();
  });
});
