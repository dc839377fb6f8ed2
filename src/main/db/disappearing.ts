/**
 * Disappearing messages in the database: each conversation's setting, the after-read timers
 * started when messages are read, and the deletion of what is due (its search entry goes with
 * it through the FTS trigger; its outbox rows through ON DELETE CASCADE).
 */
import { z } from 'zod';
import { conversationUpkeep } from './conversation-upkeep';
import type { SessionId } from '../../crypto/keys';
import type { DisappearingSetting } from '../../shared/disappearing';
import type { MessageHash, MessageId } from './ids';
import {
  parseOptionalRow,
  parseRow,
  zMessageHash,
  zMessageId,
  zConversationId,
  zTime,
  zTimeOrNull,
} from './rows';
import type { Sqlite } from './sqlite';
import type { Transact } from './transact';

export type StoredSetting = { readonly setting: DisappearingSetting; readonly changedAt: number };

/** An incoming after-read message whose timer has just started: its swarm copy is shortened. */
export type StartedTimer = {
  readonly id: MessageId;
  readonly conversationId: SessionId;
  readonly hash: MessageHash | null;
  readonly expiresAt: number;
};

export type ExpiredMessage = { readonly id: MessageId; readonly conversationId: SessionId };

/** A conversation's setting as stored: its columns, checked, and what they mean. */
export const SETTING_COLUMNS = 'disappearing_mode, disappearing_seconds, disappearing_changed_at';
export const zSettingColumns = {
  disappearing_mode: z.enum(['after-send', 'after-read']).nullable(),
  disappearing_seconds: z.number().int().nonnegative(),
  disappearing_changed_at: zTime,
};
export function storedSettingOf(r: z.output<z.ZodObject<typeof zSettingColumns>>): StoredSetting {
  return {
    setting:
      r.disappearing_mode === null || r.disappearing_seconds === 0
        ? { mode: 'off' }
        : { mode: r.disappearing_mode, seconds: r.disappearing_seconds },
    changedAt: r.disappearing_changed_at,
  };
}
const zSetting = z.object(zSettingColumns).transform(storedSettingOf);

const zStarted = z
  .object({
    id: zMessageId,
    conversation_id: zConversationId,
    hash: zMessageHash.nullable(),
    expires_at: zTime,
  })
  .transform((r): StartedTimer => ({
    id: r.id,
    conversationId: r.conversation_id,
    hash: r.hash,
    expiresAt: r.expires_at,
  }));

const zExpired = z
  .object({ id: zMessageId, conversation_id: zConversationId })
  .transform((r): ExpiredMessage => ({ id: r.id, conversationId: r.conversation_id }));

/** `transaction` is the connection's one wrapper (transact.ts): BEGIN IMMEDIATE, savepoint inside. */
export function disappearingRepository(db: Sqlite, transaction: Transact) {
  const upkeep = conversationUpkeep(db);
  const get = db.prepare<[string]>(`SELECT ${SETTING_COLUMNS} FROM conversations WHERE id = ?`);
  // `>=`: the same change seen twice (sync copy and our own) is harmless.
  const set = db.prepare<{ id: string; mode: string | null; seconds: number; at: number; now: number }>(
    `UPDATE conversations SET disappearing_mode = :mode, disappearing_seconds = :seconds,
       disappearing_changed_at = :at, updated_at = :now
     WHERE id = :id AND disappearing_changed_at <= :at`,
  );
  // Read incoming after-read messages start now; `expires_at IS NULL` makes it once only.
  const start = db.prepare<{ c: string; at: number }>(
    `UPDATE messages SET expires_at = :at + expire_seconds * 1000
     WHERE conversation_id = :c AND direction = 'in' AND status = 'read'
       AND expire_mode = 'after-read' AND expire_seconds > 0 AND expires_at IS NULL
     RETURNING id, conversation_id, hash, expires_at`,
  );
  const due = db.prepare<[number]>(
    'SELECT id, conversation_id FROM messages WHERE expires_at IS NOT NULL AND expires_at <= ?',
  );
  const remove = db.prepare<[string]>('DELETE FROM messages WHERE id = ?');
  const next = db.prepare('SELECT min(expires_at) FROM messages WHERE expires_at IS NOT NULL').pluck();

  return {
    /** The conversation's setting (off when it has none or does not exist). */
    setting(conversationId: SessionId): StoredSetting {
      return (
        parseOptionalRow(zSetting, get.get(conversationId), 'disappearing setting') ?? {
          setting: { mode: 'off' },
          changedAt: 0,
        }
      );
    },

    /**
     * Applies a change made at `changedAt` (its sent timestamp) unless a later one is already
     * applied; true when it was.
     */
    apply(conversationId: SessionId, setting: DisappearingSetting, changedAt: number, now: number): boolean {
      const mode = setting.mode === 'off' ? null : setting.mode;
      const seconds = setting.mode === 'off' ? 0 : setting.seconds;
      return set.run({ id: conversationId, mode, seconds, at: changedAt, now }).changes > 0;
    },

    /** Starts the timers of the conversation's read after-read messages at `readAt`. */
    startAfterRead(conversationId: SessionId, readAt: number): StartedTimer[] {
      return start.all({ c: conversationId, at: readAt }).map((r) => parseRow(zStarted, r, 'started timer'));
    },

    /** When the next message is due (null: none disappears). */
    nextExpiry(): number | null {
      return parseRow(zTimeOrNull, next.get() ?? null, 'next expiry');
    },

    /** Deletes every message due at `now`, fixing previews and unread counts; what went. */
    deleteExpired: (now: number): ExpiredMessage[] =>
      transaction(() => {
        const gone = due.all(now).map((r) => parseRow(zExpired, r, 'expired message'));
        for (const m of gone) remove.run(m.id);
        for (const c of new Set(gone.map((m) => m.conversationId))) {
          upkeep.repointLast(c);
          upkeep.recountUnread(c);
        }
        return gone;
      }),
  };
}

export type DisappearingRepository = ReturnType<typeof disappearingRepository>;
