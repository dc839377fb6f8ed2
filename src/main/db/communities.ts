/**
 * Joined communities: servers, rooms and blinded DMs (migration 0009). Posts and reactions are
 * in community-posts.ts; this repository gives both, as `db.communities`.
 */
import { communityPostsRepository } from './community-posts';
import {
  dmOf,
  jsonList,
  n,
  ROOM_COLUMNS,
  roomOf,
  s,
  type CommunityDmRow,
  type CommunityRoomRow,
  type CommunityServerRow,
  type RoomInfoPatch,
  type Row,
} from './community-rows';
import type { Sqlite } from './sqlite';
import type { Transact } from './transact';

export type {
  CommunityDmRow,
  CommunityPostRow,
  CommunityReactionRow,
  CommunityRoomRow,
  CommunityServerRow,
  PostInput,
  PostQuote,
  RoomInfoPatch,
} from './community-rows';

/** `transaction` is the connection's one wrapper (transact.ts): BEGIN IMMEDIATE, savepoint inside. */
export function communitiesRepository(db: Sqlite, transaction: Transact) {
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
    setImage: db.prepare<[Uint8Array | null, string | null, number]>(
      'UPDATE community_rooms SET image = ?, image_id = ? WHERE id = ?',
    ),
    image: db.prepare<[number]>('SELECT image FROM community_rooms WHERE id = ?').pluck(),
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
    ...communityPostsRepository(db, transaction),
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
      return transaction(() => {
        q.upsertServer.run(baseUrl, serverPk, now);
        q.insertRoom.run(baseUrl, token, token.toLowerCase(), name, now, now);
        const r = q.roomByKey.get(baseUrl, token.toLowerCase()) as Row;
        return roomOf(r);
      });
    },
    /** Leaves a room: its posts and reactions go with it; the server row when it was the last. */
    removeRoom(id: number): boolean {
      return transaction(() => {
        const r = q.roomById.get(id) as Row | undefined;
        if (!r) return false;
        q.deleteRoom.run(id);
        q.deleteServerIfEmpty.run({ base: s(r.base_url) });
        return true;
      });
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
    /**
     * The room image and the server's id of it, written together once downloaded: the id names
     * the bytes we hold, so the windows know when to read them again.
     */
    setImage: (id: number, imageId: string | null, image: Uint8Array | null) => {
      q.setImage.run(image, imageId, id);
    },
    image: (id: number): Uint8Array | undefined => {
      const v = q.image.get(id);
      return v instanceof Uint8Array ? v : undefined;
    },
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
