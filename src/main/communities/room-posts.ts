/**
 * Posting and reading in a joined room: send, pages (fetching older posts from the server when
 * the database has none), reactions, deletion and bans. Every change is written first, then
 * announced on the domain bus by ids.
 */
import type { CommunityPost } from '../../shared/ipc/communities';
import { COMMUNITY_POST_MAX } from '../../shared/ipc/communities';
import * as api from './api';
import { checkedBody, type CommunityContext } from './context';
import { CommunityError } from './errors';
import { announceRequestsChanged, ingestMessages } from './ingest';
import { cut, QUOTE_TEXT_MAX } from '../messaging/quotes';
import { encodePost, type OutgoingQuote } from './post-codec';
import { addressOf } from './server-poller';
import { postViews } from './views';

/**
 * The quote of a reply to post `replyTo` of this room, as Session desktop makes it
 * (`ConversationModel.makeQuote`): the quoted post's `sent_at` (its `posted` in ms) and its
 * author as the server gave it (our own posts carry our blinded ID there, as desktop's quote of
 * its own post on a blinded server), plus its first graphemes for libsession clients.
 */
function quoteFor(c: CommunityContext, roomId: number, replyTo: number): OutgoingQuote {
  const original = c.db.communities.post(roomId, replyTo);
  if (!original) throw new CommunityError('unknown-message', 'no such post');
  if (original.deleted) throw new CommunityError('unknown-message', 'the post was deleted');
  return {
    id: original.postedAt,
    author: original.sender,
    ...(original.body ? { text: cut(original.body, QUOTE_TEXT_MAX) } : {}),
  };
}

export async function sendPost(
  c: CommunityContext,
  roomId: number,
  text: string,
  replyTo?: number,
): Promise<CommunityPost> {
  const body = checkedBody(text, COMMUNITY_POST_MAX, 'post');
  const row = c.rowOf(roomId);
  const quote = replyTo === undefined ? undefined : quoteFor(c, roomId, replyTo);
  const a = addressOf(row.baseUrl, row.serverPk);
  const post = encodePost(
    c.identity().ed25519SecretKey,
    a.serverPk,
    c.blinded(row),
    body,
    c.displayName(),
    // DataMessage 106, as Session's OpenGroupVisibleMessage: the opposite of the setting.
    !c.dmsEnabled(),
    quote,
  );
  const stored = await api.postMessage(c.deps, a, row.token, post.data, post.signature);
  // The server echoes the post without data on some versions: ours is what we sent.
  const echoed = {
    ...stored,
    data: stored.data ?? post.data,
    signature: stored.signature ?? post.signature,
  };
  const r = ingestMessages(c.db, c.rowOf(roomId), [echoed], c.ownIds(a), c.counters, 'keeps-since');
  announceRequestsChanged(c.bus, r);
  c.db.communities.markRead(roomId, stored.id);
  c.bus.emit({ type: 'community.posts', roomId, ids: r.ids.length > 0 ? r.ids : [stored.id] });
  c.emitRooms([roomId]);
  const saved = c.db.communities.post(roomId, stored.id);
  if (!saved) throw new CommunityError('invalid-response', 'the server answered a post we cannot read');
  const [view] = postViews(c.db, roomId, [saved]);
  if (!view) throw new CommunityError('invalid-response', 'the post was not stored');
  return view;
}

/**
 * Newest first, before `before`. When the database has fewer and the server may have older
 * posts, they are fetched (`messages/before`), stored, and given.
 */
export async function pagePosts(
  c: CommunityContext,
  roomId: number,
  before: number | null,
  limit: number,
): Promise<CommunityPost[]> {
  const row = c.rowOf(roomId);
  let rows = c.db.communities.page(roomId, before, limit);
  if (rows.length < limit && row.hasOlder && c.network) {
    const oldest = rows.at(-1)?.id ?? before ?? c.db.communities.oldestId(roomId);
    const a = addressOf(row.baseUrl, row.serverPk);
    try {
      const older = await api.messagesBefore(c.deps, a, row.token, oldest, api.PAGE);
      announceRequestsChanged(
        c.bus,
        ingestMessages(c.db, row, older, c.ownIds(a), c.counters, 'keeps-since'),
      );
      if (older.length < api.PAGE) c.db.communities.setHasOlder(roomId, false);
      rows = c.db.communities.page(roomId, before, limit);
    } catch (e) {
      c.log(`older posts of ${row.token} not fetched: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return postViews(c.db, roomId, rows);
}

export async function reactTo(
  c: CommunityContext,
  roomId: number,
  postId: number,
  emoji: string,
  remove: boolean,
): Promise<void> {
  const row = c.rowOf(roomId);
  if (!c.db.communities.post(roomId, postId)) throw new CommunityError('unknown-message', 'no such post');
  const a = addressOf(row.baseUrl, row.serverPk);
  const path = `/room/${api.enc(row.token)}/reaction/${postId}/${api.enc(emoji)}`;
  await api.simple(c.deps, a, remove ? 'DELETE' : 'PUT', path, 'reaction');
  // Shown at once; the next poll brings the server's counts.
  const current = c.db.communities.reactionsBetween(roomId, postId, postId);
  const others = current.filter((r) => r.emoji !== emoji);
  const mine = current.find((r) => r.emoji === emoji);
  const count = Math.max(0, (mine?.count ?? 0) + (remove ? (mine?.you ? -1 : 0) : mine?.you ? 0 : 1));
  c.db.communities.setReactions(roomId, postId, [
    ...others,
    ...(count > 0 ? [{ emoji, count, you: !remove, reactors: mine?.reactors ?? [] }] : []),
  ]);
  c.bus.emit({ type: 'community.posts', roomId, ids: [postId] });
}

/** Deletes our post, or any post as a moderator (`DELETE /room/:t/message/:id`). */
export async function deletePost(c: CommunityContext, roomId: number, postId: number): Promise<void> {
  const row = c.rowOf(roomId);
  const post = c.db.communities.post(roomId, postId);
  if (!post) throw new CommunityError('unknown-message', 'no such post');
  if (!post.mine && !row.moderator)
    throw new CommunityError('forbidden', 'only moderators delete others’ posts');
  const a = addressOf(row.baseUrl, row.serverPk);
  await api.simple(c.deps, a, 'DELETE', `/room/${api.enc(row.token)}/message/${postId}`, 'delete');
  c.db.communities.markDeleted(roomId, postId, post.seqno);
  c.bus.emit({ type: 'community.posts', roomId, ids: [postId] });
  c.emitRooms([roomId]);
}

/** Bans or unbans a user from this room (moderators; `POST /user/:id/ban|unban`). */
export async function banUser(
  c: CommunityContext,
  roomId: number,
  userId: string,
  unban: boolean,
): Promise<void> {
  const row = c.rowOf(roomId);
  const id = userId.toLowerCase();
  if (!/^(?:15|25|05|00)[0-9a-f]{64}$/.test(id))
    throw new CommunityError('bad-blinded-id', 'not a blinded ID');
  const a = addressOf(row.baseUrl, row.serverPk);
  await api.simple(c.deps, a, 'POST', `/user/${id}/${unban ? 'unban' : 'ban'}`, unban ? 'unban' : 'ban', {
    rooms: [row.token],
  });
}
