/**
 * Version 13: removals from a private group that an admin has asked for and not yet finished
 * (issue #18; desktop's `GroupPendingRemovalsJob`). A removal is several requests to the group's
 * swarm — the REMOVED control message, the kicked message of namespace −11, the revocation of
 * the member's token, a new key generation without them — and any of them may fail or be cut by
 * a crash. Each row is one member still to remove; its flags say which steps are done, so that
 * the job started again (now, after a back-off, or at the next start) repeats none of them.
 *
 * - announce_at: the sent time of the REMOVED control message, chosen once so that a retry sends
 *   the very same notice (receivers keep one notice per sent time); NULL when there is nothing to
 *   announce (the member left by themselves, or another admin asked for the removal).
 * - announced / kicked: the REMOVED message was stored; the −11 message was stored and the token
 *   revoked (and the member's messages deleted, when asked). The new key generation is the last
 *   step: once it is pushed the row goes.
 * - attempts, next_attempt_at, last_error: the back-off of the job that failed.
 */
import type { Migration } from './migration';

const bool = (column: string): string => `${column} INTEGER NOT NULL DEFAULT 0 CHECK (${column} IN (0, 1))`;

export const migration0013: Migration = {
  version: 13,
  name: 'group-removals',
  up: (db) => {
    db.exec(`
      CREATE TABLE group_removals (
        group_id TEXT NOT NULL REFERENCES groups (group_id) ON DELETE CASCADE,
        member TEXT NOT NULL CHECK (length(member) = 66 AND substr(member, 1, 2) = '05'),
        ${bool('delete_messages')},
        announce_at INTEGER CHECK (announce_at IS NULL OR announce_at >= 0),
        ${bool('announced')},
        ${bool('kicked')},
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (group_id, member)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
