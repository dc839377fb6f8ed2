/**
 * Row shapes of the community tables (migration 0009) and the mappers from SQLite rows: shared by
 * the rooms/DMs repository and the posts repository.
 */
import { z } from 'zod';

export interface CommunityServerRow {
  readonly baseUrl: string;
  readonly serverPk: string;
  readonly capabilities: readonly string[];
  readonly inboxSince: number;
  readonly outboxSince: number;
}

export interface CommunityRoomRow {
  readonly id: number;
  readonly baseUrl: string;
  readonly serverPk: string;
  readonly token: string;
  readonly name: string;
  readonly description: string | null;
  readonly infoUpdates: number;
  readonly activeUsers: number;
  readonly sinceSeqno: number;
  readonly readId: number;
  readonly hasOlder: boolean;
  readonly canWrite: boolean;
  readonly moderator: boolean;
  readonly admin: boolean;
  readonly imageId: string | null;
  readonly hasImage: boolean;
  readonly unread: number;
  readonly lastPostAt: number | null;
  readonly joinedAt: number;
}

export interface CommunityPostRow {
  readonly roomId: number;
  readonly id: number;
  readonly seqno: number;
  readonly sender: string;
  readonly senderName: string | null;
  readonly body: string | null;
  readonly postedAt: number;
  readonly editedAt: number | null;
  readonly deleted: boolean;
  readonly mine: boolean;
  /** The post this one replies to, as Session names it (migration 0017); null: not a reply. */
  readonly quote: PostQuote | null;
}

/** A quoted post: its author's ID as the server gave it and its time (ms, `posted` floored). */
export interface PostQuote {
  readonly id: number;
  readonly author: string;
}

export interface CommunityReactionRow {
  readonly messageId: number;
  readonly emoji: string;
  readonly count: number;
  readonly you: boolean;
  readonly reactors: readonly string[];
}

export interface CommunityDmRow {
  readonly baseUrl: string;
  readonly direction: 'in' | 'out';
  readonly serverId: number;
  readonly peer: string;
  readonly peerSessionId: string | null;
  readonly body: string;
  readonly sentAt: number;
  readonly read: boolean;
}

export interface PostInput {
  readonly id: number;
  readonly seqno: number;
  readonly sender: string;
  readonly senderName: string | null;
  readonly body: string | null;
  readonly postedAt: number;
  readonly editedAt: number | null;
  readonly deleted: boolean;
  readonly mine: boolean;
  readonly quote?: PostQuote | null;
}

export interface RoomInfoPatch {
  readonly name?: string;
  readonly description?: string | null;
  readonly infoUpdates?: number;
  readonly activeUsers?: number;
  readonly canWrite?: boolean;
  readonly moderator?: boolean;
  readonly admin?: boolean;
}

export const stringList = z.array(z.string());
export const b = (v: unknown): boolean => v === 1;
export const n = (v: unknown): number => (typeof v === 'number' ? v : 0);
export const s = (v: unknown): string => (typeof v === 'string' ? v : '');
export const sn = (v: unknown): string | null => (typeof v === 'string' ? v : null);
export const nn = (v: unknown): number | null => (typeof v === 'number' ? v : null);
export type Row = Record<string, unknown>;

export function jsonList(v: unknown): string[] {
  try {
    const p = stringList.safeParse(JSON.parse(s(v)));
    return p.success ? p.data : [];
  } catch {
    return [];
  }
}

export const ROOM_COLUMNS = `r.id, r.base_url, s.server_pk, r.token, r.name, r.description, r.info_updates, r.active_users,
  r.since_seqno, r.read_id, r.has_older, r.can_write, r.moderator, r.admin, r.image_id, r.image IS NOT NULL AS has_image,
  r.joined_at,
  (SELECT count(*) FROM community_messages m WHERE m.room_id = r.id AND m.id > r.read_id AND m.mine = 0 AND m.deleted = 0) AS unread,
  (SELECT max(m.posted_at) FROM community_messages m WHERE m.room_id = r.id) AS last_post_at`;

export function roomOf(r: Row): CommunityRoomRow {
  return {
    id: n(r.id),
    baseUrl: s(r.base_url),
    serverPk: s(r.server_pk),
    token: s(r.token),
    name: s(r.name),
    description: sn(r.description),
    infoUpdates: n(r.info_updates),
    activeUsers: n(r.active_users),
    sinceSeqno: n(r.since_seqno),
    readId: n(r.read_id),
    hasOlder: b(r.has_older),
    canWrite: b(r.can_write),
    moderator: b(r.moderator),
    admin: b(r.admin),
    imageId: sn(r.image_id),
    hasImage: b(r.has_image),
    unread: n(r.unread),
    lastPostAt: nn(r.last_post_at),
    joinedAt: n(r.joined_at),
  };
}

export function postOf(r: Row): CommunityPostRow {
  return {
    roomId: n(r.room_id),
    id: n(r.id),
    seqno: n(r.seqno),
    sender: s(r.sender),
    senderName: sn(r.sender_name),
    body: sn(r.body),
    postedAt: n(r.posted_at),
    editedAt: nn(r.edited_at),
    deleted: b(r.deleted),
    mine: b(r.mine),
    quote:
      typeof r.quote_id === 'number' && typeof r.quote_author === 'string'
        ? { id: r.quote_id, author: r.quote_author }
        : null,
  };
}

export function dmOf(r: Row): CommunityDmRow {
  return {
    baseUrl: s(r.base_url),
    direction: r.direction === 'out' ? 'out' : 'in',
    serverId: n(r.server_id),
    peer: s(r.peer),
    peerSessionId: sn(r.peer_session_id),
    body: s(r.body),
    sentAt: n(r.sent_at),
    read: b(r.read),
  };
}
