/**
 * The migration runner. `user_version` records the schema version; each step runs in its own
 * IMMEDIATE transaction together with its version bump, so a crash leaves the database at a
 * whole version, never between two.
 */
import { DatabaseVersionError } from '../errors';
import type { Sqlite } from '../sqlite';
import { transactionOf, type Transact } from '../transact';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-shown-at';
import { migration0003 } from './0003-control-outbox';
import { migration0004 } from './0004-message-actions';
import { migration0005 } from './0005-disappearing';
import { migration0006 } from './0006-attachments';
import { migration0007 } from './0007-invitation-cleanup';
import { migration0008 } from './0008-conversation-mute';
import { migration0009 } from './0009-communities';
import { migration0010 } from './0010-groups';
import { migration0011 } from './0011-conversation-kinds';
import { migration0012 } from './0012-group-conversations';
import { migration0013 } from './0013-group-removals';
import { migration0014 } from './0014-fts-without-sizes';
import { migration0015 } from './0015-fewer-pages';
import { migration0016 } from './0016-conversation-last-message-index';
import { migration0017 } from './0017-community-quotes';
import { migration0018 } from './0018-community-post-search';
import type { Migration } from './migration';

export type { Migration } from './migration';

/** Every migration, in order. Append only: a shipped migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
  migration0014,
  migration0015,
  migration0016,
  migration0017,
  migration0018,
];

export const LATEST_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Sqlite): number {
  const v = db.pragma('user_version', { simple: true });
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error('unreadable user_version');
  return v;
}

function checkSequence(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
}

/**
 * Brings `db` to the newest version among `migrations` (or `target`, for migration tests).
 * Refuses a database newer than what we know before touching it.
 */
export function migrate(
  db: Sqlite,
  migrations: readonly Migration[] = MIGRATIONS,
  target: number = migrations.length,
): { from: number; to: number } {
  checkSequence(migrations);
  const from = schemaVersion(db);
  if (from > migrations.length) throw new DatabaseVersionError(from, migrations.length);
  // The connection's transaction wrapper (BEGIN IMMEDIATE), as for every other write.
  const transaction = transactionOf(db);
  for (const m of migrations) {
    if (m.version <= from || m.version > target) continue;
    const keysWereOn = m.foreignKeysOff === true && db.pragma('foreign_keys', { simple: true }) === 1;
    if (keysWereOn) db.pragma('foreign_keys = OFF');
    try {
      runStep(db, transaction, m);
    } finally {
      if (keysWereOn) db.pragma('foreign_keys = ON');
    }
  }
  return { from, to: Math.max(from, Math.min(target, migrations.length)) };
}

function runStep(db: Sqlite, transaction: Transact, m: Migration): void {
  transaction(() => {
    // Read again under the write lock: another process opening the same profile (the CLI beside
    // the app) may have run this step since `migrate` read the version.
    if (schemaVersion(db) >= m.version) return;
    m.up(db);
    // A step that leaves a dangling reference would break cascades later: fail it now.
    const broken = db.pragma('foreign_key_check');
    if (!Array.isArray(broken) || broken.length > 0) {
      throw new Error(`migration ${m.version} left broken references`);
    }
    db.pragma(`user_version = ${m.version}`);
  });
}
