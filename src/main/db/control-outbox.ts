/**
 * Control messages waiting to leave (request responses, read receipts, reactions, unsends): the same crash-safe
 * queue as messages, without a chat bubble. A row is written in the transaction of the change
 * that calls for it (accepting a request, reading a conversation), so a process that exits or
 * dies right after still sends it at the next start. Typing indicators never come here: late,
 * they would be wrong.
 */
import { z } from 'zod';
import type { SessionId } from '../../crypto/keys';
import { parseRow, zConversationId, zTime, zTimeOrNull } from './rows';
import { limitedStatement } from './limited';
import type { Sqlite } from './sqlite';

export const CONTROL_KINDS = [
  'request-response',
  'read-receipt',
  'reaction',
  'unsend',
  'group-invite',
  'group-promote',
] as const;
export type ControlKind = (typeof CONTROL_KINDS)[number];

export type ControlItem = {
  readonly id: number;
  readonly recipient: SessionId;
  readonly kind: ControlKind;
  /** The encoded protobuf Content. */
  readonly content: Uint8Array;
  readonly sentAt: number;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: number;
};

export type NewControl = {
  readonly recipient: SessionId;
  readonly kind: ControlKind;
  readonly content: Uint8Array;
  readonly sentAt: number;
};

const zControlKind = z.enum(CONTROL_KINDS);

const zItem = z
  .object({
    id: z.number().int().positive(),
    recipient: zConversationId,
    kind: z.enum(CONTROL_KINDS),
    content: z.instanceof(Uint8Array),
    sent_at: zTime,
    attempts: z.number().int().nonnegative(),
    last_error: z.string().nullable(),
    created_at: zTime,
  })
  .transform((r): ControlItem => ({
    id: r.id,
    recipient: r.recipient,
    kind: r.kind,
    content: new Uint8Array(r.content),
    sentAt: r.sent_at,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
  }));

export function controlOutboxRepository(db: Sqlite) {
  const insert = db.prepare<[string, string, Uint8Array, number, number, number]>(
    `INSERT INTO control_outbox (recipient, kind, content, sent_at, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  // Run by the sender's wake-up every 5 s even when idle: a literal LIMIT (limited.ts).
  const due = limitedStatement<[number]>(
    db,
    (n) => `SELECT id, recipient, kind, content, sent_at, attempts, last_error, created_at
     FROM control_outbox WHERE next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ${n}`,
  );
  const later = db.prepare<[number, number, string, number]>(
    'UPDATE control_outbox SET attempts = attempts + ?, next_attempt_at = ?, last_error = ? WHERE id = ?',
  );
  const remove = db.prepare<[number]>('DELETE FROM control_outbox WHERE id = ?');
  const removeFor = db.prepare<[string]>('DELETE FROM control_outbox WHERE recipient = ?');
  const nextDue = db
    .prepare<[number]>('SELECT min(next_attempt_at) FROM control_outbox WHERE next_attempt_at > ?')
    .pluck();
  const kindsFor = db
    .prepare<[string]>('SELECT kind FROM control_outbox WHERE recipient = ? ORDER BY id')
    .pluck();

  return {
    /** Queues one control message, due at `dueAt` (the sender's scheduling clock). */
    enqueue(c: NewControl, now: number, dueAt: number = now): void {
      insert.run(c.recipient, c.kind, c.content, c.sentAt, dueAt, now);
    },

    /** Rows due at `now`, oldest first. */
    due(now: number, limit = 50): ControlItem[] {
      return due(limit)
        .all(now)
        .map((r) => parseRow(zItem, r, 'control outbox item'));
    },

    /** When the next row is due (null: nothing queued), or the first time after `after`. */
    nextAttemptAt(after = -1): number | null {
      return parseRow(zTimeOrNull, nextDue.get(after) ?? null, 'next control attempt time');
    },

    /** A failed attempt, tried again at `nextAttemptAt`; `counted` false while offline. */
    retryLater(id: number, error: string, nextAttemptAt: number, counted = true): void {
      later.run(counted ? 1 : 0, nextAttemptAt, error, id);
    },

    /** Stored by the recipient's swarm, or given up: the row leaves the queue. */
    remove(id: number): void {
      remove.run(id);
    },

    /** Drops everything queued for `recipient` (blocked: they learn nothing more from us). */
    removeFor(recipient: SessionId): number {
      return removeFor.run(recipient).changes;
    },

    /** What is still queued for `recipient`, oldest first (the CLI says so before exiting). */
    pendingKinds(recipient: SessionId): ControlKind[] {
      return kindsFor.all(recipient).map((k) => parseRow(zControlKind, k, 'control kind'));
    },
  };
}

export type ControlOutboxRepository = ReturnType<typeof controlOutboxRepository>;
