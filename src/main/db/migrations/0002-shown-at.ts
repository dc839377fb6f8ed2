/**
 * Version 2: messages are ordered by the time they are shown at (`shown-at.ts`), which is the
 * sender's timestamp unless it is too far ahead of our receive time. This index keeps a
 * conversation's pages as fast as the `(conversation_id, sent_at, id)` index did.
 */
import type { Migration } from './migration';

/** Frozen here on purpose: a shipped migration never changes, even if the rule later does. */
const SHOWN_AT = '(CASE WHEN sent_at > received_at + 60000 THEN received_at ELSE sent_at END)';

export const migration0002: Migration = {
  version: 2,
  name: 'shown-at',
  up: (db) => {
    db.exec(`CREATE INDEX messages_by_shown_at ON messages (conversation_id, ${SHOWN_AT}, id);`);
  },
};
