/** Messages: receive with dedupe, page through a conversation, read receipts for our messages. */
import { conversationUpkeep } from './conversation-upkeep';
import type { SessionId } from '../../crypto/keys';
import { conversationWrites } from './conversations';
import type { MessageId } from './ids';
import { parseOptionalRow, parseRow, zMessageId, zTime } from './rows';
import { SHOWN_AT_SQL, shownAt } from './shown-at';
import type { Sqlite } from './sqlite';
import type { Transact } from './transact';
import { zGroupNotice, type GroupNotice } from '../../shared/group-notice';
import { isGroupId } from '../../swarm/groups/identity';
import {
  MESSAGE_COLUMNS,
  messageParams,
  zMessageRow,
  type IncomingMessage,
  type InsertResult,
  type MessageCursor,
  type MessageRecord,
} from './message-rows';

// The stored shapes live in message-rows.ts; other modules keep importing them from here.
export {
  MESSAGE_COLUMNS,
  expiryColumns,
  quoteParams,
  zMessageRow,
  type IncomingMessage,
  type IncomingStatus,
  type InsertResult,
  type MessageCursor,
  type MessageExpiry,
  type MessageRecord,
  type OutgoingStatus,
  type StoredQuote,
} from './message-rows';

/** The conversation a first message opens: a group's is created with the group, never here. */
const kindOf = (conversationId: string, sender: string) =>
  isGroupId(conversationId) ? 'group' : conversationId === sender ? 'note_to_self' : 'private';

/** `transaction` is the connection's one wrapper (transact.ts): BEGIN IMMEDIATE, savepoint inside. */
export function messagesRepository(db: Sqlite, transaction: Transact) {
  const upkeep = conversationUpkeep(db);
  const conversations = conversationWrites(db);
  const findDuplicate = db
    .prepare<[string, string, number]>(
      'SELECT 1 FROM messages WHERE hash = ? OR (sender = ? AND sent_at = ?) LIMIT 1',
    )
    .pluck();
  type InsertParams = {
    id: string;
    c: string;
    direction: 'in' | 'out';
    sender: string;
    body: string;
    sentAt: number;
    receivedAt: number;
    hash: string;
    status: 'unread' | 'read' | 'sent';
    expiresAt: number | null;
    quoteId: number | null;
    quoteAuthor: string | null;
    quoteText: string | null;
    quoteAttachment: string | null;
    expireMode: string | null;
    expireSeconds: number;
    expirationUpdate: 0 | 1;
  };
  const INSERT_SQL = `INSERT INTO messages (id, conversation_id, direction, sender, body, sent_at, received_at, hash, status,
                           expires_at, quote_id, quote_author, quote_text, quote_attachment,
                           expire_mode, expire_seconds, expiration_update)
     VALUES (:id, :c, :direction, :sender, :body, :sentAt, :receivedAt, :hash, :status,
             :expiresAt, :quoteId, :quoteAuthor, :quoteText, :quoteAttachment,
             :expireMode, :expireSeconds, :expirationUpdate)`;
  const insert = db.prepare<InsertParams>(INSERT_SQL);
  // The same insert, dropping a copy by the unique hash and (sender, sent time) indexes it goes
  // through anyway (a look-up first walked both a second time, a statement a message received).
  const insertUnlessCopy = db.prepare<InsertParams>(`${INSERT_SQL} ON CONFLICT DO NOTHING`);
  const getOne = db.prepare<[string]>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ?`);
  // Several messages of one conversation in one statement, by id (its unique index; the `+`
  // keeps the planner off the conversation's indexes, which would walk all its messages).
  const someOf = db.prepare<[string, string]>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages
     WHERE id IN (SELECT value FROM json_each(?)) AND +conversation_id = ?`,
  );
  const insertNotice = db.prepare<{
    id: string;
    c: string;
    sender: string;
    sentAt: number;
    receivedAt: number;
    notice: string;
  }>(
    `INSERT OR IGNORE INTO messages (id, conversation_id, direction, sender, body, sent_at, received_at, status, notice)
     VALUES (:id, :c, 'in', :sender, '', :sentAt, :receivedAt, 'read', :notice)`,
  );
  // By (sender, sent time), the unique index: a notice's sender is its author, named in the
  // notice itself, so the same notice has the same sender.
  const noticeAt = db
    .prepare<[string, number, string, string]>(
      'SELECT 1 FROM messages WHERE sender = ? AND sent_at = ? AND conversation_id = ? AND notice = ? LIMIT 1',
    )
    .pluck();
  const newest = db.prepare<[string, number]>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY ${SHOWN_AT_SQL} DESC, id DESC LIMIT ?`,
  );
  const before = db.prepare<{ c: string; t: number; id: string; n: number }>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages
     WHERE conversation_id = :c AND (${SHOWN_AT_SQL} < :t OR (${SHOWN_AT_SQL} = :t AND id < :id))
     ORDER BY ${SHOWN_AT_SQL} DESC, id DESC LIMIT :n`,
  );
  const latestBy = db.prepare<[string]>('SELECT max(sent_at) FROM messages WHERE sender = ?').pluck();
  // Our messages at a sent time, found by (sender, sent time), the unique index: we are the
  // sender of every outgoing row (this device's or a sync copy of another's).
  const outgoingAt = db
    .prepare<[string, number, string]>(
      `SELECT id FROM messages WHERE sender = ? AND sent_at = ? AND conversation_id = ? AND direction = 'out'`,
    )
    .pluck();
  const receipt = db.prepare<[string, number, string]>(
    `UPDATE messages SET status = 'read'
     WHERE sender = ? AND sent_at = ? AND conversation_id = ? AND direction = 'out' AND status IN ('sending', 'sent')`,
  );

  const removeFailed = db.prepare<[string]>(
    `DELETE FROM messages WHERE id = ? AND direction = 'out' AND status = 'failed'`,
  );

  const storeIncoming = (
    m: IncomingMessage,
    conversationExists: boolean,
    profileAt?: number,
  ): InsertResult => {
    if (!conversationExists) {
      // Looked up first: a copy (of another conversation's row) must not open a conversation.
      if (findDuplicate.get(m.hash, m.sender, m.sentAt) !== undefined) return 'duplicate';
      // Their message: the conversation is with its sender (a request if new), or a group's.
      const kind = isGroupId(m.conversationId) ? 'group' : 'private';
      conversations.ensure({ id: m.conversationId, type: kind, isRequest: kind === 'private' }, m.receivedAt);
    }
    const params = messageParams(m, 'in', m.read === true ? 'read' : 'unread');
    if (insertUnlessCopy.run(params).changes === 0) return 'duplicate';
    conversations.bumpLastMessage(
      m.conversationId,
      m.id,
      shownAt(m.sentAt, m.receivedAt),
      m.read !== true,
      m.receivedAt,
      profileAt,
    );
    return 'inserted';
  };

  const toRecords = (rows: unknown[]): MessageRecord[] =>
    rows.map((r) => parseRow(zMessageRow, r, 'message'));

  return {
    getMessage(id: MessageId): MessageRecord | undefined {
      return parseOptionalRow(zMessageRow, getOne.get(id), 'message');
    },

    /**
     * These messages of `conversationId`, in the order of `ids` (unknown ones, and those of
     * another conversation, left out). One statement for a change's messages: read one by one,
     * each batch of acceptances announced as sent cost a statement per message (issue #15).
     */
    messagesIn(conversationId: SessionId, ids: readonly MessageId[]): MessageRecord[] {
      const [only] = ids;
      if (only === undefined) return [];
      if (ids.length === 1) {
        const m = parseOptionalRow(zMessageRow, getOne.get(only), 'message');
        return m?.conversationId === conversationId ? [m] : [];
      }
      const byId = new Map<string, MessageRecord>();
      for (const row of someOf.all(JSON.stringify(ids), conversationId)) {
        const m = parseRow(zMessageRow, row, 'message');
        byId.set(m.id, m);
      }
      const out: MessageRecord[] = [];
      for (const id of ids) {
        const m = byId.get(id);
        if (m !== undefined) out.push(m);
      }
      return out;
    },

    /**
     * Stores a received message unless we already have it, by swarm hash or by (sender, sent
     * timestamp): the same message re-stored under a new hash is a replay. A first message from
     * someone without a conversation opens one as a message request.
     */
    insertIncoming: (m: IncomingMessage): InsertResult => transaction(() => storeIncoming(m, false)),

    /**
     * `insertIncoming` inside the caller's open transaction (a received slice): the same
     * statements, atomic through that transaction, without a savepoint of their own (SAVEPOINT
     * and RELEASE were two statements a message received). `conversationExists`: the caller read
     * the conversation in this same transaction, so the `INSERT … ON CONFLICT DO NOTHING` that
     * would open it is skipped (the message's foreign key still refuses a missing one).
     * `profileAt`: a newer profile time of the sender's to record, written by the same update of
     * the conversation's row (when stored; a copy writes nothing).
     */
    insertIncomingIn(m: IncomingMessage, conversationExists: boolean, profileAt?: number): InsertResult {
      if (!db.inTransaction) throw new Error('insertIncomingIn runs inside a transaction');
      return storeIncoming(m, conversationExists, profileAt);
    },

    /**
     * Stores the sync copy of a message we sent from another device (sender = us, the
     * conversation = its recipient) as "sent". Deduped exactly like `insertIncoming`, which also
     * drops the copy of a message this device sent itself (same sender and timestamp).
     */
    insertSynced: (m: IncomingMessage): InsertResult =>
      transaction(() => {
        if (findDuplicate.get(m.hash, m.sender, m.sentAt) !== undefined) return 'duplicate';
        conversations.ensure(
          { id: m.conversationId, type: kindOf(m.conversationId, m.sender), approved: true },
          m.receivedAt,
        );
        insert.run(messageParams(m, 'out', 'sent'));
        conversations.bumpLastMessage(
          m.conversationId,
          m.id,
          shownAt(m.sentAt, m.receivedAt),
          false,
          m.receivedAt,
        );
        return 'inserted';
      }),

    /**
     * A group's timeline notice, stored read (a change to the group is not something to catch
     * up on). The same notice at the same time is stored once (an admin's change arrives both
     * from its own device and from the swarm); so is anything colliding on (sender, sent time).
     */
    insertNotice: (n: {
      id: MessageId;
      conversationId: SessionId;
      sender: SessionId;
      notice: GroupNotice;
      sentAt: number;
      receivedAt: number;
    }): InsertResult =>
      transaction(() => {
        const json = JSON.stringify(zGroupNotice.parse(n.notice));
        if (noticeAt.get(n.sender, n.sentAt, n.conversationId, json) !== undefined) return 'duplicate';
        const changed = insertNotice.run({
          id: n.id,
          c: n.conversationId,
          sender: n.sender,
          sentAt: n.sentAt,
          receivedAt: n.receivedAt,
          notice: json,
        }).changes;
        if (changed === 0) return 'duplicate';
        conversations.bumpLastMessage(
          n.conversationId,
          n.id,
          shownAt(n.sentAt, n.receivedAt),
          false,
          n.receivedAt,
        );
        return 'inserted';
      }),

    /** One page, newest first, strictly older than `cursor` (from the start when undefined). */
    pageMessages(
      conversationId: SessionId,
      cursor: MessageCursor | undefined,
      limit: number,
    ): MessageRecord[] {
      const n = Math.max(0, Math.min(Math.trunc(limit), 500));
      if (cursor === undefined) return toRecords(newest.all(conversationId, n));
      return toRecords(before.all({ c: conversationId, t: cursor.shownAt, id: cursor.id, n }));
    },

    /** The newest sent timestamp of anything from `sender` (ours: so a new one can be later). */
    latestSentAtBy(sender: SessionId): number | null {
      return parseRow(zTime.nullable(), latestBy.get(sender) ?? null, 'sent time');
    },

    /** Our (`ours`) messages in a conversation sent at the given times (what a read receipt names). */
    outgoingIdsAt(conversationId: SessionId, sentAts: readonly number[], ours: SessionId): MessageId[] {
      return sentAts.flatMap((t) =>
        outgoingAt.all(ours, t, conversationId).map((id) => parseRow(zMessageId, id, 'message id')),
      );
    },

    /**
     * Deletes one of our failed messages here (its outbox rows go with it); true if it was one.
     * Only failed ones: a message being sent may already be in the recipient's swarm.
     */
    deleteFailed: (id: MessageId): boolean =>
      transaction(() => {
        const m = parseOptionalRow(zMessageRow, getOne.get(id), 'message');
        if (!m || removeFailed.run(id).changes === 0) return false;
        upkeep.repointLast(m.conversationId);
        return true;
      }),

    /**
     * A read receipt from `conversationId` for our (`ours`) messages sent at `sentAts`; returns
     * how many changed.
     */
    markOutgoingRead: (conversationId: SessionId, sentAts: readonly number[], ours: SessionId): number =>
      transaction(() => {
        let changed = 0;
        for (const t of sentAts) changed += receipt.run(ours, t, conversationId).changes;
        return changed;
      }),
  };
}

export type MessagesRepository = ReturnType<typeof messagesRepository>;
