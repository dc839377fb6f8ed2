/** Database rows → the IPC shapes (src/shared/ipc/communities.ts). */
import { refusingRequests } from './dm-threads';
import type { CommunityDmRow, CommunityPostRow, CommunityRoomRow, VeilDatabase } from '../db';
import type { CommunityDm, CommunityPost, CommunityRoom } from '../../shared/ipc/communities';
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
