/**
 * Joined communities, their posts, reactions and blinded DMs (migration 0009). Pages are read by
 * the (room, id) key: the newest page of a large room is an index range, never a sort.
 */
import { z } from 'zod';
import type { Sqlite } from './sqlite';

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
}

export interface RoomInfoPatch {
  readonly name?: string;
  readonly description?: string | null;
  readonly infoUpdates?: number;
  readonly activeUsers?: number;
  readonly canWrite?: boolean;
  readonly moderator?: boolean;
  readonly admin?: boolean;
  readonly imageId?: string | null;
}

const stringList = z.array(z.string());
const b = (v: unknown): boolean => v === 1;
const n = (v: unknown): number => (typeof v === 'number' ? v : 0);
const s = (v: unknown): string => (typeof v === 'string' ? v : '');
const sn = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const nn = (v: unknown): number | null => (typeof v === 'number' ? v : null);
type Row = Record<string, unknown>;

function jsonList(v: unknown): string[] {
  try {
    const p = stringList.safeParse(JSON.parse(s(v)));
    return p.success ? p.data : [];
  } catch {
    return [];
  }
}

const ROOM_COLUMNS = `r.id, r.base_url, s.server_pk, r.token, r.name, r.description, r.info_updates, r.active_users,
  r.since_seqno, r.read_id, r.has_older, r.can_write, r.moderator, r.admin, r.image_id, r.image IS NOT NULL AS has_image,
  r.joined_at,
  (SELECT count(*) FROM community_messages m WHERE m.room_id = r.id AND m.id > r.read_id AND m.mine = 0 AND m.deleted = 0) AS unread,
  (SELECT max(m.posted_at) FROM community_messages m WHERE m.room_id = r.id) AS last_post_at`;

function roomOf(r: Row): CommunityRoomRow {
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

function postOf(r: Row): CommunityPostRow {
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
  };
}

function dmOf(r: Row): CommunityDmRow {
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

export function communitiesRepository(db: Sqlite) {
  const roomSelect = `SELECT ${ROOM_COLUMNS} FROM community_rooms r JOIN community_servers s ON s.base_url = r.base_url`;
  const q = {
    server: db.prepare<[string]>('SELECT * FROM community_servers WHERE base_url = ?'),
    servers: db.prepare('SELECT * FROM community_servers ORDER BY base_url'),
    upsertServer: db.prepare<[string, string, number]>(
      `INSERT INTO community_servers (base_url, server_pk, created_at) VALUES (?, ?, ?)
       ON CONFLICT (base_url) DO UPDATE SET server_pk = excluded.server_pk`,
    ),
    setCapabilities: db.prepare<[string, string]>(
      'UPDATE community_servers SET capabilities = ? WHERE base_url = ?',
    ),
    setInbox: db.prepare<[number, string]>(
      'UPDATE community_servers SET inbox_since = max(inbox_since, ?) WHERE base_url = ?',
    ),
    setOutbox: db.prepare<[number, string]>(
      'UPDATE community_servers SET outbox_since = max(outbox_since, ?) WHERE base_url = ?',
    ),
    deleteServerIfEmpty: db.prepare<[{ base: string }]>(
      'DELETE FROM community_servers WHERE base_url = @base AND NOT EXISTS (SELECT 1 FROM community_rooms WHERE base_url = @base)',
    ),
    rooms: db.prepare(`${roomSelect} ORDER BY r.joined_at, r.id`),
    roomById: db.prepare<[number]>(`${roomSelect} WHERE r.id = ?`),
    roomByKey: db.prepare<[string, string]>(`${roomSelect} WHERE r.base_url = ? AND r.token_key = ?`),
    insertRoom: db.prepare<[string, string, string, string, number, number]>(
      `INSERT INTO community_rooms (base_url, token, token_key, name, joined_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (base_url, token_key) DO NOTHING`,
    ),
    deleteRoom: db.prepare<[number]>('DELETE FROM community_rooms WHERE id = ?'),
    setSince: db.prepare<[number, number]>(
      'UPDATE community_rooms SET since_seqno = max(since_seqno, ?) WHERE id = ?',
    ),
    setRead: db.prepare<[number, number]>(
      'UPDATE community_rooms SET read_id = max(read_id, ?) WHERE id = ?',
    ),
    setHasOlder: db.prepare<[number, number]>('UPDATE community_rooms SET has_older = ? WHERE id = ?'),
    setImage: db.prepare<[Uint8Array | null, number]>('UPDATE community_rooms SET image = ? WHERE id = ?'),
    image: db.prepare<[number]>('SELECT image FROM community_rooms WHERE id = ?').pluck(),
    upsertPost: db.prepare(
      `INSERT INTO community_messages (room_id, id, seqno, sender, sender_name, body, posted_at, edited_at, deleted, mine)
       VALUES (@roomId, @id, @seqno, @sender, @senderName, @body, @postedAt, @editedAt, @deleted, @mine)
       ON CONFLICT (room_id, id) DO UPDATE SET seqno = excluded.seqno, sender_name = coalesce(excluded.sender_name, sender_name),
         body = excluded.body, edited_at = excluded.edited_at, deleted = excluded.deleted,
         mine = max(mine, excluded.mine)
       WHERE excluded.seqno >= community_messages.seqno`,
    ),
    markDeleted: db.prepare<[number, number, number]>(
      'UPDATE community_messages SET deleted = 1, body = NULL, seqno = max(seqno, ?) WHERE room_id = ? AND id = ?',
    ),
    post: db.prepare<[number, number]>('SELECT * FROM community_messages WHERE room_id = ? AND id = ?'),
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
    insertDm: db.prepare(
      `INSERT OR IGNORE INTO community_dms (base_url, direction, server_id, peer, peer_session_id, body, sent_at, read)
       VALUES (@baseUrl, @direction, @serverId, @peer, @peerSessionId, @body, @sentAt, @read)`,
    ),
    dms: db.prepare('SELECT * FROM community_dms ORDER BY sent_at, base_url, server_id'),
    markDmsRead: db.prepare<[string, string]>(
      "UPDATE community_dms SET read = 1 WHERE base_url = ? AND peer = ? AND direction = 'in'",
    ),
  };

  const serverOf = (r: Row | undefined): CommunityServerRow | undefined =>
    r && {
      baseUrl: s(r.base_url),
      serverPk: s(r.server_pk),
      capabilities: jsonList(r.capabilities),
      inboxSince: n(r.inbox_since),
      outboxSince: n(r.outbox_since),
    };

  return {
    server: (baseUrl: string) => serverOf(q.server.get(baseUrl) as Row | undefined),
    servers: () => (q.servers.all() as Row[]).flatMap((r) => serverOf(r) ?? []),
    setCapabilities: (baseUrl: string, caps: readonly string[]) => {
      q.setCapabilities.run(JSON.stringify(caps), baseUrl);
    },
    setDmPositions: (baseUrl: string, inbox: number, outbox: number) => {
      q.setInbox.run(inbox, baseUrl);
      q.setOutbox.run(outbox, baseUrl);
    },
    rooms: () => (q.rooms.all() as Row[]).map(roomOf),
    room: (id: number) => {
      const r = q.roomById.get(id) as Row | undefined;
      return r && roomOf(r);
    },
    roomByToken: (baseUrl: string, token: string) => {
      const r = q.roomByKey.get(baseUrl, token.toLowerCase()) as Row | undefined;
      return r && roomOf(r);
    },
    /** Joins (or finds) a room; the server row is created or its key updated. */
    addRoom(baseUrl: string, serverPk: string, token: string, name: string, now: number): CommunityRoomRow {
      return db.transaction(() => {
        q.upsertServer.run(baseUrl, serverPk, now);
        q.insertRoom.run(baseUrl, token, token.toLowerCase(), name, now, now);
        const r = q.roomByKey.get(baseUrl, token.toLowerCase()) as Row;
        return roomOf(r);
      })();
    },
    /** Leaves a room: its posts and reactions go with it; the server row when it was the last. */
    removeRoom(id: number): boolean {
      return db.transaction(() => {
        const r = q.roomById.get(id) as Row | undefined;
        if (!r) return false;
        q.deleteRoom.run(id);
        q.deleteServerIfEmpty.run({ base: s(r.base_url) });
        return true;
      })();
    },
    updateRoomInfo(id: number, p: RoomInfoPatch, now: number): void {
      const sets: string[] = [];
      const values: (string | number | null)[] = [];
      const put = (col: string, v: string | number | null | boolean | undefined) => {
        if (v === undefined) return;
        sets.push(`${col} = ?`);
        values.push(typeof v === 'boolean' ? (v ? 1 : 0) : v);
      };
      put('name', p.name);
      put('description', p.description);
      put('info_updates', p.infoUpdates);
      put('active_users', p.activeUsers);
      put('can_write', p.canWrite);
      put('moderator', p.moderator);
      put('admin', p.admin);
      put('image_id', p.imageId);
      if (sets.length === 0) return;
      // Column names come from the fixed list above, never from the caller.
      db.prepare(`UPDATE community_rooms SET ${sets.join(', ')}, updated_at = ? WHERE id = ?`).run(
        ...values,
        now,
        id,
      );
    },
    setSince: (id: number, seqno: number) => q.setSince.run(seqno, id).changes > 0,
    markRead: (id: number, upToId: number) => q.setRead.run(upToId, id).changes > 0,
    setHasOlder: (id: number, hasOlder: boolean) => {
      q.setHasOlder.run(hasOlder ? 1 : 0, id);
    },
    setImage: (id: number, image: Uint8Array | null) => {
      q.setImage.run(image, id);
    },
    image: (id: number): Uint8Array | undefined => {
      const v = q.image.get(id);
      return v instanceof Uint8Array ? v : undefined;
    },
    /** Stores posts (newer seqnos win); returns the ids that were new or changed. */
    upsertPosts(roomId: number, posts: readonly PostInput[]): number[] {
      return db.transaction(() => {
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
          });
          if (r.changes > 0) changed.push(p.id);
        }
        return changed;
      })();
    },
    markDeleted: (roomId: number, id: number, seqno: number) =>
      q.markDeleted.run(seqno, roomId, id).changes > 0,
    post: (roomId: number, id: number) => {
      const r = q.post.get(roomId, id) as Row | undefined;
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
    /** Replaces a message's reactions with what the server counted. */
    setReactions(
      roomId: number,
      messageId: number,
      reactions: readonly Omit<CommunityReactionRow, 'messageId'>[],
    ): void {
      db.transaction(() => {
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
      })();
    },
    reactionsBetween: (roomId: number, fromId: number, toId: number): CommunityReactionRow[] =>
      (q.reactionsBetween.all(roomId, fromId, toId) as Row[]).map((r) => ({
        messageId: n(r.message_id),
        emoji: s(r.emoji),
        count: n(r.count),
        you: b(r.you),
        reactors: jsonList(r.reactors),
      })),
    /** Stores a DM; false when it was already there (a replayed poll). */
    addDm(dm: CommunityDmRow): boolean {
      return (
        q.insertDm.run({
          ...dm,
          read: dm.read ? 1 : 0,
        }).changes > 0
      );
    },
    dms: (): CommunityDmRow[] => (q.dms.all() as Row[]).map(dmOf),
    markDmsRead: (baseUrl: string, peer: string) => q.markDmsRead.run(baseUrl, peer).changes,
  };
}

export type CommunitiesRepository = ReturnType<typeof communitiesRepository>;
