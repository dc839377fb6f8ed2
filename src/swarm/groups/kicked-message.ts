/**
 * The "kicked" message an admin leaves in a group swarm's namespace −11
 * (`ClosedGroupRevokedRetrievableMessages`) for the members it removes (session-desktop
 * `GroupPendingRemovalsJob.ts`, `handleLibSessionMessage.ts`, `swarmPolling.ts`
 * `handleRevokedMessages` @ 1380d1eb; docs/protocol-notes.md "Groups: the kicked message").
 * - For each removed member: their X25519 key (the Session ID's 32 bytes, without 05) followed
 *   by the group's current key generation as decimal ASCII text (`${currentGen}`), the
 *   generation held BEFORE the rekey that leaves them out.
 * - Encrypted with `encrypt_for_multiple_simple` (multi-encrypt.ts), one copy per removed member,
 *   sender = the group's Ed25519 key, domain "SessionGroupKickedMessage".
 * - Read: a copy that opens with our key under the group's key, naming our own key, with a
 *   generation at least the newest we hold (an older one is from before we were added again).
 */
import { bytesEqual, concatBytes, fromUtf8, utf8 } from '../../crypto/bytes';
import type { Ed25519SecretKey, SessionId } from '../../crypto/keys';
import { sessionIdToX25519PublicKey } from '../../crypto/session-id';
import { groupPublicKey, type GroupId, type GroupKeyPair } from './identity';
import { decryptForMultipleSimpleEd25519, encryptForMultipleSimple } from './multi-encrypt';

export const KICKED_DOMAIN = 'SessionGroupKickedMessage';
/** A generation is a small non-negative integer; more digits than this is not one. */
const MAX_GENERATION_DIGITS = 15;

export function buildKickedMessage(
  group: GroupKeyPair,
  removed: readonly SessionId[],
  currentGeneration: number,
  nonce?: Uint8Array,
): Uint8Array {
  if (removed.length === 0) throw new Error('nobody to tell');
  if (!Number.isSafeInteger(currentGeneration) || currentGeneration < 0)
    throw new Error('a key generation is a non-negative integer');
  const recipients = removed.map((m) => sessionIdToX25519PublicKey(m));
  const messages = recipients.map((pk) => concatBytes(pk, utf8(String(currentGeneration))));
  return encryptForMultipleSimple({
    messages,
    recipients,
    ed25519SecretKey: group.secretKey,
    domain: KICKED_DOMAIN,
    ...(nonce ? { nonce } : {}),
  });
}

export type KickedReading =
  | { readonly kind: 'kicked'; readonly generation: number }
  | { readonly kind: 'ignored'; readonly reason: string };

/**
 * What a message of namespace −11 says to us (`me`, our Ed25519 secret key and Session ID),
 * given the newest key generation we hold (-1: none). Never throws.
 */
export function readKickedMessage(
  data: Uint8Array,
  groupId: GroupId,
  me: { readonly sessionId: SessionId; readonly ed25519SecretKey: Ed25519SecretKey },
  ourGeneration: number,
): KickedReading {
  const plain = decryptForMultipleSimpleEd25519(
    data,
    me.ed25519SecretKey,
    groupPublicKey(groupId),
    KICKED_DOMAIN,
  );
  if (!plain) return { kind: 'ignored', reason: 'not for us, or not from the group key' };
  if (plain.length <= 32) return { kind: 'ignored', reason: 'too short' };
  if (!bytesEqual(plain.subarray(0, 32), sessionIdToX25519PublicKey(me.sessionId)))
    return { kind: 'ignored', reason: 'names someone else' };
  const text = fromUtf8(plain.subarray(32));
  if (!/^\d+$/.test(text) || text.length > MAX_GENERATION_DIGITS)
    return { kind: 'ignored', reason: 'generation is not a number' };
  const generation = Number(text);
  if (generation < ourGeneration) return { kind: 'ignored', reason: 'older than our newest key' };
  return { kind: 'kicked', generation };
}
