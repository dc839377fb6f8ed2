/**
 * Version 3: control messages in the crash-safe outbox, and the outbox's "failed" clock.
 *
 * - `control_outbox`: request responses, read receipts (later unsend, reactions, group control)
 *   queued like messages, so one queued just before the process exits still goes out at the
 *   next start. They have no row in `messages`: they never show as chat bubbles.
 * - `outbox.first_tried_at`: when a send of that row was first tried while the app thought it
 *   was online (this computer's clock). A message not accepted 60 s after that is "failed";
 *   NULL while it only waited for the network.
 */
import type { Migration } from './migration';

const SCHEMA = `
ALTER TABLE outbox ADD COLUMN first_tried_at INTEGER;

CREATE TABLE control_outbox (
  id INTEGER PRIMARY KEY,
  recipient TEXT NOT NULL,                   -- the Session ID whose swarm gets it
  kind TEXT NOT NULL,                        -- CONTROL_KINDS (checked on read: new kinds need no rebuild)
  content BLOB NOT NULL,                     -- the protobuf Content, encrypted only when sent
  sent_at INTEGER NOT NULL,                  -- network time, kept across retries (the recipient dedupes)
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at INTEGER NOT NULL,          -- this computer's clock
  last_error TEXT,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX control_outbox_due ON control_outbox (next_attempt_at);
CREATE INDEX control_outbox_by_recipient ON control_outbox (recipient);
`;

export const migration0003: Migration = {
  version: 3,
  name: 'control-outbox',
  up: (db) => {
    db.exec(SCHEMA);
  },
};
