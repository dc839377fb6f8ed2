/**
 * What a group swarm's poll brought (sync-groups-communities.md §3.3 "Flow"): Keys (12) first,
 * so that the configs and messages of the same poll can be read, then Info (13) and Members (14),
 * then messages (11). Everything is checked: Keys messages and configs must carry the group
 * key's signature, messages must decrypt with a key we hold and verify under their author's key,
 * and admin control messages must carry the group key's signature over their text
 * (admin/control-notices.ts). A bad item is dropped and counted, never thrown.
 */
import type { Identity, SessionId } from '../../crypto/keys';
import { InviteStatus, RemovedStatus } from '../../swarm/groups/configs';
import { decryptGroupMessage } from '../../swarm/groups/group-message';
import { decodeGroupUpdate } from '../../swarm/groups/control-messages';
import type { GroupId } from '../../swarm/groups/identity';
import { loadKeysMessage } from '../../swarm/groups/keys-message';
import { Namespace } from '../../swarm/namespaces';
import type { GroupNotice } from '../../shared/group-notice';
import type { PolledMessage } from '../network';
import type { GroupDelivery } from '../messaging/group-incoming';
import type { VeilDatabase } from '../db';
import { groupConversation, groupTimer } from './group-timer';
import type { GroupMemberRow, GroupMemberStatus, GroupRow } from '../db/groups';
import { loadGroupConfigs, saveGroupConfigs, type GroupConfigs } from './admin/config-dumps';
import { readControl } from './admin/control-notices';
import { adminKeyPair, keysReaderOf } from './group-auth';
import { decodeGroupPlaintext } from './group-wire';
import { profileOf, type MemberProfile } from './member-profile';
import { followMemberNames, withKnownNames } from './member-names';

export type { GroupConfigs } from './admin/config-dumps';
export type { MemberProfile } from './member-profile';

/** The longest group message body kept, as for 1-to-1 (incoming.ts INCOMING_BODY_MAX). */
const BODY_MAX = 10_000;

export function groupConfigsFor(db: VeilDatabase, row: GroupRow, keys: readonly Uint8Array[]): GroupConfigs {
  return loadGroupConfigs(db, row, keys);
}

export interface TimedNotice {
  readonly notice: GroupNotice;
  readonly sentAt: number;
}

export interface IngestResult {
  /** The group's messages, decrypted and authenticated, for its conversation (messaging). */
  readonly messages: GroupDelivery[];
  /** Changes to the group announced by their signed control messages, for its timeline. */
  readonly notices: TimedNotice[];
  /** The profiles members' authenticated messages carried (an admin writes them into Members). */
  readonly profiles: MemberProfile[];
  /**
   * Members an admin now knows joined while Members still has them invited: an approving invite
   * response (desktop `inviteResponseReceived`), or any other message of theirs (desktop
   * `handleMessageFromPendingMember`). The admin clears their `I` (admin/member-profiles.ts).
   */
  readonly accepted: SessionId[];
  /** 1-to-1 conversations a member's newer name renamed (member-names.ts). */
  readonly renamedContacts: SessionId[];
  infoChanged: boolean;
  membersChanged: boolean;
  /** The Members config no longer counts us (we were removed). */
  removed: boolean;
  /** An admin deleted the group for everyone (Info `!`). */
  destroyed: boolean;
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
  log: (line: string) => void,
): IngestResult {
  const result: IngestResult = {
    messages: [],
    notices: [],
    profiles: [],
    accepted: [],
    renamedContacts: [],
    infoChanged: false,
    membersChanged: false,
    removed: false,
    destroyed: false,
    dropped: 0,
  };
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
    const seqno = configs.info.seqno;
    configs.info.merge(info.map((x) => ({ hash: x.hash, data: x.data })));
    // Any newer Info (a picture, a description, a timer, not only a name) is news for the windows
    // and the group's picture (files/group-pictures.ts follows `groups.changed`).
    if (configs.info.seqno !== seqno) {
      result.infoChanged = true;
      // The admins' timer applies to what we send in the group too (as of the newest Info).
      const at = Math.max(...info.map((x) => x.timestamp));
      db.disappearing.apply(
        groupConversation(row.groupId),
        groupTimer(configs.info.expirySeconds),
        at,
        Date.now(),
      );
    }
    const name = configs.info.name;
    if (name !== undefined && name !== row.name) {
      db.groups.setName(row.groupId, name);
      result.infoChanged = true;
    }
    if (configs.info.destroyed) {
      result.destroyed = true;
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
        withKnownNames(
          db,
          row.groupId,
          rows.map((r) =>
            accepted.has(r.sessionId) && r.status === 'sent' ? { ...r, status: 'accepted' } : r,
          ),
        ),
      );
      result.membersChanged = true;
      const me = list.find((m) => m.sessionId === identity.sessionId);
      if (!adminKeyPair(row) && me?.removedStatus !== RemovedStatus.None) result.removed = true;
    }
  }
  if (info.length > 0 || members.length > 0) saveGroupConfigs(db, row.groupId, configs);
  for (const m of messages.filter((x) => x.namespace === Namespace.GroupMessages)) {
    if (!ingestMessage(db, identity, row, configs, keys, m, result, log)) result.dropped++;
  }
  const renamed = followMemberNames(db, row.groupId, result.profiles, identity.sessionId);
  if (renamed.members) result.membersChanged = true;
  result.renamedContacts.push(...renamed.contacts);
  return result;
}

function ingestMessage(
  db: VeilDatabase,
  identity: Identity,
  row: GroupRow,
  configs: GroupConfigs,
  keys: readonly Uint8Array[],
  m: PolledMessage,
  result: IngestResult,
  log: (line: string) => void,
): boolean {
  const opened = decryptGroupMessage(m.data, keys);
  if (!opened.ok) return false;
  const sender: SessionId = opened.value.sender;
  const plain = decodeGroupPlaintext(opened.value.data);
  if (!plain) return false;
  const data = plain.content.dataMessage;
  const profile = profileOf(sender, plain.sentAt, data);
  if (profile) result.profiles.push(profile);
  const update = data?.groupUpdateMessage;
  // A member's chat message shows they joined, as an approving response does (checked below).
  if (update === undefined) joined(db, identity, row, configs, sender, false, result);
  if (update !== undefined) {
    const decoded = decodeGroupUpdate(update);
    if (!decoded.ok) return false;
    const outcome = readControl(row.groupId as GroupId, sender, plain.sentAt, decoded.value);
    switch (outcome.kind) {
      case 'ignored':
        log(`group ${row.groupId.slice(0, 10)}: control message ignored (${outcome.reason})`);
        return false;
      case 'invite-response':
        // Only an admin keeps invitation statuses (Members `I`); an approval marks the member joined.
        if (outcome.approved) joined(db, identity, row, configs, sender, true, result);
        return true;
      case 'delete-content':
        // Deleted in the group's conversation (messaging): an admin's signed deletion may name
        // anyone's messages; an unsigned one only its sender's own (readControl checked it).
        result.messages.push({
          hash: m.hash,
          sender,
          sentAt: plain.sentAt,
          content: plain.content,
          ...(outcome.signed
            ? { deleteByAdmin: { members: outcome.members, hashes: outcome.hashes } }
            : { deleteOwn: outcome.hashes }),
        });
        return true;
      case 'notice':
        // Our own changes were announced when we made them.
        if (sender !== identity.sessionId)
          result.notices.push({ notice: outcome.notice, sentAt: plain.sentAt });
        return true;
    }
  }
  const body = data?.body;
  if (body !== undefined && body.length > BODY_MAX) return false;
  result.messages.push({ hash: m.hash, sender, sentAt: plain.sentAt, content: plain.content });
  return true;
}

/**
 * An admin learnt that `member` joined (`approved`: by their invite response): marked accepted
 * here at once, in the poll's transaction, and in the Members config by the admin's pending write
 * when the config still has them invited. Nothing for a member the config has removed, nor for
 * an admin (admins have no `I`).
 */
function joined(
  db: VeilDatabase,
  identity: Identity,
  row: GroupRow,
  configs: GroupConfigs,
  member: SessionId,
  approved: boolean,
  result: IngestResult,
): void {
  if (!adminKeyPair(row) || member === identity.sessionId) return;
  const entry = configs.members.get(member);
  if (entry && (entry.removedStatus !== RemovedStatus.None || entry.admin)) return;
  const invitedInConfig = entry !== undefined && entry.inviteStatus !== InviteStatus.Accepted;
  // Every chat message passes here: the common case (accepted already) reads nothing more.
  if (!invitedInConfig && !approved) return;
  const known = db.groups.members(row.groupId).find((m) => m.sessionId === member);
  if (known && known.status !== 'accepted' && known.status !== 'removed') {
    db.groups.setMemberStatus(row.groupId, member, 'accepted');
    // The admin's member list changed: its window shows the status (groups.changed).
    result.membersChanged = true;
  }
  if (invitedInConfig && !result.accepted.includes(member)) result.accepted.push(member);
}
