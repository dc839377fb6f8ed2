import { SHOWN_AT_SQL } from './shown-at';
import type { Sqlite } from './sqlite';

/**
 * A conversation's summary after some of its messages went (delete for me, deleted for
 * everyone, disappeared): the preview pointed at a deleted row (ON DELETE SET NULL), so the
 * newest message left takes over, and the unread count is counted again.
 */
export function conversationUpkeep(db: Sqlite) {
  // The newest by shown time, as the conversation shows them and as a new message moves the
  // preview (bumpLastMessage): read from the shown-time index, the one the paging reads.
  const repointLast = db.prepare<[string]>(
    `UPDATE conversations SET (last_message_id, last_message_at) =
       (SELECT id, ${SHOWN_AT_SQL} FROM messages WHERE conversation_id = conversations.id
        ORDER BY ${SHOWN_AT_SQL} DESC, id DESC LIMIT 1)
     WHERE id = ? AND last_message_id IS NULL`,
  );
  const recount = db.prepare<[string]>(
    `UPDATE conversations SET unread_count =
       (SELECT count(*) FROM messages WHERE conversation_id = conversations.id AND status = 'unread')
     WHERE id = ?`,
  );
  return {
    repointLast(conversationId: string): void {
      repointLast.run(conversationId);
    },
    recountUnread(conversationId: string): void {
      recount.run(conversationId);
    },
  };
}
