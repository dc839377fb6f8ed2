/** Database rows → the IPC shapes (src/shared/ipc/communities.ts). */
import { refusingRequests } from './dm-threads';
import type { CommunityDmRow, CommunityPostRow, CommunityRoomRow, PostQuote, VeilDatabase } from '../db';
import type { CommunityDm, CommunityPost, CommunityQuote, CommunityRoom } from '../../shared/ipc/communities';
import { cut, QUOTE_TEXT_MAX } from '../messaging/quotes';
import { joinUrlOf } from './join-url';

export function roomView(r: CommunityRoomRow, blindedId: string): CommunityRoom {
  return {
    id: r.id,
    joinUrl: joinUrlOf({ baseUrl: r.baseUrl, room: r.token, serverPkHex: r.serverPk }),
    baseUrl: r.baseUrl,
    token: r.token,
    name: r.name,
    description: r.description,
    activeUsers: r.activeUsers,
    blindedId,
    unread: r.unread,
    lastPostAt: r.lastPostAt,
    canWrite: r.canWrite,
    moderator: r.moderator,
    admin: r.admin,
    hasImage: r.hasImage,
    imageId: r.hasImage ? r.imageId : null,
    hasOlder: r.hasOlder,
  };
}

/**
 * A reply's quote as shown, looked up in the same room by (author, time) as Session desktop
 * (`getMessagesBySenderAndSentAt`): the quoted post's current text, or nothing of it once it was
 * deleted; not found, only who was quoted (desktop shows "original message not found").
 */
function quoteView(db: VeilDatabase, roomId: number, q: PostQuote): CommunityQuote {
  const original = db.communities.quoted(roomId, q);
  if (!original) return { ...q, postId: null, authorName: null, text: null, mine: false };
  return {
    ...q,
    postId: original.id,
    authorName: original.senderName,
    text: original.deleted ? null : cut(original.body ?? '', QUOTE_TEXT_MAX),
    mine: original.mine,
  };
}

/** Posts with their reactions, in the order given. */
export function postViews(
  db: VeilDatabase,
  roomId: number,
  rows: readonly CommunityPostRow[],
): CommunityPost[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const reactions = db.communities.reactionsBetween(roomId, Math.min(...ids), Math.max(...ids));
  const byMessage = new Map<number, { emoji: string; count: number; you: boolean }[]>();
  for (const r of reactions) {
    if (r.count === 0) continue;
    const list = byMessage.get(r.messageId) ?? [];
    list.push({ emoji: r.emoji, count: r.count, you: r.you });
    byMessage.set(r.messageId, list);
  }
  const refusing = refusingRequests(db, [...new Set(rows.filter((r) => !r.mine).map((r) => r.sender))]);
  return rows.map((r) => ({
    roomId,
    id: r.id,
    sender: r.sender,
    senderName: r.senderName,
    body: r.deleted ? '' : (r.body ?? ''),
    sentAt: r.postedAt,
    edited: r.editedAt !== null,
    deleted: r.deleted,
    mine: r.mine,
    reactions: r.deleted ? [] : (byMessage.get(r.id) ?? []),
    ...(refusing.has(r.sender) ? { requestsOff: true } : {}),
    ...(r.quote !== null && !r.deleted ? { quote: quoteView(db, roomId, r.quote) } : {}),
  }));
}

export function dmView(d: CommunityDmRow, serverPk: string, room: string): CommunityDm {
  return {
    joinUrl: joinUrlOf({ baseUrl: d.baseUrl, room, serverPkHex: serverPk }),
    baseUrl: d.baseUrl,
    direction: d.direction,
    id: d.serverId,
    peer: d.peer,
    body: d.body,
    sentAt: d.sentAt,
    read: d.read,
  };
}
