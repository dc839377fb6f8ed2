/**
 * The outbox: the crash-safe send queue. A message becomes visible as "sending" in the same
 * transaction that queues it, so after a crash every "sending" message still has its outbox row
 * and is retried; it reaches the recipient once because they dedupe on (sender, sentAt), which a
 * retry keeps.
 */
import type { SessionId } from '../../crypto/keys';
import { conversationWrites } from './conversations';
import type { MessageHash, MessageId } from './ids';
import { expiryColumns, quoteParams, type MessageExpiry, type StoredQuote } from './messages';

export type { OutboxItem } from './outbox-rows';
import { DatabaseCorruptError } from './errors';
import { writtenItems, zItem, type OutboxItem } from './outbox-rows';
import { parseRow, zTimeOrNull, zTextOrNull } from './rows';
import { limitedStatement } from './limited';
import type { Sqlite } from './sqlite';
import type { Transact } from './transact';
import { isGroupId } from '../../swarm/groups/identity';

export type OutgoingMessage = {
  readonly id: MessageId;
  readonly conversationId: SessionId;
  /** Our own Session ID. */
  readonly sender: SessionId;
  readonly body: string;
  readonly sentAt: number;
  readonly expiresAt?: number;
  /** The conversation's disappearing setting when it was sent: every retry carries the same. */
  readonly expiry?: MessageExpiry;
  /** A change of the disappearing setting (body empty; `expiry` is the new setting). */
  readonly expirationUpdate?: boolean;
  /** Also queue the sync copy for our own swarm (our other devices); skipped for Note to Self. */
  readonly syncToSelf?: boolean;
  /** The message this one replies to. */
  readonly quote?: StoredQuote;
  /**
   * The caller has just read the conversation in this same synchronous call (a send checks it
   * exists and is not blocked): no `INSERT … ON CONFLICT DO NOTHING` to create it, one statement
   * of the send's transaction that only ever did nothing (issue #15). Were it gone after all,
   * the message's foreign key fails the transaction: nothing is written.
   */
  readonly conversationExists?: true;
};

/** A row its swarm accepted under `hash`; the recipient's row when it is the conversation. */
export type AcceptedRow = {
  readonly messageId: MessageId;
  readonly recipient: SessionId;
  readonly conversationId: SessionId;
  readonly hash: MessageHash;
};

/** `transaction` is the connection's one wrapper (transact.ts): BEGIN IMMEDIATE, savepoint inside. */
export function outboxRepository(db: Sqlite, transaction: Transact) {
  const conversations = conversationWrites(db);
  const insertMessage = db.prepare<{
    id: string;
    c: string;
    sender: string;
    body: string;
    sentAt: number;
    now: number;
    expiresAt: number | null;
    quoteId: number | null;
    quoteAuthor: string | null;
    quoteText: string | null;
    quoteAttachment: string | null;
    expireMode: string | null;
    expireSeconds: number;
    expirationUpdate: 0 | 1;
  }>(
    `INSERT INTO messages (id, conversation_id, direction, sender, body, sent_at, received_at, status, expires_at,
                           quote_id, quote_author, quote_text, quote_attachment,
                           expire_mode, expire_seconds, expiration_update)
     VALUES (:id, :c, 'out', :sender, :body, :sentAt, :now, 'sending', :expiresAt,
             :quoteId, :quoteAuthor, :quoteText, :quoteAttachment,
             :expireMode, :expireSeconds, :expirationUpdate)`,
  );
  const enqueue = db.prepare<[string, string, number, number]>(
    'INSERT INTO outbox (message_id, recipient, next_attempt_at, created_at) VALUES (?, ?, ?, ?)',
  );
  const itemColumns = `o.message_id, o.recipient, o.attempts, o.last_error, o.created_at, o.first_tried_at,
            m.conversation_id, m.body, m.sent_at, m.expires_at,
            m.quote_id, m.quote_author, m.quote_text, m.quote_attachment,
            m.expire_mode, m.expire_seconds, m.expiration_update`;
  // Run by the sender's wake-up every 5 s even when idle: a literal LIMIT (limited.ts).
  const due = limitedStatement<[number]>(
    db,
    (n) => `SELECT ${itemColumns}
     FROM outbox o JOIN messages m ON m.id = o.message_id
     WHERE o.next_attempt_at IS NOT NULL AND o.next_attempt_at <= ?
     ORDER BY o.next_attempt_at, o.created_at LIMIT ${n}`,
  );
  // The due rows' keys only: during a burst most are in flight, and the sender reads the whole
  // row (with its message) only for those it starts.
  const dueKeys = limitedStatement<[number]>(
    db,
    (n) => `SELECT message_id, recipient FROM outbox
       WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ?
       ORDER BY next_attempt_at, created_at LIMIT ${n}`,
    (st) => st.raw(),
  );
  const oneItem = db.prepare<[string, string]>(
    `SELECT ${itemColumns}
     FROM outbox o JOIN messages m ON m.id = o.message_id
     WHERE o.message_id = ? AND o.recipient = ? AND o.next_attempt_at IS NOT NULL`,
  );
  const queued = db
    .prepare<[string, string]>(
      'SELECT 1 FROM outbox WHERE message_id = ? AND recipient = ? AND next_attempt_at IS NOT NULL',
    )
    .pluck();
  const later = db.prepare<[number, number, string, number | null, string, string]>(
    `UPDATE outbox SET attempts = attempts + ?, next_attempt_at = ?, last_error = ?,
                       first_tried_at = coalesce(first_tried_at, ?)
     WHERE message_id = ? AND recipient = ?`,
  );
  // A receipt may already have moved it to "read": never move a message backwards.
  const sent = db.prepare<[string, string]>(
    `UPDATE messages SET status = CASE WHEN status = 'read' THEN 'read' ELSE 'sent' END, hash = coalesce(hash, ?)
     WHERE id = ? AND direction = 'out'`,
  );
  const doneForConversation = db.prepare<{ id: string }>(
    `DELETE FROM outbox WHERE message_id = :id
       AND recipient = (SELECT conversation_id FROM messages WHERE id = :id)`,
  );
  const done = db.prepare<[string, string]>('DELETE FROM outbox WHERE message_id = ? AND recipient = ?');
  const syncHash = db.prepare<[string, string]>(
    'UPDATE messages SET sync_hash = coalesce(sync_hash, ?) WHERE id = ?',
  );
  const failMessage = db.prepare<[string]>(
    `UPDATE messages SET status = 'failed' WHERE id = ? AND direction = 'out' AND status = 'sending'`,
  );
  const park = db.prepare<[string, string]>(
    'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = NULL, last_error = ? WHERE message_id = ?',
  );
  const unfail = db.prepare<[string]>(
    `UPDATE messages SET status = 'sending' WHERE id = ? AND direction = 'out' AND status = 'failed'`,
  );
  // Resend starts a new try: a fresh 60 s, counted from its first attempt.
  const unpark = db.prepare<[number, string]>(
    `UPDATE outbox SET attempts = 0, next_attempt_at = ?, first_tried_at = NULL
     WHERE message_id = ? AND next_attempt_at IS NULL`,
  );
  const restartClocks = db.prepare(
    'UPDATE outbox SET first_tried_at = NULL WHERE next_attempt_at IS NOT NULL',
  );
  const triedAt = db
    .prepare<[string]>(
      `SELECT o.first_tried_at FROM outbox o JOIN messages m ON m.id = o.message_id
       WHERE o.message_id = ? AND o.recipient = m.conversation_id`,
    )
    .pluck();

  const nextDue = db
    .prepare<[number]>('SELECT min(next_attempt_at) FROM outbox WHERE next_attempt_at > ?')
    .pluck();
  const errorOf = db
    .prepare<[string]>(
      'SELECT last_error FROM outbox WHERE message_id = ? AND last_error IS NOT NULL LIMIT 1',
    )
    .pluck();
  const requeue = db.prepare<[number, number, string]>(
    `INSERT INTO outbox (message_id, recipient, next_attempt_at, created_at)
     SELECT id, conversation_id, ?, ? FROM messages WHERE id = ? ON CONFLICT DO NOTHING`,
  );

  /** Writes a message and its outbox rows; the caller's transaction makes them one (see below). */
  const queueOutgoing = (m: OutgoingMessage, now: number, dueAt: number = now): OutboxItem[] => {
    const noteToSelf = m.conversationId === m.sender;
    // A group's message is one store in the group's swarm, which our other devices poll too:
    // no sync copy.
    const group = isGroupId(m.conversationId);
    if (m.conversationExists !== true)
      conversations.ensure(
        {
          id: m.conversationId,
          type: group ? 'group' : noteToSelf ? 'note_to_self' : 'private',
          approved: true,
        },
        now,
      );
    const expiry = expiryColumns(m.expiry);
    insertMessage.run({
      id: m.id,
      c: m.conversationId,
      sender: m.sender,
      body: m.body,
      sentAt: m.sentAt,
      now,
      expiresAt: m.expiresAt ?? null,
      ...quoteParams(m.quote),
      expireMode: expiry.mode,
      expireSeconds: expiry.seconds,
      expirationUpdate: m.expirationUpdate === true ? 1 : 0,
    });
    const recipients =
      m.syncToSelf === true && !noteToSelf && !group ? [m.conversationId, m.sender] : [m.conversationId];
    for (const recipient of recipients) enqueue.run(m.id, recipient, dueAt, now);
    conversations.bumpLastMessage(m.conversationId, m.id, m.sentAt, false, now);
    return writtenItems(m, recipients, now);
  };

  return {
    /**
     * The message (status "sending") and its outbox rows, in one transaction: both or neither.
     * `dueAt` is on the sender's scheduling clock (see MessageTransport.localNow). Returns the
     * rows it queued (the recipient's, then the sync copy's), for the sender to start once this
     * committed.
     */
    insertOutgoing: (m: OutgoingMessage, now: number, dueAt: number = now): OutboxItem[] =>
      transaction(() => queueOutgoing(m, now, dueAt)),

    /**
     * `insertOutgoing` inside the caller's own open transaction (a send, with its approval and
     * its files): the same statements, atomic through that transaction, without a savepoint
     * of their own (SAVEPOINT and RELEASE were two statements a message sent).
     */
    insertOutgoingIn(m: OutgoingMessage, now: number, dueAt: number = now): OutboxItem[] {
      if (!db.inTransaction) throw new Error('insertOutgoingIn runs inside a transaction');
      return queueOutgoing(m, now, dueAt);
    },

    /** When the sender should wake up next (null: nothing queued), or the first time after `after`. */
    nextAttemptAt(after = -1): number | null {
      return parseRow(zTimeOrNull, nextDue.get(after) ?? null, 'next attempt time');
    },

    /** Why the last attempt for a message failed, if it did. */
    lastError(id: MessageId): string | null {
      return parseRow(zTextOrNull, errorOf.get(id) ?? null, 'outbox error');
    },

    /** Rows whose next attempt is due at `now`, oldest first. */
    dueOutbox(now: number, limit = 50): OutboxItem[] {
      return due(limit)
        .all(now)
        .map((r) => parseRow(zItem, r, 'outbox item'));
    },

    /**
     * Like `dueOutbox`, for the sender: rows it is already trying (`skip`) are left out before
     * their message is read, and at most `take` rows are read. During a burst most due rows are
     * in flight, and reading and parsing them again on every wake-up cost more than the crypto.
     */
    dueFor(
      now: number,
      limit: number,
      take: number,
      skip: (messageId: string, recipient: string) => boolean,
    ): OutboxItem[] {
      const out: OutboxItem[] = [];
      for (const key of dueKeys(limit).all(now) as unknown[][]) {
        if (out.length >= take) break;
        const [id, recipient] = key;
        if (typeof id !== 'string' || typeof recipient !== 'string')
          throw new DatabaseCorruptError('outbox item: malformed key');
        if (skip(id, recipient)) continue;
        const row: unknown = oneItem.get(id, recipient);
        if (row !== undefined) out.push(parseRow(zItem, row, 'outbox item'));
      }
      return out;
    },

    /** Whether the row is still queued (not sent, not failed, its message not deleted). */
    isQueued(messageId: MessageId, recipient: SessionId): boolean {
      return queued.get(messageId, recipient) !== undefined;
    },

    /**
     * A failed attempt, retried at `nextAttemptAt` (the backoff is the sender's choice).
     * `counted` false is for waiting out an outage (no network at all), which must not use up
     * the attempts that lead to "failed". `triedAt`: when the row's first try began, written
     * with the retry (kept if already set) instead of in a write of its own when the try began,
     * since most tries succeed and never need it on disk.
     */
    retryLater(
      messageId: MessageId,
      recipient: SessionId,
      error: string,
      nextAttemptAt: number,
      counted = true,
      triedAt: number | null = null,
    ): void {
      later.run(counted ? 1 : 0, nextAttemptAt, error, triedAt, messageId, recipient);
    },

    /**
     * A new run of the app: what a quit or a crash interrupted gets a full minute again
     * (failed messages stay failed).
     */
    restartClocks(): void {
      restartClocks.run();
    },

    /**
     * Whether the message is still queued for its recipient and, if so, since when it has been
     * tried (null: only waited for the network so far). Undefined: not queued.
     */
    queuedSince(id: MessageId): { readonly firstTriedAt: number | null } | undefined {
      const row: unknown = triedAt.get(id);
      if (row === undefined) return undefined;
      return { firstTriedAt: parseRow(zTimeOrNull, row, 'first try time') };
    },

    /** The recipient's swarm accepted the message under `hash`: "sent", and its row leaves the queue. */
    markSent: (id: MessageId, hash: MessageHash): boolean =>
      transaction(() => {
        const changed = sent.run(hash, id).changes > 0;
        doneForConversation.run({ id });
        return changed;
      }),

    /**
     * Rows the swarms took, in one transaction, each written as `markSent` (the recipient's row)
     * or `markDelivered` (a sync copy) would: one statement each, without the savepoint a nested
     * transaction per row costs (the sender writes what a turn of the event loop accepted).
     */
    markAccepted: (rows: readonly AcceptedRow[]): void => {
      transaction(() => {
        for (const r of rows) {
          if (r.recipient === r.conversationId) sent.run(r.hash, r.messageId);
          else syncHash.run(r.hash, r.messageId);
          done.run(r.messageId, r.recipient);
        }
      });
    },

    /**
     * A copy other than the recipient's (the sync copy) was stored: drop its row, and keep the
     * hash it got in our own swarm (unsend deletes it there).
     */
    // One transaction: one commit (one WAL sync) per delivered copy instead of two.
    markDelivered: (id: MessageId, recipient: SessionId, hash?: MessageHash): void => {
      transaction(() => {
        done.run(id, recipient);
        if (hash !== undefined) syncHash.run(hash, id);
      });
    },

    /** Retries exhausted: "failed"; rows stay, parked, with the error, until `resend`. */
    markFailed: (id: MessageId, error: string): boolean =>
      transaction(() => {
        const changed = failMessage.run(id).changes > 0;
        park.run(error, id);
        return changed;
      }),

    /** The user pressed Resend: back to "sending", due now. False if it was not failed. */
    resend: (id: MessageId, now: number): boolean =>
      transaction(() => {
        if (unfail.run(id).changes === 0) return false;
        unpark.run(now, id);
        requeue.run(now, now, id); // in case its row was lost: a "sending" message must be queued
        return true;
      }),
  };
}

export type OutboxRepository = ReturnType<typeof outboxRepository>;
