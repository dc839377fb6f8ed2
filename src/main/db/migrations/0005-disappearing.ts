/**
 * Version 5: disappearing messages v2.
 *
 * - conversations: the setting (mode + timer) and the sent timestamp of the change that set
 *   it, so a late, older change from another device or the peer cannot undo a newer one.
 * - messages: the setting each message was sent under (`expire_mode`, `expire_seconds`), kept
 *   so a retry carries the same fields and an after-read message can start its timer when read;
 *   `expiration_update` marks the timeline notice of a change of setting (its body is empty).
 * - `expires_at` so far held the swarm's expiry of incoming messages (14 days for ordinary
 *   ones): from now on it means "deleted here then", so those values are cleared.
 */
import type { Migration } from './migration';

const MODE_CHECK = (column: string) => `CHECK (${column} IN ('after-send', 'after-read'))`;

const SCHEMA = `
ALTER TABLE conversations ADD COLUMN disappearing_mode TEXT ${MODE_CHECK('disappearing_mode')};
ALTER TABLE conversations ADD COLUMN disappearing_seconds INTEGER NOT NULL DEFAULT 0
  CHECK (disappearing_seconds >= 0);
ALTER TABLE conversations ADD COLUMN disappearing_changed_at INTEGER NOT NULL DEFAULT 0;

ALTER TABLE messages ADD COLUMN expire_mode TEXT ${MODE_CHECK('expire_mode')};
ALTER TABLE messages ADD COLUMN expire_seconds INTEGER NOT NULL DEFAULT 0 CHECK (expire_seconds >= 0);
ALTER TABLE messages ADD COLUMN expiration_update INTEGER NOT NULL DEFAULT 0
  CHECK (expiration_update IN (0, 1));

UPDATE messages SET expires_at = NULL;
`;

export const migration0005: Migration = {
  version: 5,
  name: 'disappearing',
  up: (db) => {
    db.exec(SCHEMA);
  },
};
