/**
 * What the CLI prints for community posts where the window shows them: a reply's quote in
 * `community read`, and posts found by `search` next to messages. The data comes from the same
 * core calls as the window (`CommunityService.postsAfter`, `.search`); only the printing is here.
 */
import type { CommunityPost } from '../../shared/ipc/communities';
import type { SearchHit } from '../../shared/ipc/messaging';
import type { Catalog } from '../../shared/i18n';
import type { ProfileSession } from '../core/session';
import { fillCatalog } from './id-words';

/**
 * `community read --json`: the four keys, and `replyTo` only on a reply (scripts compare
 * shapes, so a post without a quote prints exactly as before). `id` is the quoted post's id here,
 * null when this computer does not have it; `author` the ID the reply named.
 */
export function postJson(p: CommunityPost): string {
  return JSON.stringify({
    id: p.id,
    from: p.sender,
    body: p.body,
    sentAt: p.sentAt,
    ...(p.quote ? { replyTo: { id: p.quote.postId, author: p.quote.author } } : {}),
  });
}

/** `community read` (plain): the line under a reply, or none. */
export function quoteLine(words: Catalog, p: CommunityPost): string | undefined {
  const q = p.quote;
  if (!q) return undefined;
  const author = q.mine ? words.cliRooms.you : (q.authorName ?? q.author);
  if (q.postId === null) return fillCatalog(words.cliRooms.quoteNotHere, { author });
  if (q.text === null) return fillCatalog(words.cliRooms.quoteDeleted, { author });
  return fillCatalog(words.cliRooms.quote, { author, text: q.text });
}

/** A found post as `search` prints it: the room's token is its conversation (`communities --json`). */
export interface RoomHit {
  readonly room: string;
  readonly id: number;
  readonly body: string;
  readonly sentAt: number;
}

/**
 * The posts of joined rooms matching `text`, newest first, through the window's search
 * (`communities.search`), each with its whole body (the hit carries only a snippet).
 */
export function roomHits(session: ProfileSession, text: string, limit: number): RoomHit[] {
  const c = session.communities;
  const hits = c.search(text, limit);
  if (hits.length === 0) return [];
  const tokens = new Map(c.rooms().map((r) => [r.id, r.token]));
  return hits.flatMap((h) => {
    const [post] = c.postViews(h.roomId, [h.postId]);
    const room = tokens.get(h.roomId);
    if (!post || post.deleted || room === undefined) return [];
    return [{ room, id: h.postId, body: post.body, sentAt: h.sentAt }];
  });
}

export type FoundLine = { readonly message: SearchHit } | { readonly post: RoomHit };

/**
 * Both lists newest first, merged newest first and cut at `limit`. Stable: messages keep their
 * order among themselves (and before a post of the same time), so with no post found the output
 * is the message search's, byte for byte, as before rooms were searched.
 */
export function mergeHits(
  messages: readonly SearchHit[],
  posts: readonly RoomHit[],
  limit: number,
): FoundLine[] {
  const out: FoundLine[] = [];
  let i = 0;
  let j = 0;
  while (out.length < limit && (i < messages.length || j < posts.length)) {
    const m = messages[i];
    const p = posts[j];
    if (m !== undefined && (p === undefined || m.sentAt >= p.sentAt)) {
      out.push({ message: m });
      i++;
    } else if (p !== undefined) {
      out.push({ post: p });
      j++;
    }
  }
  return out;
}

/** `search --json`: a message as before (no new key), a post with `"community": true`. */
export function foundJson(line: FoundLine): Record<string, unknown> {
  if ('message' in line) {
    const h = line.message;
    return { conversation: h.conversationId, id: h.messageId, body: h.body, sentAt: h.sentAt };
  }
  const p = line.post;
  return { conversation: p.room, id: p.id, body: p.body, sentAt: p.sentAt, community: true };
}

/** `search` (plain): a message as before; a post from the catalog. */
export function foundText(words: Catalog, line: FoundLine): string {
  if ('message' in line) {
    const h = line.message;
    return `${new Date(h.sentAt).toISOString()} ${h.conversationId}: ${h.body}`;
  }
  const p = line.post;
  return fillCatalog(words.cliRooms.searchHit, {
    time: new Date(p.sentAt).toISOString(),
    room: p.room,
    body: p.body,
  });
}
