/** Conversations: the list, message-request flags, unread counts (rows: conversation-rows.ts). */
import { z } from 'zod';
import type { SessionId } from '../../crypto/keys';
import type { MessageId } from './ids';
import { assignments } from './patch';
import { parseOptionalRow, parseRow, toBit, zConversationId, zTime, zTimeOrNull } from './rows';
import type { Sqlite, SqlValue } from './sqlite';
import type { Transact } from './transact';
import { SETTING_COLUMNS } from './disappearing';
import {
  zReceiveState,
  zRow,
  zSendState,
  zState,
  type ConversationRecord,
  type ConversationState,
  type ConversationType,
  type ReceiveState,
  type SendState,
} from './conversation-rows';

export type {
  ConversationRecord,
  ConversationState,
  ConversationType,
  LastMessage,
  ReceiveState,
  SendState,
} from './conversation-rows';

/** inbox: accepted, visible; requests: Message requests (unknown senders), blocked left out. */
export type ConversationFilter = 'inbox' | 'requests' | 'all';

export type ConversationPatch = Partial<{
  displayName: string | null;
  nickname: string | null;
  approved: boolean;
  approvedMe: boolean;
  blocked: boolean;
  isRequest: boolean;
  pinned: boolean;
  hidden: boolean;
}>;

export type NewConversation = {
  readonly id: SessionId;
  readonly type: ConversationType;
  readonly approved?: boolean;
  readonly isRequest?: boolean;
};

const COLUMNS = {
  displayName: 'display_name',
  nickname: 'nickname',
  approved: 'approved',
  approvedMe: 'approved_me',
  blocked: 'blocked',
  isRequest: 'is_request',
  pinned: 'pinned',
  hidden: 'hidden',
} as const;

const zIds = z.array(zConversationId);

const SELECT = `
  SELECT c.*, m.body AS last_body, m.direction AS last_direction,
         (m.deleted_at IS NOT NULL) AS last_deleted
  FROM conversations c LEFT JOIN messages m ON m.id = c.last_message_id`;
const ORDER = 'ORDER BY c.pinned DESC, coalesce(c.last_message_at, c.created_at) DESC, c.id';
const FILTERS: Readonly<Record<ConversationFilter, string>> = {
  inbox: 'c.is_request = 0 AND c.hidden = 0 AND c.blocked = 0',
  requests: 'c.is_request = 1 AND c.blocked = 0',
  all: '1',
};

/** Writes other repositories make as part of their own transactions (messages, outbox). */
export function conversationWrites(db: Sqlite) {
  const ensure = db.prepare<[string, string, number, number, number, number]>(
    `INSERT INTO conversations (id, type, approved, is_request, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  );
  // The preview moves only forward in time: a late, older message must not replace it.
  const BUMP = `UPDATE conversations SET
       unread_count = unread_count + :unread,
       last_message_id = CASE WHEN last_message_at IS NULL OR :sentAt >= last_message_at
                              THEN :messageId ELSE last_message_id END,
       last_message_at = max(coalesce(last_message_at, :sentAt), :sentAt),
       hidden = 0,
       updated_at = :now`;
  type BumpParams = { id: string; messageId: string; sentAt: number; unread: number; now: number };
  const bump = db.prepare<BumpParams>(`${BUMP} WHERE id = :id`);
  // A received message with a newer profile than the last applied: its time goes into the row
  // this update rewrites anyway (it was a statement of its own, each message received).
  const bumpWithProfile = db.prepare<BumpParams & { profileAt: number }>(
    `${BUMP}, profile_sent_at = :profileAt WHERE id = :id`,
  );
  return {
    /** Creates the conversation if missing; returns true when it was created. */
    ensure(c: NewConversation, now: number): boolean {
      return (
        ensure.run(c.id, c.type, toBit(c.approved ?? false), toBit(c.isRequest ?? false), now, now).changes >
        0
      );
    },
    /** `profileAt`: the profile time to record with it (see `profileIsFresh`). */
    bumpLastMessage(
      id: SessionId,
      messageId: MessageId,
      sentAt: number,
      unread: boolean,
      now: number,
      profileAt?: number,
    ): void {
      const bit = unread ? 1 : 0;
      // Two literals: a spread first costs µs on the core's V8 (perf-views, session 12).
      if (profileAt === undefined) bump.run({ id, messageId, sentAt, unread: bit, now });
      else bumpWithProfile.run({ id, messageId, sentAt, unread: bit, now, profileAt });
    },
  };
}

/** `transaction` is the connection's one wrapper (transact.ts): BEGIN IMMEDIATE, savepoint inside. */
export function conversationsRepository(db: Sqlite, transaction: Transact) {
  const writes = conversationWrites(db);
  const getOne = db.prepare<[string]>(`${SELECT} WHERE c.id = ?`);
  // The conversation row alone: no join to the last message's body, five columns to check.
  const getState = db.prepare<[string]>(
    'SELECT id, type, blocked, is_request, display_name FROM conversations WHERE id = ?',
  );
  // The same row with the last profile's time: a received message read it with a second statement.
  const getReceiveState = db.prepare<[string]>(
    'SELECT id, type, blocked, is_request, display_name, profile_sent_at FROM conversations WHERE id = ?',
  );
  // The same row with the disappearing setting: a send read it again inside its transaction.
  const getSendState = db.prepare<[string]>(
    `SELECT id, type, blocked, is_request, display_name, ${SETTING_COLUMNS} FROM conversations WHERE id = ?`,
  );
  const lists = {
    inbox: db.prepare(`${SELECT} WHERE ${FILTERS.inbox} ${ORDER}`),
    requests: db.prepare(`${SELECT} WHERE ${FILTERS.requests} ${ORDER}`),
    all: db.prepare(`${SELECT} WHERE ${FILTERS.all} ${ORDER}`),
  };
  const unreadTimes = db
    .prepare<[string]>(
      `SELECT sent_at FROM messages WHERE conversation_id = ? AND status = 'unread' ORDER BY sent_at`,
    )
    .pluck();
  const readAll = db.prepare<[string]>(
    `UPDATE messages SET status = 'read' WHERE conversation_id = ? AND status = 'unread'`,
  );
  const readUpTo = db.prepare<[string, number]>(
    `UPDATE messages SET status = 'read' WHERE conversation_id = ? AND status = 'unread' AND sent_at <= ?`,
  );
  const recountUnread = db.prepare<[number, string, string]>(
    `UPDATE conversations SET updated_at = ?, unread_count =
       (SELECT count(*) FROM messages WHERE conversation_id = ? AND status = 'unread')
     WHERE id = ?`,
  );
  const ids = db.prepare('SELECT id FROM conversations').pluck();
  const remove = db.prepare<[string]>('DELETE FROM conversations WHERE id = ?');
  const profileAt = db.prepare<[string]>('SELECT profile_sent_at FROM conversations WHERE id = ?').pluck();
  const setProfileAt = db.prepare<[number, string]>(
    'UPDATE conversations SET profile_sent_at = ? WHERE id = ?',
  );
  const zeroUnread = db.prepare<[number, string]>(
    // Opening a conversation with nothing unread changes nothing: its place in the list stays.
    `UPDATE conversations SET updated_at = CASE WHEN unread_count > 0 THEN ? ELSE updated_at END,
       unread_count = 0 WHERE id = ?`,
  );

  const freshSince = (id: SessionId, sentAt: number, profileSentAt: number | null): boolean => {
    const last = profileSentAt ?? 0;
    if (sentAt < last) return false;
    if (sentAt > last) setProfileAt.run(sentAt, id);
    return true;
  };

  return {
    ensureConversation: (c: NewConversation, now: number): boolean => writes.ensure(c, now),

    getConversation(id: SessionId): ConversationRecord | undefined {
      return parseOptionalRow(zRow, getOne.get(id), 'conversation');
    },

    /**
     * Its kind, flags and name only, for each message sent or received: the whole record joins
     * the last message and checks eighteen columns that neither looks at.
     */
    conversationState(id: SessionId): ConversationState | undefined {
      return parseOptionalRow(zState, getState.get(id), 'conversation');
    },

    /**
     * `conversationState` and the disappearing setting in one statement, for a message sent: it
     * read the setting with a second statement (and a second check) inside its transaction,
     * though nothing else writes between the two in this synchronous call (issue #15).
     */
    sendState(id: SessionId): SendState | undefined {
      return parseOptionalRow(zSendState, getSendState.get(id), 'conversation');
    },

    /**
     * Every conversation's id and nothing else, in no order: config sync's start (which contacts
     * it knows) read the whole list instead — each conversation joined to its last message and
     * checked column by column — inside the core's open, which the first screen's answer waits
     * for when it ends after the page asked (issue #15, cold start).
     */
    conversationIds(): SessionId[] {
      return parseRow(zIds, ids.all(), 'conversation ids');
    },

    /**
     * `conversationState` and the time of the last profile applied from this contact, in one
     * statement, for each message received: `profileIsFresh` read that time again (a statement
     * and a check a message, issue #15).
     */
    receiveState(id: SessionId): ReceiveState | undefined {
      return parseOptionalRow(zReceiveState, getReceiveState.get(id), 'conversation');
    },

    /** Pinned first, then most recent activity first. */
    listConversations(filter: ConversationFilter = 'inbox'): ConversationRecord[] {
      return lists[filter].all().map((row) => parseRow(zRow, row, 'conversation'));
    },

    /** Sets the given fields only; returns false when there is no such conversation. */
    updateConversation(id: SessionId, patch: ConversationPatch, now: number): boolean {
      const values: Partial<Record<keyof typeof COLUMNS, SqlValue>> = {};
      for (const [field, value] of Object.entries(patch) as [keyof ConversationPatch, unknown][]) {
        if (typeof value === 'boolean') values[field] = toBit(value);
        else if (typeof value === 'string' || value === null) values[field] = value;
      }
      const set = assignments(COLUMNS, values);
      if (set.sql === '') return getOne.get(id) !== undefined;
      const sql = `UPDATE conversations SET ${set.sql}, updated_at = ? WHERE id = ?`;
      return db.prepare(sql).run(...set.values, now, id).changes > 0;
    },

    /**
     * True when a profile sent at `sentAt` is not older than the last one applied from this
     * conversation's contact, and records it as the newest. Equal times count as fresh: one
     * message may carry it twice. Kept in the conversation row, which the receiving commit
     * rewrites anyway (migration 0015); no conversation: nothing to apply it to, nothing kept.
     */
    profileIsFresh(id: SessionId, sentAt: number): boolean {
      return freshSince(id, sentAt, parseRow(zTimeOrNull, profileAt.get(id) ?? null, 'profile time'));
    },

    /**
     * `profileIsFresh` for a caller that read the conversation's `profileSentAt`
     * (`receiveState`) in this same transaction, with nothing written to it since: no second read.
     */
    profileIsFreshSince(id: SessionId, sentAt: number, profileSentAt: number | null): boolean {
      return freshSince(id, sentAt, profileSentAt);
    },

    /** A declined request: the conversation and its messages go (ON DELETE CASCADE). */
    deleteConversation(id: SessionId): boolean {
      return remove.run(id).changes > 0;
    },

    /**
     * Marks every incoming unread message read and zeroes the count, atomically. Returns the
     * sent timestamps of the messages it changed: what a read receipt carries.
     */
    markConversationRead: (id: SessionId, now: number): number[] =>
      transaction(() => {
        const times = unreadTimes.all(id).map((t) => parseRow(zTime, t, 'message time'));
        readAll.run(id);
        zeroUnread.run(now, id);
        return times;
      }),

    /**
     * Another device of ours read up to `upTo` (its read mark in ConvoInfoVolatile): what was
     * sent until then is read here too, newer messages stay unread. Returns how many changed.
     */
    markReadUpTo: (id: SessionId, upTo: number, now: number): number =>
      transaction(() => {
        const changed = readUpTo.run(id, upTo).changes;
        if (changed > 0) recountUnread.run(now, id, id);
        return changed;
      }),
  };
}

export type ConversationsRepository = ReturnType<typeof conversationsRepository>;
