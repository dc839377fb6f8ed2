import type { Sqlite } from '../sqlite';

/**
 * One schema step. `up` runs inside the runner's transaction and must not open its own; it gets
 * the database at `version - 1` and leaves it at `version` (the runner writes user_version).
 */
export type Migration = {
  readonly version: number;
  readonly name: string;
  readonly up: (db: Sqlite) => void;
  /**
   * Rebuilds a table others refer to: foreign keys are off around the step (the pragma cannot
   * change inside a transaction) so the old table's DROP does not cascade; the runner still
   * runs foreign_key_check before committing.
   */
  readonly foreignKeysOff?: boolean;
};
