/**
 * Admin signatures of the GroupUpdate* control messages (sync-groups-communities.md §3.3;
 * session-desktop `ts/session/messages/outgoing/controlMessage/group_v2/*`,
 * `ts/receiver/groupv2/handleGroupV2Message.ts`). Ed25519 by the group key over ASCII text; `ts`
 * is the message's sent timestamp in ms, the enum types their decimal numbers; lists are joined
 * with nothing in between (an older desktop joined them with commas: not followed).
 */
import { utf8 } from '../../crypto/bytes';
import type { SessionId } from '../../crypto/keys';
import { sodium } from '../../crypto/sodium';
import type { GroupKeyPair } from './identity';

export const InfoChangeType = { Name: 1, Avatar: 2, DisappearingMessages: 3 } as const;
export const MemberChangeType = { Added: 1, Removed: 2, Promoted: 3 } as const;

function ms(ts: number): string {
  if (!Number.isSafeInteger(ts) || ts < 0) throw new RangeError(`bad timestamp ${ts}`);
  return String(ts);
}

export const controlSignedText = {
  invite: (invitee: SessionId, ts: number): string => `INVITE${invitee}${ms(ts)}`,
  infoChange: (type: number, ts: number): string => `INFO_CHANGE${type}${ms(ts)}`,
  memberChange: (type: number, ts: number): string => `MEMBER_CHANGE${type}${ms(ts)}`,
  deleteContent: (ts: number, memberIds: readonly string[], hashes: readonly string[]): string =>
    `DELETE_CONTENT${ms(ts)}${memberIds.join('')}${hashes.join('')}`,
} as const;

export function signControl(text: string, group: GroupKeyPair): Uint8Array {
  return sodium().crypto_sign_detached(utf8(text), group.secretKey);
}

/** Verifies an admin signature against the group's public key; false for any bad bytes. */
export function verifyControl(text: string, signature: Uint8Array, groupPk: Uint8Array): boolean {
  if (signature.length !== 64 || groupPk.length !== 32) return false;
  try {
    return sodium().crypto_sign_verify_detached(signature, utf8(text), groupPk);
  } catch {
    return false;
  }
}
