/**
 * Communities of one unlocked profile (issue #19): join by URL, one poller per server, posts,
 * paging back, reactions, deletion, moderation, room images, unread counts and community DMs.
 * Every change is written first, then announced on the domain bus by ids.
 */
import { randomBytes } from 'node:crypto';
import { blind15KeyPair, blinded15IdOf, type Blinded15Id } from '../../crypto/blinding';
import { toHex } from '../../crypto/bytes';
import type { Identity } from '../../crypto/keys';
import { ed25519PublicKeyOf } from '../../crypto/keys';
import type {
  CommunityDm,
  CommunityPost,
  CommunityPostHit,
  CommunityRoom,
  ServerRoom,
} from '../../shared/ipc/communities';
import type { CommunityRoomRow, VeilDatabase } from '../db';
import type { DomainBus } from '../domain/bus';
import type { NetworkClient } from '../network';
import * as api from './api';
import type { CommunityContext } from './context';
import { listDms, postDm, sendDm } from './dm-send';
import { CommunityDmThreads } from './dm-threads';
import { CommunityError } from './errors';
import { announceRequestsChanged, ingestMessages, type IngestCounters } from './ingest';
import { joinUrlOf, parseJoinUrl, type CommunityAddress } from './join-url';
import { banUser, deletePost, pagePosts, reactTo, sendPost } from './room-posts';
import { addressOf, ServerPoller } from './server-poller';
import type { SogsDeps } from './sogs-client';
import { postViews, roomView } from './views';

export interface CommunityServiceOptions {
  readonly db: VeilDatabase;
  readonly bus: DomainBus;
  readonly network: NetworkClient | undefined;
  readonly identity: () => Identity;
  readonly displayName: () => string | undefined;
  /** The Settings toggle "message requests from communities". */
  readonly dmsEnabled: () => boolean;
  readonly pollIntervalMs?: number;
  readonly log: (line: string) => void;
  /** What the rooms' polls await before storing what they fetched (core/first-screen.ts). */
  readonly beforeHandling?: () => Promise<void> | undefined;
}

/** Opening a room shows this many posts; scrolling up asks for more. */
export const FIRST_PAGE = 50;

export class CommunityService {
  private readonly pollers = new Map<string, ServerPoller>();
  private readonly deps: SogsDeps;
  private started = false;
  private unsubscribe: (() => void) | undefined;
  readonly counters: IngestCounters = { dropped: 0 };
  /** Community DMs as conversations (requests, replies, read state). */
  readonly threads: CommunityDmThreads;
  private readonly ctx: CommunityContext;

  constructor(private readonly o: CommunityServiceOptions) {
    this.deps = {
      network: o.network,
      secretKey: () => o.identity().ed25519SecretKey,
      nonce: () => new Uint8Array(randomBytes(16)),
    };
    this.ctx = {
      db: o.db,
      bus: o.bus,
      deps: this.deps,
      network: o.network,
      identity: o.identity,
      displayName: o.displayName,
      dmsEnabled: o.dmsEnabled,
      counters: this.counters,
      log: o.log,
      ownIds: (a) => this.ownIds(a),
      rowOf: (id) => this.rowOf(id),
      blinded: (row) => this.blinded(row),
      emitRooms: (ids) => this.emitRooms(ids),
    };
    this.threads = new CommunityDmThreads({
      db: o.db,
      bus: o.bus,
      ownSessionId: () => o.identity().sessionId,
      dmsEnabled: o.dmsEnabled,
      post: (room, recipient, body) => postDm(this.ctx, room, recipient, body),
      log: o.log,
    });
  }

  start(): void {
    this.started = true;
    this.threads.start();
    // DMs stored before they became conversations (or while the app was closed mid-way).
    for (const s of this.o.db.communities.servers()) this.threads.mirror(s.baseUrl);
    this.startPollers();
    // Rooms another device joined (config sync wrote them): their servers get a poller.
    this.unsubscribe ??= this.o.bus.on('communities.changed', (e) => {
      if (e.source === 'config-sync' && this.started) this.startPollers();
    });
  }

  private startPollers(): void {
    const servers = new Set(this.o.db.communities.servers().map((s) => s.baseUrl));
    for (const s of servers) this.pollerOf(s).start();
    for (const [base, p] of this.pollers)
      if (!servers.has(base)) {
        void p.stop();
        this.pollers.delete(base);
      }
  }

  async stop(): Promise<void> {
    this.started = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await Promise.all([...this.pollers.values()].map((p) => p.stop()));
    this.pollers.clear();
  }

  private pollerOf(baseUrl: string): ServerPoller {
    let p = this.pollers.get(baseUrl);
    if (!p) {
      p = new ServerPoller({
        baseUrl,
        db: this.o.db,
        bus: this.o.bus,
        deps: this.deps,
        ownIds: (a) => this.ownIds(a),
        dmsEnabled: this.o.dmsEnabled,
        onDms: (base, names) => {
          this.threads.mirror(base, names);
        },
        ...(this.o.pollIntervalMs !== undefined ? { intervalMs: this.o.pollIntervalMs } : {}),
        ...(this.o.beforeHandling ? { beforeHandling: this.o.beforeHandling } : {}),
        log: this.o.log,
        counters: this.counters,
      });
      this.pollers.set(baseUrl, p);
    }
    return p;
  }

  /** Our 15-blinded ID on a server. */
  blindedId(serverPkHex: string): Blinded15Id {
    const a = addressOf('', serverPkHex);
    return blinded15IdOf(blind15KeyPair(this.o.identity().ed25519SecretKey, a.serverPk));
  }

  private ownIds(a: CommunityAddress): ReadonlySet<string> {
    const sk = this.o.identity().ed25519SecretKey;
    return new Set([
      blinded15IdOf(blind15KeyPair(sk, a.serverPk)),
      `00${toHex(ed25519PublicKeyOf(sk))}`,
      this.o.identity().sessionId,
    ]);
  }

  private view(r: CommunityRoomRow): CommunityRoom {
    return { ...roomView(r, this.blindedId(r.serverPk)), canDm: this.blinded(r) };
  }

  rooms(): CommunityRoom[] {
    return this.o.db.communities.rooms().map((r) => this.view(r));
  }

  room(id: number): CommunityRoom | undefined {
    const r = this.o.db.communities.room(id);
    return r && this.view(r);
  }

  /** The joined room a URL names; not-joined otherwise. */
  roomOfUrl(url: string): CommunityRoomRow {
    const a = parseJoinUrl(url);
    const r = this.o.db.communities.roomByToken(a.baseUrl, a.room);
    if (!r) throw new CommunityError('not-joined', 'this room is not joined');
    return r;
  }

  private rowOf(id: number): CommunityRoomRow {
    const r = this.o.db.communities.room(id);
    if (!r) throw new CommunityError('not-joined', 'this room is not joined');
    return r;
  }

  private emitRooms(ids: number[], source: 'local' | 'incoming' | 'config-sync' = 'local'): void {
    this.o.bus.emit({ type: 'communities.changed', roomIds: ids, source });
  }

  /**
   * Joins a room: the server must answer (capabilities, then the room: 404 = unknown room);
   * the newest page is fetched, then the server's poller takes over.
   */
  async join(url: string): Promise<CommunityRoom> {
    const a = parseJoinUrl(url);
    const caps = await api.capabilities(this.deps, a);
    const info = await api.roomInfo(this.deps, a, a.room);
    const row = this.o.db.communities.addRoom(a.baseUrl, a.serverPkHex, info.token, info.name, Date.now());
    this.o.db.communities.setCapabilities(a.baseUrl, caps);
    this.applyInfo(row, info);
    const recent = await api.messagesBefore(this.deps, a, info.token, null).catch((e: unknown) => {
      this.o.log(`first page of ${info.token} not fetched: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    });
    if (recent) {
      const current = this.rowOf(row.id);
      const r = ingestMessages(this.o.db, current, recent, this.ownIds(a), this.counters, 'advances-since');
      announceRequestsChanged(this.o.bus, r);
      this.o.db.communities.setHasOlder(row.id, recent.length >= api.PAGE);
      // Everything there before joining counts as read, as Session shows a new room.
      const newest = this.o.db.communities.newestId(row.id);
      if (newest !== null) this.o.db.communities.markRead(row.id, newest);
      if (r.ids.length > 0) this.o.bus.emit({ type: 'community.posts', roomId: row.id, ids: r.ids });
    }
    const imageId = info.image_id === undefined || info.image_id === null ? null : String(info.image_id);
    if (imageId !== null) void this.pollerOf(a.baseUrl).fetchImage(this.rowOf(row.id), a, imageId);
    if (this.started) this.pollerOf(a.baseUrl).start();
    this.emitRooms([row.id]);
    return this.view(this.rowOf(row.id));
  }

  private applyInfo(row: CommunityRoomRow, info: api.RoomInfo): void {
    this.o.db.communities.updateRoomInfo(
      row.id,
      {
        name: info.name,
        description: info.description ?? null,
        infoUpdates: info.info_updates ?? 0,
        activeUsers: info.active_users ?? 0,
        canWrite: info.write ?? true,
        moderator: info.moderator === true || info.admin === true || info.global_moderator === true,
        admin: info.admin === true || info.global_admin === true,
      },
      Date.now(),
    );
  }

  async leave(roomId: number, source: 'local' | 'config-sync' = 'local'): Promise<void> {
    const row = this.rowOf(roomId);
    this.o.db.communities.removeRoom(roomId);
    if (!this.o.db.communities.server(row.baseUrl)) {
      await this.pollers.get(row.baseUrl)?.stop();
      this.pollers.delete(row.baseUrl);
    }
    this.emitRooms([roomId], source);
  }

  /** The rooms a server lists (`GET /rooms`), marked when joined. */
  async serverRooms(url: string): Promise<ServerRoom[]> {
    const a = parseJoinUrl(url);
    const rooms = await api.listRooms(this.deps, a);
    return rooms.map((r) => ({
      token: r.token,
      name: r.name,
      joinUrl: joinUrlOf({ baseUrl: a.baseUrl, room: r.token, serverPkHex: a.serverPkHex }),
      activeUsers: r.active_users ?? 0,
      joined: this.o.db.communities.roomByToken(a.baseUrl, r.token) !== undefined,
    }));
  }

  private blinded(row: CommunityRoomRow): boolean {
    const caps = this.o.db.communities.server(row.baseUrl)?.capabilities ?? [];
    return caps.length === 0 || caps.includes('blind');
  }

  /** Posts `text`; `replyTo` (a post of this room) makes it a reply quoting that post. */
  send(roomId: number, text: string, replyTo?: number): Promise<CommunityPost> {
    return sendPost(this.ctx, roomId, text, replyTo);
  }

  /** Newest first, before `before`; older posts are fetched from the server when missing. */
  posts(roomId: number, before: number | null, limit: number): Promise<CommunityPost[]> {
    return pagePosts(this.ctx, roomId, before, limit);
  }

  /** These posts as the windows see them (the IPC projection). */
  postViews(roomId: number, ids: readonly number[]): CommunityPost[] {
    const rows = ids.flatMap((id) => this.o.db.communities.post(roomId, id) ?? []);
    return postViews(this.o.db, roomId, rows);
  }

  /** Posts of joined rooms matching every word of `text`, newest first (the list's search). */
  search(text: string, limit: number): CommunityPostHit[] {
    return this.o.db.searchPosts(text, { limit }).map((h) => ({
      roomId: h.roomId,
      roomName: h.roomName,
      postId: h.postId,
      sender: h.sender,
      senderName: h.senderName,
      mine: h.mine,
      sentAt: h.postedAt,
      snippet: h.snippet,
    }));
  }

  /** Posts after `afterId`, oldest first (the CLI's `read`). */
  postsAfter(roomId: number, afterId: number, limit: number): CommunityPost[] {
    return postViews(this.o.db, roomId, this.o.db.communities.after(roomId, afterId, limit));
  }

  react(roomId: number, postId: number, emoji: string, remove: boolean): Promise<void> {
    return reactTo(this.ctx, roomId, postId, emoji, remove);
  }

  /** Deletes our post, or any post as a moderator. */
  deletePost(roomId: number, postId: number): Promise<void> {
    return deletePost(this.ctx, roomId, postId);
  }

  /** Bans or unbans a user from this room (moderators). */
  ban(roomId: number, userId: string, unban: boolean): Promise<void> {
    return banUser(this.ctx, roomId, userId, unban);
  }

  markRead(roomId: number, upTo: number): void {
    if (this.o.db.communities.markRead(roomId, upTo)) this.emitRooms([roomId]);
  }

  image(roomId: number): Uint8Array | undefined {
    return this.o.db.communities.image(roomId);
  }

  /** Polls every server now (the CLI's `read --wait`, tests). */
  async pollNow(): Promise<void> {
    await Promise.all(this.o.db.communities.servers().map((s) => this.pollerOf(s.baseUrl).pollNow()));
  }

  // ---- community DMs (§4.6) ----

  dms(): CommunityDm[] {
    return listDms(this.ctx, this.threads);
  }

  /** Sends a DM to a 15-blinded ID through the server of a joined room (`POST /inbox/:id`). */
  sendDm(roomId: number, to: string, text: string): Promise<CommunityDm> {
    return sendDm(this.ctx, this.threads, roomId, to, text);
  }

  /** The room of a joined server by URL, for `send --community`. */
  roomIdOfUrl(url: string): number {
    return this.roomOfUrl(url).id;
  }
}
