/**
 * `GroupUpdateInviteMessage` (sync-groups-communities.md §3.3; desktop
 * `GroupUpdateInviteMessage.ts`, `handleGroupV2Message.ts` `handleGroupInviteMessage`): sent
 * 1-to-1 to the invitee as `Content{dataMessage{groupUpdateMessage{inviteMessage}}}` with the
 * member auth data and the group key's signature of "INVITE" ‖ invitee ‖ sent timestamp.
 * Received: the signature and the auth data must both check out (a forged invite is dropped),
 * then it is kept as an invitation until accepted or declined.
 */
import type { Ed25519SecretKey, SessionId } from '../../crypto/keys';
import { controlSignedText, signControl, verifyControl } from '../../swarm/groups/control-signatures';
import { decodeGroupUpdate, encodeGroupUpdate } from '../../swarm/groups/control-messages';
import { groupPublicKey, type GroupId, type GroupKeyPair } from '../../swarm/groups/identity';
import { makeMemberAuthData, verifyMemberAuthData } from '../../swarm/groups/subaccount';
import type { ContentMessage } from '../../swarm/messages/index';
import { z } from 'zod';
import type { VeilDatabase } from '../db';
import { clearEnded, endedOf } from './group-ended';

export function inviteContent(
  group: GroupKeyPair,
  name: string,
  invitee: SessionId,
  sentAt: number,
): ContentMessage {
  const update = encodeGroupUpdate({
    inviteMessage: {
      groupSessionId: group.groupId,
      name,
      memberAuthData: makeMemberAuthData(group, invitee),
      adminSignature: signControl(controlSignedText.invite(invitee, sentAt), group),
    },
  });
  return { dataMessage: { groupUpdateMessage: update } };
}

export type InviteOutcome =
  | { readonly kind: 'stored'; readonly groupId: GroupId }
  | { readonly kind: 'ignored'; readonly reason: string };

/**
 * A 1-to-1 `groupUpdateMessage` from `sender`, sent at `sentAt`: stores a valid invitation
 * (inside the caller's transaction). Anything else in the field is for the group's own swarm and
 * ignored here.
 */
export function receiveInvite(
  db: VeilDatabase,
  me: { sessionId: SessionId; ed25519SecretKey: Ed25519SecretKey },
  sender: SessionId,
  sentAt: number,
  bytes: Uint8Array,
  now: number,
): InviteOutcome {
  const decoded = decodeGroupUpdate(bytes);
  if (!decoded.ok) return { kind: 'ignored', reason: decoded.reason };
  const invite = decoded.value.inviteMessage;
  if (!invite) return { kind: 'ignored', reason: 'not an invitation' };
  const groupId = invite.groupSessionId as GroupId;
  const text = controlSignedText.invite(me.sessionId, sentAt);
  if (!verifyControl(text, invite.adminSignature, groupPublicKey(groupId)))
    return { kind: 'ignored', reason: 'bad admin signature' };
  if (!verifyMemberAuthData(groupId, me.ed25519SecretKey, invite.memberAuthData))
    return { kind: 'ignored', reason: 'member auth data not for us' };
  const existing = db.groups.get(groupId);
  if (existing?.status === 'joined') return { kind: 'ignored', reason: 'already a member' };
  // A copy of an invitation already handled (polled again from a swarm member that had no last
  // hash for us) must not bring back a group we were removed from or left: only a newer one may.
  if (existing?.invitedAt != null && existing.invitedAt >= sentAt)
    return { kind: 'ignored', reason: 'an older copy' };
  const name = invite.name.trim();
  if (existing) {
    // Removed before and invited again: no longer marked kicked (UserGroups `r` back to 0).
    if (endedOf(db, groupId) === 'removed') clearEnded(db, groupId);
    db.groups.renewInvitation({
      groupId,
      name,
      authData: invite.memberAuthData,
      invitedBy: sender,
      invitedAt: sentAt,
    });
  } else
    db.groups.insert(
      {
        groupId,
        name,
        status: 'invited',
        authData: invite.memberAuthData,
        invitedBy: sender,
        invitedAt: sentAt,
      },
      now,
    );
  return { kind: 'stored', groupId };
}

const inviterNameKey = (groupId: string) => `group.inviterName.${groupId}`;

/**
 * The inviter's name as their invitation carried it (DataMessage `profile`, as Session's apps
 * send it), kept for the request to say who invited us until the group's Members config (read on
 * accepting) names everyone. Only for invitations `sender` made that were stored (a forged one
 * never stored a row).
 */
export function nameInviter(db: VeilDatabase, sender: SessionId, name: string): void {
  for (const g of db.groups.all())
    if (g.status === 'invited' && g.invitedBy === sender) db.kv.set(inviterNameKey(g.groupId), name);
}

/** The name the invitation to `groupId` gave its inviter, if it gave one. */
export function inviterNameOf(db: VeilDatabase, groupId: string): string | undefined {
  return db.kv.get(inviterNameKey(groupId), z.string());
}
