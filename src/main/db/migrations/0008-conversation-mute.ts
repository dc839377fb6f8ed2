/**
 * Version 8: per-conversation notification choices (issue #20 item 6).
 *
 * `muted_until`: when a mute ends (ms), NULL when the conversation is not muted; "always" is a
 * time no clock reaches, so one comparison answers both. A mute that has ended needs no write.
 * `mentions_only`: notify only for messages that mention us (groups; 1-to-1 has no mentions).
 */
import type { Migration } from './migration';

export const migration0008: Migration = {
  version: 8,
  name: 'conversation-mute',
  up: (db) => {
    db.exec(`
      ALTER TABLE conversations ADD COLUMN muted_until INTEGER;
      ALTER TABLE conversations ADD COLUMN mentions_only INTEGER NOT NULL DEFAULT 0 CHECK (mentions_only IN (0, 1));
    `);
  },
};
