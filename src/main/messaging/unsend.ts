/**
 * Delete for everyone (sync-groups-communities.md §5, "Unsend"): `UnsendRequest{timestamp =
 * original sent timestamp, author}` to the peer and a copy to our own swarm, each with its own
 * sent timestamp (Android de-duplicates by timestamp), after the `delete` of our own copies.
 *
 * Receiving: the request names a message by (author, timestamp); anyone can write any author
 * in it, so it is applied only when `author` is the envelope's verified sender (SECURITY.md).
 */
import type { SessionId } from '../../crypto/keys';
import type { UnsendRequest } from '../../swarm/messages/index';
import type { MessageRecord, VeilDatabase } from '../db';
import type { MessageAction } from '../../shared/ipc/messaging';

export type UnsendOutcome =
  | {
      readonly kind: 'applied';
      readonly action: MessageAction;
      readonly conversationId: SessionId;
      readonly removed: boolean;
      /** Replies quoting it: their quote must stop showing its text. */
      readonly quotedBy: readonly string[];
    }
  | { readonly kind: 'forged' }
  | { readonly kind: 'unknown' };

/** Note to Self messages vanish (Session's `handleUnsendMessage`); others leave a marker. */
export function deleteForEveryoneLocally(
  db: VeilDatabase,
  ownId: SessionId,
  m: MessageRecord,
  now: number,
): boolean {
  return m.conversationId === ownId ? db.actions.removeCompletely(m) : db.actions.markDeleted(m, now);
}

/** The hashes of our copies in our own swarm (deleting a hash that is not there is harmless). */
export function ownSwarmHashes(m: MessageRecord): string[] {
  return [...new Set([m.hash, m.syncHash].filter((h): h is NonNullable<typeof h> => h !== null))];
}

/** Applies an UnsendRequest whose envelope was signed by `sender`. */
export function applyUnsend(
  db: VeilDatabase,
  ownId: SessionId,
  sender: SessionId,
  request: UnsendRequest,
  now: number,
): UnsendOutcome {
  if (request.author !== sender) return { kind: 'forged' };
  const target = db.actions.findBySenderAt(sender, request.timestamp);
  if (target === undefined) return { kind: 'unknown' };
  const noteToSelf = target.conversationId === ownId;
  if (!deleteForEveryoneLocally(db, ownId, target, now)) return { kind: 'unknown' };
  return {
    kind: 'applied',
    conversationId: target.conversationId,
    removed: noteToSelf,
    quotedBy: db.actions.quotingIds(target.conversationId, target.sender, target.sentAt),
    action: { kind: 'unsend', conversationId: target.conversationId, messageId: target.id, from: sender },
  };
}
