/**
 * Full-text search over the posts of joined community rooms (migration 0018), by the same rules
 * as message search (search.ts): the same tokenizer (accents folded), the same query building
 * (each word a quoted phrase, the last one a prefix, so any typed text is plain text), the same
 * snippet marks and limits.
 */
import { z } from 'zod';
import { KEY_ROOM_STEP } from './migrations/0018-community-post-search';
import { parseRow, zBool, zTime } from './rows';
import { SNIPPET_CLOSE, SNIPPET_OPEN, toFtsQuery } from './search';
import type { Sqlite } from './sqlite';

export type PostSearchHit = {
  readonly roomId: number;
  readonly roomName: string;
  readonly postId: number;
  /** The poster's ID as the server gave it, and the name their post carried. */
  readonly sender: string;
  readonly senderName: string | null;
  /** Ours (sent from this account). */
  readonly mine: boolean;
  readonly postedAt: number;
  /** The body around the matches, each match between SNIPPET_OPEN and SNIPPET_CLOSE. */
  readonly snippet: string;
};

const zHit = z
  .object({
    room_id: z.number().int().nonnegative(),
    room_name: z.string(),
    id: z.number().int().nonnegative(),
    sender: z.string(),
    sender_name: z.string().nullable(),
    mine: zBool,
    posted_at: zTime,
    snippet: z.string(),
  })
  .transform((r): PostSearchHit => ({
    roomId: r.room_id,
    roomName: r.room_name,
    postId: r.id,
    sender: r.sender,
    senderName: r.sender_name,
    mine: r.mine,
    postedAt: r.posted_at,
    snippet: r.snippet,
  }));

const OPEN = SNIPPET_OPEN.codePointAt(0) ?? 0;
const CLOSE = SNIPPET_CLOSE.codePointAt(0) ?? 0;
/** A post by its search key (migration 0018): the key's two halves are the primary key. */
const POST_OF_KEY = `m.room_id = f.rowid / ${KEY_ROOM_STEP} AND m.id = f.rowid % ${KEY_ROOM_STEP}`;

export function communitySearchRepository(db: Sqlite) {
  // Two steps: the newest matches by key first, then the snippet for those only. One query with
  // `ORDER BY … LIMIT` computes the select list (snippet(): a look-up and a tokenization of the
  // post) for every match before sorting, a whole 10 000-post room for a common word.
  const newest = (where: string) => `
    SELECT f.rowid FROM community_posts_fts f JOIN community_messages m ON ${POST_OF_KEY}
    WHERE community_posts_fts MATCH @query ${where} ORDER BY m.posted_at DESC, m.id DESC LIMIT @limit`;
  const select = (where: string) =>
    db.prepare<[{ query: string; limit: number; roomId?: number }]>(`
      SELECT m.room_id, r.name AS room_name, m.id, m.sender, m.sender_name, m.mine, m.posted_at,
        snippet(community_posts_fts, 0, char(${OPEN}), char(${CLOSE}), '…', 16) AS snippet
      FROM community_posts_fts f
        JOIN community_messages m ON ${POST_OF_KEY}
        JOIN community_rooms r ON r.id = m.room_id
      WHERE community_posts_fts MATCH @query AND f.rowid IN (${newest(where)})
      ORDER BY m.posted_at DESC, m.id DESC`);
  const everywhere = select('');
  const inRoom = select('AND m.room_id = @roomId');

  return {
    /** Posts matching every word of `text`, newest first. Never throws on user input. */
    searchPosts: (text: string, options: { roomId?: number; limit?: number } = {}): PostSearchHit[] => {
      const query = toFtsQuery(text);
      if (query === undefined) return [];
      const limit = Math.max(1, Math.min(options.limit ?? 50, 500));
      const rows =
        options.roomId === undefined
          ? everywhere.all({ query, limit })
          : inRoom.all({ query, limit, roomId: options.roomId });
      return rows.map((r) => parseRow(zHit, r, 'post search hit'));
    },
  };
}

export type CommunitySearchRepository = ReturnType<typeof communitySearchRepository>;
