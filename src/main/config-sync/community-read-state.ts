/**
 * Communities' read state in ConvoInfoVolatile `o` (libsession `convo_info_volatile.hpp`
 * `convo::community`: canonical base URL → {`#` 32-byte server key, `R` → {lower-case room →
 * {`r` last read, ms; `u` marked unread}}}), so that a room read on one device of the account is
 * read on the others, as for 1-to-1 conversations (collect.ts, apply.ts) and groups
 * (group-read-state.ts).
 *
 * Veil keeps a room's read mark as a server post id (community_rooms.read_id); the config keeps a
 * time. As Session's desktop (`getLastMessageReadInConversation`: the newest read message's
 * `serverTimestamp`), the time written is when the newest post up to the read mark was posted
 * (server time, ms); applied, every post posted at or before the other device's time is read here.
 * - collect: only forward (an older `r` would be taken as an explicit reset);
 * - apply: unless that device marked the room unread (`u`; Veil has no "mark unread" for rooms);
 * - a room left here leaves the config (its server's entry too when it was the last room).
 */
import { fromHex } from '../../crypto/bytes';
import { canonicalCommunityUrl, type ConvoInfoVolatile } from '../../swarm/config';
import type { CommunityRoomRow, VeilDatabase } from '../db';

function roomKey(baseUrl: string, room: string): string | undefined {
  try {
    return `${canonicalCommunityUrl(baseUrl)}/${room.toLowerCase()}`;
  } catch {
    return undefined; // a base URL the config cannot key: no entry
  }
}

function roomsOf(db: VeilDatabase, only: ReadonlySet<number> | undefined): CommunityRoomRow[] {
  if (only === undefined) return db.communities.rooms();
  return [...only].flatMap((id) => db.communities.room(id) ?? []);
}

/**
 * Database → config for the rooms named (`only`), or every joined room; with `eraseLeft`, the
 * entries of rooms not joined here are erased (after a join or leave here, and on a full collect).
 */
export function collectCommunityReadState(
  db: VeilDatabase,
  volatile: ConvoInfoVolatile,
  only: ReadonlySet<number> | undefined,
  eraseLeft: boolean,
): void {
  for (const r of roomsOf(db, only)) {
    if (roomKey(r.baseUrl, r.token) === undefined) continue;
    const at = db.communities.readUpToAt(r.id, r.readId);
    if (at === null || at <= 0) continue;
    const current = volatile.getCommunity(r.baseUrl, r.token);
    if (current !== undefined && current.lastRead >= at) continue;
    volatile.setCommunity(r.baseUrl, r.token, fromHex(r.serverPk), { lastRead: at, unread: false });
  }
  if (!eraseLeft) return;
  const joined = new Set(db.communities.rooms().map((r) => roomKey(r.baseUrl, r.token)));
  for (const e of volatile.communities())
    if (!joined.has(`${e.baseUrl}/${e.room}`)) volatile.eraseCommunity(e.baseUrl, e.room);
}

/**
 * Config → database: posts another device of ours read are read here. Returns the rooms whose
 * read mark moved.
 */
export function applyCommunityReadState(
  db: VeilDatabase,
  volatile: ConvoInfoVolatile,
  only: ReadonlySet<number> | undefined,
): number[] {
  const moved: number[] = [];
  for (const r of roomsOf(db, only)) {
    if (r.unread === 0 || roomKey(r.baseUrl, r.token) === undefined) continue;
    const state = volatile.getCommunity(r.baseUrl, r.token);
    if (state === undefined || state.unread || state.lastRead <= 0) continue;
    const upTo = db.communities.unreadIdPostedBy(r.id, r.readId, state.lastRead);
    if (upTo !== null && db.communities.markRead(r.id, upTo)) moved.push(r.id);
  }
  return moved;
}
