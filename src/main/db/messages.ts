/** Messages: receive with dedupe, page through a conversation, read receipts for our messages. */
import { z } from 'zod';
import { conversationUpkeep } from './conversation-upkeep';
import type { SessionId } from '../../crypto/keys';
import { conversationWrites } from './conversations';
import type { MessageHash, MessageId } from './ids';
import {
  parseOptionalRow,
  parseRow,
  toBit,
  zBool,
  zMessageHash,
  zMessageId,
  zConversationId,
  zSenderId,
  zSessionId,
  zTime,
} from './rows';
import { SHOWN_AT_SQL, shownAt } from './shown-at';
import type { Sqlite } from './sqlite';
import { zGroupNotice, type GroupNotice } from '../../shared/group-notice';
import { isGroupId } from '../../swarm/groups/identity';

/** A stored notice that no longer parses (a newer version's kind) shows as no notice. */
const zNoticeColumn = z
  .string()
  .nullable()
  .transform((text): GroupNotice | null => {
    if (text === null) return null;
    try {
      const parsed = zGroupNotice.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  });

/** The conversation a first message opens: a group's is created with the group, never here. */
const kindOf = (conversationId: string, sender: string) =>
  isGroupId(conversationId) ? 'group' : conversationId === sender ? 'note_to_self' : 'private';

export type OutgoingStatus = 'sending' | 'sent' | 'failed' | 'read';
export type IncomingStatus = 'unread' | 'read';

type MessageFields = {
  readonly id: MessageId;
  readonly conversationId: SessionId;
  readonly sender: SessionId;
  readonly body: string;
  /** Envelope/signature timestamp (ms), chosen by the sender: with `sender`, the message's identity. */
  readonly sentAt: number;
  readonly receivedAt: number;
  /** When it is shown and sorted: `sentAt`, unless the sender's clock was too far ahead (shown-at.ts). */
  readonly shownAt: number;
  readonly hash: MessageHash | null;
  /** When it is deleted here (disappearing messages); null: kept, or after-read and not read yet. */
  readonly expiresAt: number | null;
  /** The disappearing setting it was sent under (off: never disappears). */
  readonly expiry: MessageExpiry;
  /** The timeline notice of a change of the disappearing setting (`expiry` is the new one). */
  readonly expirationUpdate: boolean;
  /** What this message replies to (null: not a reply). */
  readonly quote: StoredQuote | null;
  /** When it was deleted for everyone (its body is then empty); null otherwise. */
  readonly deletedAt: number | null;
  /** Hash of our sync copy in our own swarm (outgoing messages sent from this computer). */
  readonly syncHash: MessageHash | null;
  /** A group's timeline notice ("Alice added Bob"; the body is empty); null for a message. */
  readonly notice: GroupNotice | null;
};

/** A reply's quote as stored: Session's (id, author) plus the text/attachment kind it showed. */
export type StoredQuote = {
  /** Sent timestamp (ms) of the quoted message. */
  readonly id: number;
  readonly author: SessionId;
  readonly text: string | null;
  /** Content type of the quoted message's first attachment, if it had one. */
  readonly attachment: string | null;
};

/** The setting a message was sent under; `off` when it does not disappear. */
export type MessageExpiry =
  { readonly mode: 'off' } | { readonly mode: 'after-send' | 'after-read'; readonly seconds: number };

/** "read" is theirs on an outgoing message (a receipt came back), ours on an incoming one. */
export type MessageRecord =
  | (MessageFields & { readonly direction: 'out'; readonly status: OutgoingStatus })
  | (MessageFields & { readonly direction: 'in'; readonly status: IncomingStatus });

export type IncomingMessage = {
  readonly id: MessageId;
  readonly conversationId: SessionId;
  readonly sender: SessionId;
  readonly body: string;
  readonly sentAt: number;
  readonly receivedAt: number;
  readonly hash: MessageHash;
  readonly expiresAt?: number;
  readonly quote?: StoredQuote;
  readonly expiry?: MessageExpiry;
  readonly expirationUpdate?: boolean;
  /** Stored as already read (a change-of-setting notice is not something to catch up on). */
  readonly read?: boolean;
};

export type InsertResult = 'inserted' | 'duplicate';

/** Position in a conversation: messages are ordered by (shownAt, id), newest first in pages. */
export type MessageCursor = { readonly shownAt: number; readonly id: MessageId };

const zFields = {
  id: zMessageId,
  conversation_id: zConversationId,
  sender: zSenderId,
  body: z.string(),
  sent_at: zTime,
  received_at: zTime,
  hash: zMessageHash.nullable(),
  expires_at: zTime.nullable(),
  quote_id: zTime.nullable(),
  quote_author: zSessionId.nullable(),
  quote_text: z.string().nullable(),
  quote_attachment: z.string().nullable(),
  deleted_at: zTime.nullable(),
  sync_hash: zMessageHash.nullable(),
  expire_mode: z.enum(['after-send', 'after-read']).nullable(),
  expire_seconds: z.number().int().nonnegative(),
  expiration_update: zBool,
  notice: zNoticeColumn,
};
export const zMessageRow = z
  .discriminatedUnion('direction', [
    z.object({
      ...zFields,
      direction: z.literal('out'),
      status: z.enum(['sending', 'sent', 'failed', 'read']),
    }),
    z.object({ ...zFields, direction: z.literal('in'), status: z.enum(['unread', 'read']) }),
  ])
  .transform((r): MessageRecord => {
    const fields: MessageFields = {
      id: r.id,
      conversationId: r.conversation_id,
      sender: r.sender,
      body: r.body,
      sentAt: r.sent_at,
      receivedAt: r.received_at,
      shownAt: shownAt(r.sent_at, r.received_at),
      hash: r.hash,
      expiresAt: r.expires_at,
      quote:
        r.quote_id !== null && r.quote_author !== null
          ? { id: r.quote_id, author: r.quote_author, text: r.quote_text, attachment: r.quote_attachment }
          : null,
      deletedAt: r.deleted_at,
      syncHash: r.sync_hash,
      expiry:
        r.expire_mode === null || r.expire_seconds === 0
          ? { mode: 'off' }
          : { mode: r.expire_mode, seconds: r.expire_seconds },
      expirationUpdate: r.expiration_update,
      notice: r.notice,
    };
    return r.direction === 'out'
      ? { ...fields, direction: 'out', status: r.status }
      : { ...fields, direction: 'in', status: r.status };
  });

/** The two columns of a message's setting. */
export function expiryColumns(e: MessageExpiry | undefined): { mode: string | null; seconds: number } {
  return e === undefined || e.mode === 'off'
    ? { mode: null, seconds: 0 }
    : { mode: e.mode, seconds: e.seconds };
}

function params(m: IncomingMessage, direction: 'in' | 'out', status: 'unread' | 'read' | 'sent') {
  const expiry = expiryColumns(m.expiry);
  return {
    id: m.id,
    c: m.conversationId,
    direction,
    sender: m.sender,
    body: m.body,
    sentAt: m.sentAt,
    receivedAt: m.receivedAt,
    hash: m.hash,
    status,
    expiresAt: m.expiresAt ?? null,
    ...quoteParams(m.quote),
    expireMode: expiry.mode,
    expireSeconds: expiry.seconds,
    expirationUpdate: toBit(m.expirationUpdate === true),
  };
}

/** The four quote columns as named parameters (all null when there is no quote). */
export function quoteParams(q: StoredQuote | undefined) {
  return {
    quoteId: q?.id ?? null,
    quoteAuthor: q?.author ?? null,
    quoteText: q?.text ?? null,
    quoteAttachment: q?.attachment ?? null,
  };
}

export const MESSAGE_COLUMNS = `id, conversation_id, direction, sender, body, sent_at, received_at, hash, status,
  expires_at, quote_id, quote_author, quote_text, quote_attachment, deleted_at, sync_hash,
  expire_mode, expire_seconds, expiration_update, notice`;

export function messagesRepository(db: Sqlite) {
  const upkeep = conversationUpkeep(db);
  const conversations = conversationWrites(db);
  const findDuplicate = db
    .prepare<[string, string, number]>(
      'SELECT 1 FROM messages WHERE hash = ? OR (sender = ? AND sent_at = ?) LIMIT 1',
    )
    .pluck();
  const insert = db.prepare<{
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
  }>(
    `INSERT INTO messages (id, conversation_id, direction, sender, body, sent_at, received_at, hash, status,
                           expires_at, quote_id, quote_author, quote_text, quote_attachment,
                           expire_mode, expire_seconds, expiration_update)
     VALUES (:id, :c, :direction, :sender, :body, :sentAt, :receivedAt, :hash, :status,
             :expiresAt, :quoteId, :quoteAuthor, :quoteText, :quoteAttachment,
             :expireMode, :expireSeconds, :expirationUpdate)`,
  );
  const getOne = db.prepare<[string]>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ?`);
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
  const noticeAt = db
    .prepare<[string, number, string]>(
      'SELECT 1 FROM messages WHERE conversation_id = ? AND sent_at = ? AND notice = ? LIMIT 1',
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
  const outgoingAt = db
    .prepare<[string, number]>(
      `SELECT id FROM messages WHERE conversation_id = ? AND sent_at = ? AND direction = 'out'`,
    )
    .pluck();
  const receipt = db.prepare<[string, number]>(
    `UPDATE messages SET status = 'read'
     WHERE conversation_id = ? AND sent_at = ? AND direction = 'out' AND status IN ('sending', 'sent')`,
  );

  const removeFailed = db.prepare<[string]>(
    `DELETE FROM messages WHERE id = ? AND direction = 'out' AND status = 'failed'`,
  );

  const toRecords = (rows: unknown[]): MessageRecord[] =>
    rows.map((r) => parseRow(zMessageRow, r, 'message'));

  return {
    getMessage(id: MessageId): MessageRecord | undefined {
      return parseOptionalRow(zMessageRow, getOne.get(id), 'message');
    },

    /**
     * Stores a received message unless we already have it, by swarm hash or by (sender, sent
     * timestamp): the same message re-stored under a new hash is a replay. A first message from
     * someone without a conversation opens one as a message request.
     */
    insertIncoming: db.transaction((m: IncomingMessage): InsertResult => {
      if (findDuplicate.get(m.hash, m.sender, m.sentAt) !== undefined) return 'duplicate';
      // Their message: the conversation is with its sender (a request if new), or a group's.
      const kind = isGroupId(m.conversationId) ? 'group' : 'private';
      conversations.ensure({ id: m.conversationId, type: kind, isRequest: kind === 'private' }, m.receivedAt);
      insert.run(params(m, 'in', m.read === true ? 'read' : 'unread'));
      conversations.bumpLastMessage(
        m.conversationId,
        m.id,
        shownAt(m.sentAt, m.receivedAt),
        m.read !== true,
        m.receivedAt,
      );
      return 'inserted';
    }),

    /**
     * Stores the sync copy of a message we sent from another device (sender = us, the
     * conversation = its recipient) as "sent". Deduped exactly like `insertIncoming`, which also
     * drops the copy of a message this device sent itself (same sender and timestamp).
     */
    insertSynced: db.transaction((m: IncomingMessage): InsertResult => {
      if (findDuplicate.get(m.hash, m.sender, m.sentAt) !== undefined) return 'duplicate';
      conversations.ensure(
        { id: m.conversationId, type: kindOf(m.conversationId, m.sender), approved: true },
        m.receivedAt,
      );
      insert.run(params(m, 'out', 'sent'));
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
    insertNotice: db.transaction(
      (n: {
        id: MessageId;
        conversationId: SessionId;
        sender: SessionId;
        notice: GroupNotice;
        sentAt: number;
        receivedAt: number;
      }): InsertResult => {
        const json = JSON.stringify(zGroupNotice.parse(n.notice));
        if (noticeAt.get(n.conversationId, n.sentAt, json) !== undefined) return 'duplicate';
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
      },
    ),

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

    /** Our messages in a conversation sent at the given times (what a read receipt names). */
    outgoingIdsAt(conversationId: SessionId, sentAts: readonly number[]): MessageId[] {
      return sentAts.flatMap((t) =>
        outgoingAt.all(conversationId, t).map((id) => parseRow(zMessageId, id, 'message id')),
      );
    },

    /**
     * Deletes one of our failed messages here (its outbox rows go with it); true if it was one.
     * Only failed ones: a message being sent may already be in the recipient's swarm.
     */
    deleteFailed: db.transaction((id: MessageId): boolean => {
      const m = parseOptionalRow(zMessageRow, getOne.get(id), 'message');
      if (!m || removeFailed.run(id).changes === 0) return false;
      upkeep.repointLast(m.conversationId);
      return true;
    }),

    /** A read receipt from `conversationId` for our messages sent at `sentAts`; returns how many changed. */
    markOutgoingRead: db.transaction((conversationId: SessionId, sentAts: readonly number[]): number => {
      let changed = 0;
      for (const t of sentAts) changed += receipt.run(conversationId, t).changes;
      return changed;
    }),
  };
}

export type MessagesRepository = ReturnType<typeof messagesRepository>;
