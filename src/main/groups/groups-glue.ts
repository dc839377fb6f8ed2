/**
 * Our groups ↔ UserGroups `g` (sync-groups-communities.md §1; libsession `user_groups.cpp`
 * `group_info`): the admin seed `K` (admins) or the member auth data `s` (members), `i` while
 * the invitation is pending, `j` joined-at (seconds), so that the account's other devices — and
 * a computer restored from the recovery phrase — get the group back with its key material.
 * Called by config sync: collect after a local change, apply after a merge.
 */
import { toHex } from '../../crypto/bytes';
import { REMOVED_STATUS, type UserGroups } from '../../swarm/config';
import type { GroupV2Entry } from '../../swarm/config/user-groups';
import { isGroupId } from '../../swarm/groups/identity';
import type { VeilDatabase } from '../db';
import type { GroupRow } from '../db/groups';
import { adminKeyPair } from './group-auth';
import { clearEnded, endedOf, markEndNoticeDue, markEnded, type GroupEnd } from './group-ended';

/**
 * Writes our groups into the config: a group we left (or declined) is erased; one we were removed
 * from, or that its admin deleted, stays marked kicked / destroyed without its keys, as Session's
 * `deleteGroup(keepAsKicked | keepAsDestroyed)` leaves it. Returns whether anything changed.
 */
export function collectGroups(db: VeilDatabase, groups: UserGroups): boolean {
  const entries = new Map(groups.groups().map((g) => [g.id, g]));
  let changed = false;
  for (const row of db.groups.all()) {
    const existing = entries.get(row.groupId);
    if (row.status === 'left') {
      const ended = row.joinedAt === null ? null : endedOf(db, row.groupId);
      // The admin who deleted the group erases it, as Session's does (`deleteGroup(doNotKeep)`).
      if (ended !== null && !(ended === 'destroyed' && adminKeyPair(row))) {
        changed = writeEnded(groups, row, ended, existing) || changed;
      } else if (existing) {
        groups.eraseGroup(row.groupId);
        changed = true;
      }
      continue;
    }
    const admin = adminKeyPair(row);
    const invitePending = row.status === 'invited';
    const joinedAt = Math.floor((row.joinedAt ?? 0) / 1000);
    const same =
      existing?.name === row.name &&
      existing.invitePending === invitePending &&
      (admin
        ? existing.adminSeed !== undefined && toHex(existing.adminSeed) === toHex(admin.seed)
        : existing.authData !== undefined &&
          row.authData !== null &&
          toHex(existing.authData) === toHex(row.authData)) &&
      (invitePending || existing.joinedAt === joinedAt) &&
      // Invited again after a kick: no longer kicked (libsession `mark_invited`).
      existing.removedStatus === REMOVED_STATUS.none;
    if (same) continue;
    groups.setGroup({
      id: row.groupId,
      name: row.name,
      ...(admin ? { adminSecretKey: admin.secretKey } : {}),
      ...(row.authData ? { authData: row.authData } : {}),
      invitePending,
      joinedAt: invitePending ? 0 : joinedAt,
      ...(existing ? { priority: existing.priority } : {}),
    });
    changed = true;
  }
  return changed;
}

const statusOf = (why: GroupEnd) => (why === 'destroyed' ? REMOVED_STATUS.destroyed : REMOVED_STATUS.kicked);
const endOf = (status: number): GroupEnd | null =>
  status === REMOVED_STATUS.destroyed ? 'destroyed' : status === REMOVED_STATUS.kicked ? 'removed' : null;

function writeEnded(
  groups: UserGroups,
  row: GroupRow,
  why: GroupEnd,
  existing: GroupV2Entry | undefined,
): boolean {
  const joinedAt = Math.floor((row.joinedAt ?? 0) / 1000);
  const want = statusOf(why);
  if (
    existing?.name === row.name &&
    existing.joinedAt === joinedAt &&
    !existing.invitePending &&
    existing.adminSeed === undefined &&
    existing.authData === undefined &&
    (existing.removedStatus === want || existing.removedStatus === REMOVED_STATUS.destroyed)
  )
    return false;
  groups.markGroupEnded(row.groupId, why === 'destroyed' ? 'destroyed' : 'kicked', row.name, joinedAt);
  return true;
}

/**
 * Adds here the groups another device of ours holds (with their seed or auth data) and leaves
 * those it removed (`before`: the config's group IDs before the merge). Returns the groups changed.
 */
export function applyGroups(
  db: VeilDatabase,
  groups: UserGroups,
  before: ReadonlySet<string>,
  now: number,
): string[] {
  const changed: string[] = [];
  const after = new Set<string>();
  for (const e of groups.groups()) {
    if (!isGroupId(e.id)) continue;
    after.add(e.id);
    const existing = db.groups.get(e.id);
    const ended = endOf(e.removedStatus);
    if (ended !== null) {
      if (applyEnded(db, e, ended, existing, now)) changed.push(e.id);
      continue;
    }
    if (existing) {
      // Accepted on another device of ours: the invitation here is answered too (polled as joined).
      if (existing.status === 'invited' && !e.invitePending && e.joinedAt > 0) {
        db.groups.setStatus(e.id, 'joined', e.joinedAt * 1000);
        changed.push(e.id);
      } else if (existing.status === 'left' && revive(db, e, existing)) changed.push(e.id);
      continue;
    }
    const seed = e.adminSeed?.length === 32 ? e.adminSeed : undefined;
    const authData = e.authData?.length === 100 ? e.authData : undefined;
    if (!seed && !authData) continue;
    const inserted = db.groups.insert(
      {
        groupId: e.id,
        name: e.name,
        status: e.invitePending ? 'invited' : 'joined',
        ...(seed ? { adminSeed: seed } : {}),
        ...(authData ? { authData } : {}),
        ...(e.joinedAt > 0 ? { joinedAt: e.joinedAt * 1000 } : {}),
      },
      now,
    );
    // A seed that is not this group's (adminKeyPair checks it) still leaves a harmless row.
    if (inserted) changed.push(e.id);
  }
  for (const row of db.groups.all()) {
    if (before.has(row.groupId) && !after.has(row.groupId) && row.status !== 'left') {
      db.groups.setStatus(row.groupId, 'left');
      changed.push(row.groupId);
    }
  }
  return changed;
}

/**
 * Another device of ours was removed from the group (or saw it deleted), or this is a restored
 * computer: the group is kept here as one we were removed from, with its name, read-only. A
 * pending invitation here is newer than the kick (Session's `mark_invited` follows a re-invite),
 * so it stays.
 */
function applyEnded(
  db: VeilDatabase,
  e: GroupV2Entry,
  why: GroupEnd,
  existing: GroupRow | undefined,
  now: number,
): boolean {
  const joinedAt = e.joinedAt > 0 ? e.joinedAt * 1000 : now;
  // An invitation sent after we had joined is a re-invite, newer than the kick; an older one is
  // a copy of the first invitation polled again (a restored computer's inbox) and ends too.
  if (existing?.status === 'invited' && (e.joinedAt === 0 || (existing.invitedAt ?? 0) > joinedAt))
    return false;
  if (existing?.status === 'left' && (existing.joinedAt === null || endedOf(db, e.id) !== null)) return false;
  return db.transaction(() => {
    if (!existing)
      db.groups.insert(
        // `invitedAt`: any invitation sent before we joined is older and brings nothing back.
        { groupId: e.id, name: e.name, status: 'left', joinedAt, invitedAt: joinedAt },
        now,
      );
    else if (existing.status !== 'left') db.groups.setStatus(e.id, 'left', existing.joinedAt ?? joinedAt);
    markEnded(db, e.id, why);
    // "You were removed from the group" in its timeline, as when the group's own swarm says it
    // (group-polling.ts `end`); not for a group we had already left here.
    if (existing?.status !== 'left') markEndNoticeDue(db, e.id, why, now);
    return true;
  });
}

/**
 * An entry that is not kicked (`r` = 0) for a group that is over here: removed and invited again
 * (libsession `mark_invited` turns 1 back into 0), then maybe joined on another device of ours.
 * The group comes back here as that device has it — invited, or joined with the key material
 * the entry carries — when the entry is newer than what ended it here: a pending invitation
 * after a removal, or a join later than ours. An older entry (a merge replaying the state from
 * before) changes nothing; a deleted group stays deleted (libsession: destroyed is final); an
 * invitation declined here comes back only with a new invitation (invitations.ts).
 */
function revive(db: VeilDatabase, e: GroupV2Entry, existing: GroupRow): boolean {
  if (existing.joinedAt === null) return false;
  const ended = endedOf(db, e.id);
  if (ended === 'destroyed') return false;
  const adminSeed = e.adminSeed?.length === 32 ? e.adminSeed : undefined;
  const authData = e.authData?.length === 100 ? e.authData : undefined;
  if (!adminSeed && !authData) return false;
  const newer = e.invitePending ? ended === 'removed' : e.joinedAt > Math.floor(existing.joinedAt / 1000);
  if (!newer) return false;
  return db.transaction(() => {
    clearEnded(db, e.id);
    return db.groups.revive({
      groupId: e.id,
      status: e.invitePending ? 'invited' : 'joined',
      name: e.name,
      ...(adminSeed ? { adminSeed } : {}),
      ...(authData ? { authData } : {}),
      ...(e.invitePending ? {} : { joinedAt: e.joinedAt * 1000 }),
    });
  });
}

export function configGroupIds(groups: UserGroups): Set<string> {
  return new Set(groups.groups().map((g) => g.id));
}
