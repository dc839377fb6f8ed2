/** Each conversation's notification choices: a mute's end and "mentions only" (migration 0008). */
import { z } from 'zod';
import type { SessionId } from '../../crypto/keys';
import { parseOptionalRow, parseRow, toBit, zBool } from './rows';
import type { Sqlite } from './sqlite';

export type MuteRecord = { readonly mutedUntil: number | null; readonly mentionsOnly: boolean };

const NOT_MUTED: MuteRecord = { mutedUntil: null, mentionsOnly: false };

const zMute = z
  .object({ muted_until: z.number().int().nonnegative().nullable(), mentions_only: zBool })
  .transform((r): MuteRecord => ({ mutedUntil: r.muted_until, mentionsOnly: r.mentions_only }));

export function muteRepository(db: Sqlite) {
  const get = db.prepare<[string]>('SELECT muted_until, mentions_only FROM conversations WHERE id = ?');
  const setUntil = db.prepare<[number | null, string]>(
    'UPDATE conversations SET muted_until = ? WHERE id = ?',
  );
  const setMentions = db.prepare<[number, string]>('UPDATE conversations SET mentions_only = ? WHERE id = ?');
  const unreadNotMuted = db
    .prepare<[number]>(
      `SELECT coalesce(sum(unread_count), 0) FROM conversations
       WHERE blocked = 0 AND (muted_until IS NULL OR muted_until <= ?)`,
    )
    .pluck();
  return {
    /** An unknown conversation is not muted. */
    get(id: SessionId): MuteRecord {
      return parseOptionalRow(zMute, get.get(id), 'conversation mute') ?? NOT_MUTED;
    },
    /**
     * Unread messages of all conversations neither blocked nor muted at `now` (a notification's
     * count): one query, where the notifier built the whole conversation list per message.
     */
    unreadNotMuted(now: number): number {
      return parseRow(z.number().int().nonnegative(), unreadNotMuted.get(now), 'unread count');
    },
    /** Returns false when there is no such conversation. */
    setMutedUntil(id: SessionId, until: number | null): boolean {
      return setUntil.run(until, id).changes > 0;
    },
    setMentionsOnly(id: SessionId, mentionsOnly: boolean): boolean {
      return setMentions.run(toBit(mentionsOnly), id).changes > 0;
    },
  };
}

export type MuteRepository = ReturnType<typeof muteRepository>;
