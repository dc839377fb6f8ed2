/**
 * Who signs for a group on its swarm: an admin with the group's own key (from the seed we keep),
 * a member with the sub-account of its invitation (sync-groups-communities.md §3.3). The same
 * object tells which Keys reader we are.
 */
import type { Identity } from '../../crypto/keys';
import {
  groupKeyPairFromSeed,
  groupPublicKey,
  type GroupId,
  type GroupKeyPair,
} from '../../swarm/groups/identity';
import type { KeysReader } from '../../swarm/groups/keys-message';
import type { StorageAuth } from '../../swarm/storage-requests';
import type { GroupRow } from '../db/groups';

/** The group's key pair when we are an admin of it (the seed's public key must be the group's). */
export function adminKeyPair(row: GroupRow): GroupKeyPair | undefined {
  if (row.adminSeed === null) return undefined;
  const kp = groupKeyPairFromSeed(row.adminSeed);
  return kp.groupId === row.groupId ? kp : undefined;
}

/** Signs this group's storage requests; undefined when we hold neither the seed nor auth data. */
export function swarmAuthOf(row: GroupRow, identity: Identity): StorageAuth | undefined {
  const admin = adminKeyPair(row);
  if (admin) return { kind: 'group-admin', ed25519SecretKey: admin.secretKey };
  if (row.authData === null) return undefined;
  return {
    kind: 'group-member',
    groupId: row.groupId,
    authData: row.authData,
    ed25519SecretKey: identity.ed25519SecretKey,
  };
}

export function keysReaderOf(row: GroupRow, identity: Identity): KeysReader {
  const admin = adminKeyPair(row);
  if (admin) return { kind: 'admin', group: admin };
  return {
    kind: 'member',
    userSk: identity.ed25519SecretKey,
    groupPk: groupPublicKey(row.groupId as GroupId),
  };
}
