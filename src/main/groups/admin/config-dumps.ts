/**
 * A group's Info and Members configs as this device last merged or wrote them, kept between runs
 * in the encrypted database (as desktop keeps libsession's group dumps in `configDump`). An
 * admin edits these and pushes the next seqno: starting from an empty config instead would push
 * seqno 1, which every member's merge would rank below what the swarm already holds. A dump that
 * does not load is dropped; the swarm still has the state and the next full poll merges it back.
 */
import { z } from 'zod';
import { fromBase64, toBase64 } from '../../../crypto/bytes';
import { GroupInfo, GroupMembers } from '../../../swarm/groups/configs';
import { groupPublicKey, type GroupId } from '../../../swarm/groups/identity';
import type { VeilDatabase } from '../../db';
import type { GroupRow } from '../../db/groups';
import { adminKeyPair } from '../group-auth';

/** A group's configs as this device holds them (members only read them). */
export interface GroupConfigs {
  readonly info: GroupInfo;
  readonly members: GroupMembers;
}

const dumpKey = (groupId: string): string => `groups.config-dump.${groupId}`;
const zDumps = z.object({ info: z.string().max(1_000_000), members: z.string().max(1_000_000) });

function readDumps(db: VeilDatabase, groupId: string): { info: Uint8Array; members: Uint8Array } | undefined {
  try {
    const d = db.kv.get(dumpKey(groupId), zDumps);
    return d ? { info: fromBase64(d.info), members: fromBase64(d.members) } : undefined;
  } catch {
    return undefined;
  }
}

/** Loads the configs from their dumps, or starts them empty. `keys`: newest first. */
export function loadGroupConfigs(db: VeilDatabase, row: GroupRow, keys: readonly Uint8Array[]): GroupConfigs {
  const admin = adminKeyPair(row);
  const signer = admin
    ? { publicKey: admin.publicKey, secretKey: admin.secretKey }
    : { publicKey: groupPublicKey(row.groupId as GroupId) };
  const dumps = readDumps(db, row.groupId);
  const info = dumps ? GroupInfo.load(signer, keys, dumps.info) : undefined;
  const members = dumps ? GroupMembers.load(signer, keys, dumps.members) : undefined;
  return {
    info: info ?? new GroupInfo(signer, keys),
    members: members ?? new GroupMembers(signer, keys),
  };
}

/** Writes both dumps (inside the caller's transaction when there is one). */
export function saveGroupConfigs(db: VeilDatabase, groupId: string, configs: GroupConfigs): void {
  db.kv.set(dumpKey(groupId), {
    info: toBase64(configs.info.dump()),
    members: toBase64(configs.members.dump()),
  });
}

/**
 * Writes the Members dump only, keeping the Info dump as stored now: a writer that edited Members
 * alone (member-profiles.ts) never puts back an Info it loaded before an admin's concurrent change.
 */
export function saveMembersConfig(db: VeilDatabase, groupId: string, configs: GroupConfigs): void {
  const current = readDumps(db, groupId);
  db.kv.set(dumpKey(groupId), {
    info: toBase64(current?.info ?? configs.info.dump()),
    members: toBase64(configs.members.dump()),
  });
}

export function forgetGroupConfigs(db: VeilDatabase, groupId: string): void {
  db.kv.delete(dumpKey(groupId));
}

/** What a window or the CLI shows of a group's Info. */
export interface GroupInfoView {
  readonly name: string;
  readonly description: string;
  readonly disappearingSeconds: number;
  readonly picture: { readonly url: string; readonly key: Uint8Array } | null;
  readonly destroyed: boolean;
}

export function infoView(row: GroupRow, configs: GroupConfigs): GroupInfoView {
  const pic = configs.info.picture;
  return {
    name: configs.info.name ?? row.name,
    description: configs.info.description ?? '',
    disappearingSeconds: configs.info.expirySeconds,
    picture: pic ? { url: pic.url, key: pic.key } : null,
    destroyed: configs.info.destroyed,
  };
}
