/**
 * What a group swarm's poll brought (sync-groups-communities.md §3.3 "Flow"): Keys (12) first,
 * so that the configs and messages of the same poll can be read, then Info (13) and Members (14),
 * then messages (11). Everything is checked: Keys messages and configs must carry the group
 * key's signature, messages must decrypt with a key we hold and verify under their author's key.
 * A bad item is dropped and counted, never thrown.
 */
import type { Identity, SessionId } from '../../crypto/keys';
import { GroupInfo, GroupMembers, InviteStatus, RemovedStatus } from '../../swarm/groups/configs';
import { decryptGroupMessage } from '../../swarm/groups/group-message';
import { decodeGroupUpdate } from '../../swarm/groups/control-messages';
import { groupPublicKey, type GroupId } from '../../swarm/groups/identity';
import { loadKeysMessage } from '../../swarm/groups/keys-message';
import { Namespace } from '../../swarm/namespaces';
import type { PolledMessage } from '../network';
import type { VeilDatabase } from '../db';
import type { GroupMemberRow, GroupMemberStatus, GroupRow } from '../db/groups';
import { adminKeyPair, keysReaderOf } from './group-auth';
import { decodeGroupPlaintext } from './group-wire';

/** The longest group message body kept, as for 1-to-1 (incoming.ts INCOMING_BODY_MAX). */
const BODY_MAX = 10_000;

/** A group's configs as this device last merged them (members only read them). */
export interface GroupConfigs {
  readonly info: GroupInfo;
  readonly members: GroupMembers;
}

export function groupConfigsFor(row: GroupRow, keys: readonly Uint8Array[]): GroupConfigs {
  const admin = adminKeyPair(row);
  const signer = admin
    ? { publicKey: admin.publicKey, secretKey: admin.secretKey }
    : { publicKey: groupPublicKey(row.groupId as GroupId) };
  return { info: new GroupInfo(signer, keys), members: new GroupMembers(signer, keys) };
}

export interface IngestResult {
  /** Hashes of the messages stored. */
  readonly stored: string[];
  infoChanged: boolean;
  membersChanged: boolean;
  dropped: number;
}

function memberStatus(m: { admin: boolean; inviteStatus: number; removedStatus: number }): GroupMemberStatus {
  if (m.removedStatus !== RemovedStatus.None) return 'removed';
  if (m.admin) return 'accepted';
  switch (m.inviteStatus) {
    case InviteStatus.Sent:
      return 'sent';
    case InviteStatus.Failed:
      return 'failed';
    case InviteStatus.NotSent:
      return 'not-sent';
    default:
      return 'accepted';
  }
}

export function ingestGroupBatch(
  db: VeilDatabase,
  identity: Identity,
  row: GroupRow,
  configs: GroupConfigs,
  messages: readonly PolledMessage[],
  now: number,
  log: (line: string) => void,
): IngestResult {
  const result: IngestResult = { stored: [], infoChanged: false, membersChanged: false, dropped: 0 };
  const reader = keysReaderOf(row, identity);
  for (const m of messages.filter((x) => x.namespace === Namespace.GroupKeys)) {
    const loaded = loadKeysMessage(m.data, m.timestamp, reader);
    if (!loaded.ok) {
      log(`group ${row.groupId.slice(0, 10)}: dropped a Keys message (${loaded.error.reason})`);
      result.dropped++;
      continue;
    }
    for (const k of loaded.value.keys)
      db.groups.addKey(row.groupId, { generation: k.generation, key: k.key, timestamp: k.timestampMs });
  }
  const keys = db.groups.keys(row.groupId).map((k) => k.key);
  if (keys.length > 0) {
    configs.info.replaceKeys(keys, false);
    configs.members.replaceKeys(keys, false);
  }
  const info = messages.filter((x) => x.namespace === Namespace.GroupInfo);
  if (info.length > 0 && keys.length > 0) {
    configs.info.merge(info.map((x) => ({ hash: x.hash, data: x.data })));
    const name = configs.info.name;
    if (name !== undefined && name !== row.name) {
      db.groups.setName(row.groupId, name);
      result.infoChanged = true;
    }
  }
  const members = messages.filter((x) => x.namespace === Namespace.GroupMembers);
  if (members.length > 0 && keys.length > 0) {
    configs.members.merge(members.map((x) => ({ hash: x.hash, data: x.data })));
    const list = configs.members.all();
    if (list.length > 0) {
      const rows: GroupMemberRow[] = list.map((m) => ({
        sessionId: m.sessionId,
        name: m.name,
        admin: m.admin,
        status: memberStatus(m),
      }));
      // An admin's own record of accepted invitations (from their responses) outlives a config
      // that was pushed before they came.
      const accepted = new Set(
        db.groups
          .members(row.groupId)
          .filter((m) => m.status === 'accepted')
          .map((m) => m.sessionId),
      );
      db.groups.setMembers(
        row.groupId,
        rows.map((r) =>
          accepted.has(r.sessionId) && r.status === 'sent' ? { ...r, status: 'accepted' } : r,
        ),
      );
      result.membersChanged = true;
    }
  }
  for (const m of messages.filter((x) => x.namespace === Namespace.GroupMessages)) {
    if (!ingestMessage(db, identity, row, keys, m, now, result)) result.dropped++;
  }
  return result;
}

function ingestMessage(
  db: VeilDatabase,
  identity: Identity,
  row: GroupRow,
  keys: readonly Uint8Array[],
  m: PolledMessage,
  now: number,
  result: IngestResult,
): boolean {
  const opened = decryptGroupMessage(m.data, keys);
  if (!opened.ok) return false;
  const sender: SessionId = opened.value.sender;
  const plain = decodeGroupPlaintext(opened.value.data);
  if (!plain) return false;
  const data = plain.content.dataMessage;
  const update = data?.groupUpdateMessage;
  if (update !== undefined) {
    const decoded = decodeGroupUpdate(update);
    if (!decoded.ok) return false;
    const response = decoded.value.inviteResponse;
    // Only an admin keeps invitation statuses (Members `I`); an approval marks the member joined.
    if (response?.isApproved === true && adminKeyPair(row) && sender !== identity.sessionId) {
      db.groups.setMemberStatus(row.groupId, sender, 'accepted');
      // The admin's member list changed: its window shows the status (groups.changed).
      result.membersChanged = true;
    }
    return true;
  }
  const body = data?.body;
  if (body === undefined || body === '' || body.length > BODY_MAX) return body === '';
  const mine = sender === identity.sessionId;
  if (
    db.groups.addMessage({
      groupId: row.groupId,
      hash: m.hash,
      sender,
      body,
      sentAt: plain.sentAt,
      receivedAt: now,
      mine,
      read: mine,
    })
  )
    result.stored.push(m.hash);
  return true;
}
