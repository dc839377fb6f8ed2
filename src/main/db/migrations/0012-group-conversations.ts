/**
 * Version 12: a private group is an ordinary conversation (issue #18 items 4 and 6).
 *
 * - messages.notice: a group's timeline notice ("Alice added Bob"), the JSON of a `GroupNotice`
 *   (src/shared/group-notice.ts); NULL for every other message. A notice's body is empty.
 * - Every group we joined (or were invited to, or left after joining) gets its 'group'
 *   conversation (an invitation is a message request); a declined invitation (left, never
 *   joined) gets none.
 * - The text messages of version 10's `group_messages` move into `messages` under that
 *   conversation: ours as sent, theirs as read or unread, with their swarm hash. A row that
 *   collides with one already there (same hash, or same sender and sent time) is a copy and is
 *   dropped. Then `group_messages` goes: group messages are written, sent (through the outbox),
 *   read, replied to and reacted to like any other message.
 */
import type { Migration } from './migration';

const SCHEMA = `
ALTER TABLE messages ADD COLUMN notice TEXT CHECK (notice IS NULL OR json_valid(notice));

INSERT INTO conversations (id, type, display_name, approved, approved_me, is_request, created_at, updated_at)
  SELECT group_id, 'group', name, status <> 'invited', 1, status = 'invited', created_at, created_at
  FROM groups WHERE status <> 'left' OR joined_at IS NOT NULL
  ON CONFLICT (id) DO NOTHING;

INSERT OR IGNORE INTO messages
  (id, conversation_id, direction, sender, body, sent_at, received_at, hash, status)
  SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)
               || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2)
               || '-' || hex(randomblob(6))),
         g.group_id, CASE WHEN g.mine = 1 THEN 'out' ELSE 'in' END, g.sender, g.body, g.sent_at,
         g.received_at, g.hash,
         CASE WHEN g.mine = 1 THEN 'sent' WHEN g.read = 1 THEN 'read' ELSE 'unread' END
  FROM group_messages g JOIN conversations c ON c.id = g.group_id
  ORDER BY g.group_id, g.sent_at;

UPDATE conversations SET
  (last_message_id, last_message_at) = (SELECT id, sent_at FROM messages
     WHERE conversation_id = conversations.id ORDER BY sent_at DESC, id DESC LIMIT 1),
  unread_count = (SELECT count(*) FROM messages
     WHERE conversation_id = conversations.id AND status = 'unread')
WHERE type = 'group';

DROP TABLE group_messages;
`;

export const migration0012: Migration = {
  version: 12,
  name: 'group-conversations',
  up: (db) => {
    db.exec(SCHEMA);
  },
};
