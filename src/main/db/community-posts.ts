/**
 * Posts and reactions of joined community rooms (migration 0009). Pages are read by the
 * (room, id) key: the newest page of a large room is an index range, never a sort.
 */
import type { Sqlite } from './sqlite';
import type { Transact } from './transact';
import {
  b,
  jsonList,
  n,
  nn,
  postOf,
  s,
  type CommunityPostRow,
  type CommunityReactionRow,
  type PostInput,
  type PostQuote,
  type Row,
} from './community-rows';

export function communityPostsRepository(db: Sqlite, transaction: Transact) {
  const q = {
    upsertPost: db.prepare(
      `INSERT INTO community_messages (room_id, id, seqno, sender, sender_name, body, posted_at, edited_at, deleted, mine,
         quote_id, quote_author)
       VALUES (@roomId, @id, @seqno, @sender, @senderName, @body, @postedAt, @editedAt, @deleted, @mine, @quoteId, @quoteAuthor)
       ON CONFLICT (room_id, id) DO UPDATE SET seqno = excluded.seqno, sender_name = coalesce(excluded.sender_name, sender_name),
         body = excluded.body, edited_at = excluded.edited_at, deleted = excluded.deleted,
         mine = max(mine, excluded.mine), quote_id = excluded.quote_id, quote_author = excluded.quote_author
       WHERE excluded.seqno >= community_messages.seqno`,
    ),
    markDeleted: db.prepare<[number, number, number]>(
      `UPDATE community_messages SET deleted = 1, body = NULL, quote_id = NULL, quote_author = NULL, seqno = max(seqno, ?)
       WHERE room_id = ? AND id = ?`,
    ),
    post: db.prepare<[number, number]>('SELECT * FROM community_messages WHERE room_id = ? AND id = ?'),
    // The quoted post by (author, time): the exact ms first; posts stored before 0017 kept
    // `posted` rounded to ms, one more than Session's floor for half of them.
    quoted: db.prepare<[number, string, number, number]>(
      `SELECT * FROM community_messages WHERE room_id = ? AND sender = ? AND posted_at BETWEEN ? AND ?
       ORDER BY posted_at LIMIT 1`,
    ),
    newest: db.prepare<[number, number]>(
      'SELECT * FROM community_messages WHERE room_id = ? ORDER BY id DESC LIMIT ?',
    ),
    before: db.prepare<[number, number, number]>(
      'SELECT * FROM community_messages WHERE room_id = ? AND id < ? ORDER BY id DESC LIMIT ?',
    ),
    after: db.prepare<[number, number, number]>(
      'SELECT * FROM community_messages WHERE room_id = ? AND id > ? ORDER BY id ASC LIMIT ?',
    ),
    oldestId: db.prepare<[number]>('SELECT min(id) FROM community_messages WHERE room_id = ?').pluck(),
    newestId: db.prepare<[number]>('SELECT max(id) FROM community_messages WHERE room_id = ?').pluck(),
    // Both by the (room, id) key: one step back from the read mark; the unread posts only.
    readUpToAt: db
      .prepare<[number, number]>(
        'SELECT posted_at FROM community_messages WHERE room_id = ? AND id <= ? ORDER BY id DESC LIMIT 1',
      )
      .pluck(),
    unreadIdPostedBy: db
      .prepare<[number, number, number]>(
        'SELECT id FROM community_messages WHERE room_id = ? AND id > ? AND posted_at <= ? ORDER BY id DESC LIMIT 1',
      )
      .pluck(),
    clearReactions: db.prepare<[number, number]>(
      'DELETE FROM community_reactions WHERE room_id = ? AND message_id = ?',
    ),
    insertReaction: db.prepare(
      `INSERT OR REPLACE INTO community_reactions (room_id, message_id, emoji, position, count, you, reactors)
       VALUES (@roomId, @messageId, @emoji, @position, @count, @you, @reactors)`,
    ),
    reactionsBetween: db.prepare<[number, number, number]>(
      'SELECT * FROM community_reactions WHERE room_id = ? AND message_id BETWEEN ? AND ? ORDER BY message_id, position',
    ),
  };

  return {
    /** Stores posts (newer seqnos win); returns the ids that were new or changed. */
    upsertPosts(roomId: number, posts: readonly PostInput[]): number[] {
      return transaction(() => {
        const changed: number[] = [];
        for (const p of posts) {
          const r = q.upsertPost.run({
            roomId,
            id: p.id,
            seqno: p.seqno,
            sender: p.sender,
            senderName: p.senderName,
            body: p.body,
            postedAt: p.postedAt,
            editedAt: p.editedAt,
            deleted: p.deleted ? 1 : 0,
            mine: p.mine ? 1 : 0,
            quoteId: p.quote?.id ?? null,
            quoteAuthor: p.quote?.author ?? null,
          });
          if (r.changes > 0) changed.push(p.id);
        }
        return changed;
      });
    },
    markDeleted: (roomId: number, id: number, seqno: number) =>
      q.markDeleted.run(seqno, roomId, id).changes > 0,
    post: (roomId: number, id: number) => {
      const r = q.post.get(roomId, id) as Row | undefined;
      return r && postOf(r);
    },
    /** The post a reply quotes in this room (Session: same author, same `sent_at`), if stored. */
    quoted: (roomId: number, quote: PostQuote): CommunityPostRow | undefined => {
      const r = q.quoted.get(roomId, quote.author, quote.id, quote.id + 1) as Row | undefined;
      return r && postOf(r);
    },
    /** Newest first: the page before `beforeId` (or the newest page). */
    page(roomId: number, beforeId: number | null, limit: number): CommunityPostRow[] {
      const rows = beforeId === null ? q.newest.all(roomId, limit) : q.before.all(roomId, beforeId, limit);
      return (rows as Row[]).map(postOf);
    },
    /** Oldest first: posts after `afterId`. */
    after: (roomId: number, afterId: number, limit: number) =>
      (q.after.all(roomId, afterId, limit) as Row[]).map(postOf),
    oldestId: (roomId: number): number | null => nn(q.oldestId.get(roomId)),
    newestId: (roomId: number): number | null => nn(q.newestId.get(roomId)),
    /**
     * When the newest post up to the read mark `readId` was posted (ms); null when none is stored.
     * Server ids grow with the posting time, so it is the room's read time.
     */
    readUpToAt: (roomId: number, readId: number): number | null => nn(q.readUpToAt.get(roomId, readId)),
    /** The newest post after the read mark `readId` posted at or before `at` (ms); null if none. */
    unreadIdPostedBy: (roomId: number, readId: number, at: number): number | null =>
      nn(q.unreadIdPostedBy.get(roomId, readId, at)),
    /** Replaces a message's reactions with what the server counted. */
    setReactions(
      roomId: number,
      messageId: number,
      reactions: readonly Omit<CommunityReactionRow, 'messageId'>[],
    ): void {
      transaction(() => {
        if (!q.post.get(roomId, messageId)) return;
        q.clearReactions.run(roomId, messageId);
        reactions.forEach((r, position) => {
          q.insertReaction.run({
            roomId,
            messageId,
            emoji: r.emoji,
            position,
            count: r.count,
            you: r.you ? 1 : 0,
            reactors: JSON.stringify(r.reactors),
          });
        });
      });
    },
    reactionsBetween: (roomId: number, fromId: number, toId: number): CommunityReactionRow[] =>
      (q.reactionsBetween.all(roomId, fromId, toId) as Row[]).map((r) => ({
        messageId: n(r.message_id),
        emoji: s(r.emoji),
        count: n(r.count),
        you: b(r.you),
        reactors: jsonList(r.reactors),
      })),
  };
}

export type CommunityPostsRepository = ReturnType<typeof communityPostsRepository>;
