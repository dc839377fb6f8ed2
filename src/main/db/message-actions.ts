/**
 * Finding a message the way Session names it, and deleting it: for me (the row goes), for
 * everyone (the row stays as "This message was deleted", body emptied), or completely (Note to
 * Self, where Session removes it). The FTS triggers of 0001 keep the search index in step: the
 * delete trigger drops the row's entry, the update trigger re-indexes the emptied body as nothing.
 */
import type { SessionId } from '../../crypto/keys';
import { conversationUpkeep } from './conversation-upkeep';
import { MESSAGE_COLUMNS, zMessageRow, type MessageRecord } from './messages';
import type { MessageId } from './ids';
import { parseOptionalRow, parseRow, zMessageId } from './rows';
import type { Sqlite } from './sqlite';
import type { Transact } from './transact';

/** `transaction` is the connection's one wrapper (transact.ts): BEGIN IMMEDIATE, savepoint inside. */
export function messageActionsRepository(db: Sqlite, transaction: Transact) {
  const upkeep = conversationUpkeep(db);
  const bySenderAt = db.prepare<[string, number]>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE sender = ? AND sent_at = ?`,
  );
  const markDeleted = db.prepare<[number, string]>(
    `UPDATE messages SET body = '', quote_id = NULL, quote_author = NULL, quote_text = NULL,
       quote_attachment = NULL, deleted_at = ?,
       status = CASE WHEN status = 'unread' THEN 'read' ELSE status END
     WHERE id = ? AND deleted_at IS NULL`,
  );
  const byHash = db.prepare<[string, string]>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? AND hash = ?`,
  );
  const bySender = db.prepare<[string, string]>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? AND sender = ? AND deleted_at IS NULL`,
  );
  const quoting = db
    .prepare<[string, string, number]>(
      'SELECT id FROM messages WHERE conversation_id = ? AND quote_author = ? AND quote_id = ?',
    )
    .pluck();
  const clearReactions = db.prepare<[string]>('DELETE FROM reactions WHERE message_id = ?');
  const dropOutbox = db.prepare<[string]>('DELETE FROM outbox WHERE message_id = ?');
  const remove = db.prepare<[string]>('DELETE FROM messages WHERE id = ?');

  return {
    /** The message Session names by (author, sent timestamp), if we have it. */
    findBySenderAt(sender: SessionId, sentAt: number): MessageRecord | undefined {
      return parseOptionalRow(zMessageRow, bySenderAt.get(sender, sentAt), 'message');
    },

    /** The message stored under this swarm hash in this conversation (a group names them so). */
    findByHash(conversationId: SessionId, hash: string): MessageRecord | undefined {
      return parseOptionalRow(zMessageRow, byHash.get(conversationId, hash), 'message');
    },

    /** Every message a member wrote in a conversation, not yet deleted (a group admin's deletion). */
    bySender(conversationId: SessionId, sender: SessionId): MessageRecord[] {
      return bySender.all(conversationId, sender).map((r) => parseRow(zMessageRow, r, 'message'));
    },

    /** The replies in a conversation that quote the message (author, sent timestamp). */
    quotingIds(conversationId: SessionId, author: SessionId, sentAt: number): MessageId[] {
      return quoting.all(conversationId, author, sentAt).map((id) => parseRow(zMessageId, id, 'message id'));
    },

    /**
     * Deleted for everyone: text, quote and reactions go, the row stays as a marker. An unread
     * one no longer counts as unread (there is nothing left to read). False if it already was.
     */
    markDeleted: (m: MessageRecord, now: number): boolean =>
      transaction(() => {
        if (markDeleted.run(now, m.id).changes === 0) return false;
        clearReactions.run(m.id);
        dropOutbox.run(m.id);
        upkeep.recountUnread(m.conversationId);
        return true;
      }),

    /** Gone from this computer (delete for me; an unsent Note to Self message). */
    removeCompletely: (m: MessageRecord): boolean =>
      transaction(() => {
        if (remove.run(m.id).changes === 0) return false;
        upkeep.repointLast(m.conversationId);
        upkeep.recountUnread(m.conversationId);
        return true;
      }),
  };
}

export type MessageActionsRepository = ReturnType<typeof messageActionsRepository>;
