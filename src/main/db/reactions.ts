/**
 * Reactions to messages (sync-groups-communities.md §5, "Reactions"). A reaction message is
 * applied only when it is newer than what we hold for the same (message, reactor, emoji): swarm
 * members return messages in any order and a replay of an old REACT must not bring back an emoji
 * removed since. Removals are therefore kept as tombstones (`removed = 1`).
 */
import { z } from 'zod';
import type { SessionId } from '../../crypto/keys';
import type { MessageId } from './ids';
import { parseRow, zMessageId, zSessionId, zTime } from './rows';
import type { Sqlite } from './sqlite';
import type { Transact } from './transact';

export type ReactionChange = {
  readonly messageId: MessageId;
  readonly reactor: SessionId;
  readonly emoji: string;
  /** Sent timestamp of the reaction message. */
  readonly at: number;
  readonly removed: boolean;
};

/** One emoji under a message: who reacted, earliest first. */
export type ReactionGroup = { readonly emoji: string; readonly reactors: readonly SessionId[] };

const zRow = z.object({ message_id: zMessageId, emoji: z.string(), reactor: zSessionId, at: zTime });

/** A message shows at most this many different emoji (Session's clients show a handful). */
const EMOJI_PER_MESSAGE_MAX = 40;
const zCount = z.number().int();

/** `transaction` is the connection's one wrapper (transact.ts): BEGIN IMMEDIATE, savepoint inside. */
export function reactionsRepository(db: Sqlite, transaction: Transact) {
  const upsert = db.prepare<{ m: string; r: string; e: string; at: number; removed: number }>(
    `INSERT INTO reactions (message_id, reactor, emoji, at, removed) VALUES (:m, :r, :e, :at, :removed)
     ON CONFLICT (message_id, reactor, emoji) DO UPDATE SET at = excluded.at, removed = excluded.removed
     WHERE excluded.at > reactions.at`,
  );
  const distinct = db
    .prepare<[string]>('SELECT count(DISTINCT emoji) FROM reactions WHERE message_id = ? AND removed = 0')
    .pluck();
  const has = db
    .prepare<[string, string]>(
      'SELECT 1 FROM reactions WHERE message_id = ? AND emoji = ? AND removed = 0 LIMIT 1',
    )
    .pluck();
  const current = db
    .prepare<[string, string, string]>(
      'SELECT removed FROM reactions WHERE message_id = ? AND reactor = ? AND emoji = ?',
    )
    .pluck();
  // One statement for any number of messages (json_each of their ids, by the primary key):
  // it was one statement per list length, compiled the first time each length came (a change's
  // one to seven messages, a page's 40 or 100), with the ids spread into its arguments.
  const listFor = db.prepare<[string]>(
    `SELECT message_id, emoji, reactor, at FROM reactions
     WHERE removed = 0 AND message_id IN (SELECT value FROM json_each(?))
     ORDER BY at, reactor`,
  );
  const clear = db.prepare<[string]>('DELETE FROM reactions WHERE message_id = ?');

  return {
    /**
     * Applies a reaction message; true when what the message shows changed. A new emoji beyond
     * EMOJI_PER_MESSAGE_MAX is refused (a peer cannot flood a bubble).
     */
    apply: (c: ReactionChange): boolean =>
      transaction(() => {
        const before: unknown = current.get(c.messageId, c.reactor, c.emoji);
        if (!c.removed && has.get(c.messageId, c.emoji) === undefined) {
          const count = parseRow(zCount, distinct.get(c.messageId) ?? 0, 'emoji count');
          if (count >= EMOJI_PER_MESSAGE_MAX) return false;
        }
        const changed =
          upsert.run({ m: c.messageId, r: c.reactor, e: c.emoji, at: c.at, removed: c.removed ? 1 : 0 })
            .changes > 0;
        const wasShown = before === 0;
        return changed && wasShown === c.removed;
      }),

    /** Whether `reactor` currently shows `emoji` on the message. */
    hasReacted(messageId: MessageId, reactor: SessionId, emoji: string): boolean {
      return current.get(messageId, reactor, emoji) === 0;
    },

    /** The reactions shown under each message, emoji in order of first use. */
    forMessages(ids: readonly MessageId[]): Map<MessageId, ReactionGroup[]> {
      const out = new Map<MessageId, ReactionGroup[]>();
      if (ids.length === 0) return out;
      const byMessage = new Map<MessageId, Map<string, SessionId[]>>();
      for (const raw of listFor.all(JSON.stringify(ids))) {
        const r = parseRow(zRow, raw, 'reaction');
        const groups = byMessage.get(r.message_id) ?? new Map<string, SessionId[]>();
        groups.set(r.emoji, [...(groups.get(r.emoji) ?? []), r.reactor]);
        byMessage.set(r.message_id, groups);
      }
      for (const [id, groups] of byMessage)
        out.set(
          id,
          [...groups].map(([emoji, reactors]) => ({ emoji, reactors })),
        );
      return out;
    },

    /** Forgets every reaction to a message (it was deleted for everyone). */
    clear(messageId: MessageId): void {
      clear.run(messageId);
    },
  };
}

export type ReactionsRepository = ReturnType<typeof reactionsRepository>;
