/**
 * The group-wide GroupUpdate* control messages an admin sends to namespace 11, and what a
 * received one means for the timeline (sync-groups-communities.md §3.3; desktop
 * `GroupUpdateMemberChangeMessage.ts`, `GroupUpdateInfoChangeMessage.ts`,
 * `GroupUpdateDeleteMemberContentMessage.ts`, `handleGroupV2Message.ts`). Every admin message is
 * signed by the group key over its text with the message's sent time: a copy whose signature does
 * not verify under the group's public key is ignored (a member may write to namespace 11, an
 * admin signature is the only proof that an admin made the change).
 */
import type { SessionId } from '../../../crypto/keys';
import { encodeGroupUpdate, type GroupUpdate } from '../../../swarm/groups/control-messages';
import {
  controlSignedText,
  InfoChangeType,
  MemberChangeType,
  signControl,
  verifyControl,
} from '../../../swarm/groups/control-signatures';
import { groupPublicKey, type GroupId, type GroupKeyPair } from '../../../swarm/groups/identity';
import type { GroupNotice } from '../../../shared/group-notice';

export type MemberChange = 'ADDED' | 'REMOVED' | 'PROMOTED';
const MEMBER_TYPE: Readonly<Record<MemberChange, number>> = {
  ADDED: MemberChangeType.Added,
  REMOVED: MemberChangeType.Removed,
  PROMOTED: MemberChangeType.Promoted,
};
export type InfoChange = 'NAME' | 'AVATAR' | 'DISAPPEARING_MESSAGES';
const INFO_TYPE: Readonly<Record<InfoChange, number>> = {
  NAME: InfoChangeType.Name,
  AVATAR: InfoChangeType.Avatar,
  DISAPPEARING_MESSAGES: InfoChangeType.DisappearingMessages,
};

export function memberChangeUpdate(
  group: GroupKeyPair,
  type: MemberChange,
  members: readonly SessionId[],
  sentAt: number,
  historyShared = false,
): Uint8Array {
  return encodeGroupUpdate({
    memberChangeMessage: {
      type,
      memberSessionIds: [...members],
      ...(type === 'ADDED' && historyShared ? { historyShared: true } : {}),
      adminSignature: signControl(controlSignedText.memberChange(MEMBER_TYPE[type], sentAt), group),
    },
  });
}

export function infoChangeUpdate(
  group: GroupKeyPair,
  type: InfoChange,
  sentAt: number,
  value: { name?: string; expirationSeconds?: number } = {},
): Uint8Array {
  return encodeGroupUpdate({
    infoChangeMessage: {
      type,
      ...(value.name !== undefined ? { updatedName: value.name } : {}),
      ...(value.expirationSeconds !== undefined ? { updatedExpiration: value.expirationSeconds } : {}),
      adminSignature: signControl(controlSignedText.infoChange(INFO_TYPE[type], sentAt), group),
    },
  });
}

export function deleteContentUpdate(
  group: GroupKeyPair,
  members: readonly SessionId[],
  hashes: readonly string[],
  sentAt: number,
): Uint8Array {
  return encodeGroupUpdate({
    deleteMemberContent: {
      memberSessionIds: [...members],
      messageHashes: [...hashes],
      adminSignature: signControl(controlSignedText.deleteContent(sentAt, members, hashes), group),
    },
  });
}

/** What a received control message asks of us. */
export type ControlOutcome =
  | { readonly kind: 'notice'; readonly notice: GroupNotice }
  | {
      readonly kind: 'delete-content';
      readonly members: readonly string[];
      readonly hashes: readonly string[];
      /** Unsigned: the sender may only delete their own messages. */
      readonly signed: boolean;
    }
  /** The invitee's answer (handled by the caller: only admins keep invitation statuses). */
  | { readonly kind: 'invite-response'; readonly approved: boolean }
  | { readonly kind: 'ignored'; readonly reason: string };

const isMember = (s: string): s is SessionId => /^05[0-9a-f]{64}$/.test(s);

/**
 * Reads a control message of namespace 11 from `sender` (proved by its encryption), sent at
 * `sentAt` (the envelope's time, which the admin signed).
 */
export function readControl(
  groupId: GroupId,
  sender: SessionId,
  sentAt: number,
  update: GroupUpdate,
): ControlOutcome {
  const pk = groupPublicKey(groupId);
  const m = update.memberChangeMessage;
  if (m) {
    if (!verifyControl(controlSignedText.memberChange(MEMBER_TYPE[m.type], sentAt), m.adminSignature, pk))
      return { kind: 'ignored', reason: 'bad admin signature' };
    const members = (m.memberSessionIds ?? []).filter(isMember);
    if (members.length === 0) return { kind: 'ignored', reason: 'no members named' };
    if (m.type === 'ADDED')
      return {
        kind: 'notice',
        notice: { kind: 'members-added', by: sender, members, withHistory: m.historyShared === true },
      };
    return {
      kind: 'notice',
      notice: { kind: m.type === 'REMOVED' ? 'members-removed' : 'promoted', by: sender, members },
    };
  }
  const i = update.infoChangeMessage;
  if (i) {
    if (!verifyControl(controlSignedText.infoChange(INFO_TYPE[i.type], sentAt), i.adminSignature, pk))
      return { kind: 'ignored', reason: 'bad admin signature' };
    if (i.type === 'NAME') {
      const name = i.updatedName?.trim() ?? '';
      if (name === '' || name.length > 100) return { kind: 'ignored', reason: 'bad name' };
      return { kind: 'notice', notice: { kind: 'renamed', by: sender, name } };
    }
    if (i.type === 'AVATAR')
      // The message does not say whether the picture was set or removed; Info does.
      return { kind: 'notice', notice: { kind: 'picture-changed', by: sender, removed: false } };
    const seconds = i.updatedExpiration ?? 0;
    if (seconds > 365 * 86_400) return { kind: 'ignored', reason: 'timer out of range' };
    return { kind: 'notice', notice: { kind: 'disappearing-changed', by: sender, seconds } };
  }
  const d = update.deleteMemberContent;
  if (d) {
    const members = d.memberSessionIds ?? [];
    const hashes = d.messageHashes ?? [];
    const signed =
      d.adminSignature !== undefined &&
      verifyControl(controlSignedText.deleteContent(sentAt, members, hashes), d.adminSignature, pk);
    // Unsigned: a member may delete only their own messages (desktop's rule).
    if (!signed && members.some((x) => x !== sender))
      return { kind: 'ignored', reason: 'bad admin signature' };
    return { kind: 'delete-content', members, hashes, signed };
  }
  if (update.memberLeftMessage) return { kind: 'notice', notice: { kind: 'member-left', member: sender } };
  if (update.inviteResponse) return { kind: 'invite-response', approved: update.inviteResponse.isApproved };
  return { kind: 'ignored', reason: 'not a group-wide control message' };
}
