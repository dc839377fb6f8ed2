/**
 * Conversations opened by Account ID and never used: no message either way, no request, not
 * blocked, no nickname, not pinned. Session desktop writes a private conversation into the
 * Contacts config only once it is active (`isContactToStoreInWrapper`: `convo.isActive()`, set by
 * the first message), and shows an opened conversation only while it is open; Signal likewise
 * keeps a new chat out of its list until a message exists. So here: such a conversation is no
 * contact (the member picker, config sync) and leaves the list when the window leaves it.
 *
 * What marks it is a key written when `open` created the row: a conversation created otherwise
 * (a message came, another device's Contacts config, a block) is never taken for one.
 */
import { z } from 'zod';
import type { SessionId } from '../../crypto/keys';
import type { ConversationRecord, VeilDatabase } from '../db';

const key = (id: SessionId): string => `conversation.opened-unused.${id}`;

/** `open` created this conversation's row just now. */
export function markOpened(db: VeilDatabase, id: SessionId): void {
  db.kv.set(key(id), true);
}

/** Still marked as opened and unused (its first message not written yet, or written elsewhere). */
export function isMarkedOpened(db: VeilDatabase, id: SessionId): boolean {
  return db.kv.get(key(id), z.literal(true)) === true;
}

/** Its first message is written: a conversation like any other from now on. */
export function unmarkOpened(db: VeilDatabase, id: SessionId): void {
  db.kv.delete(key(id));
}

/** Whether the conversation was opened here and nothing has used it since. */
export function isUnused(db: VeilDatabase, row: ConversationRecord): boolean {
  // The cheap checks first: a conversation with a message (nearly all) reads nothing more.
  if (row.type !== 'private' || row.lastMessage !== null) return false;
  if (row.isRequest || row.blocked || row.pinned || row.nickname !== null || row.approvedMe) return false;
  return isMarkedOpened(db, row.id);
}

/**
 * The window left a conversation it opened: gone when still unused (true), kept otherwise (its
 * mark goes once a message exists: from then on it is a conversation like any other).
 */
export function discardIfUnused(db: VeilDatabase, id: SessionId): boolean {
  return db.transaction(() => {
    const row = db.conversations.getConversation(id);
    const unused = row !== undefined && isUnused(db, row);
    if (unused) db.conversations.deleteConversation(id);
    if (row === undefined || unused || row.lastMessage !== null) db.kv.delete(key(id));
    return unused;
  });
}
