/**
 * Our groups ↔ UserGroups `g` (sync-groups-communities.md §1; libsession `user_groups.cpp`
 * `group_info`): the admin seed `K` (admins) or the member auth data `s` (members), `i` while
 * the invitation is pending, `j` joined-at (seconds), so that the account's other devices — and
 * a computer restored from the recovery phrase — get the group back with its key material.
 * Called by config sync: collect after a local change, apply after a merge.
 */
import { toHex } from '../../crypto/bytes';
import type { UserGroups } from '../../swarm/config';
import { isGroupId } from '../../swarm/groups/identity';
import type { VeilDatabase } from '../db';
import { adminKeyPair } from './group-auth';

/** Writes our groups into the config and erases those we left. Returns whether anything changed. */
export function collectGroups(db: VeilDatabase, groups: UserGroups): boolean {
  const entries = new Map(groups.groups().map((g) => [g.id, g]));
  let changed = false;
  for (const row of db.groups.all()) {
    const existing = entries.get(row.groupId);
    if (row.status === 'left') {
      if (existing) {
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
      (invitePending || existing.joinedAt === joinedAt);
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
    if (existing) {
      // Accepted on another device of ours: the invitation here is answered too (polled as joined).
      if (existing.status === 'invited' && !e.invitePending && e.joinedAt > 0) {
        db.groups.setStatus(e.id, 'joined', e.joinedAt * 1000);
        changed.push(e.id);
      }
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

export function configGroupIds(groups: UserGroups): Set<string> {
  return new Set(groups.groups().map((g) => g.id));
}
