/**
 * The message a send has just written, as reading its row back would give it (issue #15: CPU
 * per message). `insertOutgoing` returns its outbox rows built from the values it bound
 * (db/outbox-rows.ts); the message row holds those same values plus what the INSERT sets itself
 * (direction 'out', status 'sending', `received_at` = the outbox rows' `created_at`, both the
 * transaction's `now`) and nothing else yet (no hash, no sync hash, not deleted, no notice).
 * Reading it back cost a query and a zod parse of our own values per message sent.
 * written-message.test.ts compares it with `getMessage` for every kind of send.
 */
import type { SessionId } from '../../crypto/keys';
import type { MessageRecord, OutboxItem } from '../db';
import { shownAt } from '../db/shown-at';

export function writtenMessage(row: OutboxItem, sender: SessionId): MessageRecord {
  return {
    id: row.messageId,
    conversationId: row.conversationId,
    sender,
    body: row.body,
    sentAt: row.sentAt,
    receivedAt: row.createdAt,
    shownAt: shownAt(row.sentAt, row.createdAt),
    hash: null,
    expiresAt: row.expiresAt,
    expiry: row.expiry,
    expirationUpdate: row.expirationUpdate,
    quote: row.quote,
    deletedAt: null,
    syncHash: null,
    notice: null,
    direction: 'out',
    status: 'sending',
  };
}
