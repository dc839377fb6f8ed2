/**
 * Removals from private groups still to finish (migration 0013): one row per member, with the
 * steps already done and the back-off of the last failure. The groups service's removal job
 * (src/main/groups/admin/removal-job.ts) is the only writer.
 */
import { z } from 'zod';
import { parseRow, toBit, zBool, zTime } from './rows';
import type { Sqlite } from './sqlite';

export interface GroupRemovalRow {
  readonly groupId: string;
  readonly member: string;
  readonly deleteMessages: boolean;
  /** The REMOVED control message's sent time; null: nothing to announce. */
  readonly announceAt: number | null;
  readonly announced: boolean;
  readonly kicked: boolean;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
}

export interface NewGroupRemoval {
  readonly groupId: string;
  readonly member: string;
  readonly deleteMessages: boolean;
  readonly announceAt: number | null;
}

const zRow = z
  .object({
    group_id: z.string().regex(/^03[0-9a-f]{64}$/),
    member: z.string().regex(/^05[0-9a-f]{64}$/),
    delete_messages: zBool,
    announce_at: zTime.nullable(),
    announced: zBool,
    kicked: zBool,
    attempts: z.number().int().nonnegative(),
    next_attempt_at: z.number().int(),
    last_error: z.string().nullable(),
  })
  .transform((r): GroupRemovalRow => ({
    groupId: r.group_id,
    member: r.member,
    deleteMessages: r.delete_messages,
    announceAt: r.announce_at,
    announced: r.announced,
    kicked: r.kicked,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
  }));

const COLUMNS =
  'group_id, member, delete_messages, announce_at, announced, kicked, attempts, next_attempt_at, last_error';

export function groupRemovalsRepository(db: Sqlite) {
  // Asked again while pending: the steps done stay done; deleting messages, once asked, stays.
  const add = db.prepare(
    `INSERT INTO group_removals (group_id, member, delete_messages, announce_at, created_at)
     VALUES (@group_id, @member, @delete_messages, @announce_at, @created_at)
     ON CONFLICT (group_id, member) DO UPDATE SET
       delete_messages = max(delete_messages, excluded.delete_messages),
       announce_at = coalesce(announce_at, excluded.announce_at),
       next_attempt_at = 0`,
  );
  const ofGroup = db.prepare<[string]>(
    `SELECT ${COLUMNS} FROM group_removals WHERE group_id = ? ORDER BY member`,
  );
  const all = db.prepare<[]>(`SELECT ${COLUMNS} FROM group_removals ORDER BY group_id, member`);
  const setFlag = {
    announced: db.prepare<[string, string]>(
      'UPDATE group_removals SET announced = 1 WHERE group_id = ? AND member = ?',
    ),
    kicked: db.prepare<[string, string]>(
      'UPDATE group_removals SET kicked = 1 WHERE group_id = ? AND member = ?',
    ),
  };
  const failed = db.prepare<[string, number, string]>(
    `UPDATE group_removals SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?
     WHERE group_id = ?`,
  );
  const remove = db.prepare<[string, string]>('DELETE FROM group_removals WHERE group_id = ? AND member = ?');
  const removeGroup = db.prepare<[string]>('DELETE FROM group_removals WHERE group_id = ?');
  const parse = (rows: unknown[]) => rows.map((r) => parseRow(zRow, r, 'group removal'));

  return {
    add(rows: readonly NewGroupRemoval[], now: number): void {
      for (const r of rows)
        add.run({
          group_id: r.groupId,
          member: r.member,
          delete_messages: toBit(r.deleteMessages),
          announce_at: r.announceAt,
          created_at: now,
        });
    },
    ofGroup(groupId: string): GroupRemovalRow[] {
      return parse(ofGroup.all(groupId));
    },
    all(): GroupRemovalRow[] {
      return parse(all.all());
    },
    mark(groupId: string, members: readonly string[], step: 'announced' | 'kicked'): void {
      for (const m of members) setFlag[step].run(groupId, m);
    },
    /** The group's job failed: every row waits until `nextAttemptAt`. */
    failed(groupId: string, error: string, nextAttemptAt: number): void {
      failed.run(error.slice(0, 500), nextAttemptAt, groupId);
    },
    finish(groupId: string, members: readonly string[]): void {
      for (const m of members) remove.run(groupId, m);
    },
    /** Nothing left to do for this group (we are no longer its admin, or it is gone). */
    drop(groupId: string): void {
      removeGroup.run(groupId);
    },
  };
}

export type GroupRemovalsRepository = ReturnType<typeof groupRemovalsRepository>;
