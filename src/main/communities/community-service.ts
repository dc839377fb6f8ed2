/**
 * Communities of one unlocked profile (issue #19): join by URL, one poller per server, posts,
 * paging back, reactions, deletion, moderation, room images, unread counts and community DMs.
 * Every change is written first, then announced on the domain bus by ids.
 */
import { randomBytes } from 'node:crypto';
import { toBase64 } from '../../crypto/bytes';
import { blind15KeyPair, blinded15IdOf, type Blinded15Id } from '../../crypto/blinding';
import { encryptBlindedDm, isBlindedPeerId } from '../../crypto/blinded-dm';
import type { Identity } from '../../crypto/keys';
import { toHex } from '../../crypto/bytes';
import { ed25519PublicKeyOf } from '../../crypto/keys';
import type { CommunityDm, CommunityPost, CommunityRoom, ServerRoom } from '../../shared/ipc/communities';
import { COMMUNITY_POST_MAX } from '../../shared/ipc/communities';
import type { CommunityRoomRow, VeilDatabase } from '../db';
import type { DomainBus } from '../domain/bus';
import type { NetworkClient } from '../network';
import * as api from './api';
import { CommunityError } from './errors';
import { ingestMessages, type IngestCounters } from './ingest';
import { joinUrlOf, parseJoinUrl, type CommunityAddress } from './join-url';
import { contentBytes, encodePost } from './post-codec';
import { addressOf, ServerPoller } from './server-poller';
import type { SogsDeps } from './sogs-client';
import { dmView, postViews, roomView } from './views';
import { CommunityDmThreads, type SentDm } from './dm-threads';

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
}

/** Code points, as the limit is counted (an emoji of several code points counts several). */
function codePointCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
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

  constructor(private readonly o: CommunityServiceOptions) {
    this.deps = {
      network: o.network,
      secretKey: () => o.identity().ed25519SecretKey,
      nonce: () => new Uint8Array(randomBytes(16)),
    };
    this.threads = new CommunityDmThreads({
      db: o.db,
      bus: o.bus,
      ownSessionId: () => o.identity().sessionId,
      dmsEnabled: o.dmsEnabled,
      post: (room, recipient, body) => this.postDm(room, recipient, body),
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
      const r = ingestMessages(this.o.db, current, recent, this.ownIds(a), this.counters);
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

  /** A room another device of ours joined (UserGroups `o`): added here, fetched by the poller. */
  adopt(baseUrl: string, serverPkHex: string, token: string, name: string): number {
    const row = this.o.db.communities.addRoom(baseUrl, serverPkHex, token, name, Date.now());
    if (this.started) this.pollerOf(baseUrl).start();
    return row.id;
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
        imageId: info.image_id === undefined || info.image_id === null ? null : String(info.image_id),
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

  async send(roomId: number, text: string): Promise<CommunityPost> {
    const body = text.trim();
    if (body === '' || codePointCount(body) > COMMUNITY_POST_MAX)
      throw new CommunityError('bad-message', 'a post has 1 to 2000 characters');
    const row = this.rowOf(roomId);
    const a = addressOf(row.baseUrl, row.serverPk);
    const post = encodePost(
      this.o.identity().ed25519SecretKey,
      a.serverPk,
      this.blinded(row),
      body,
      this.o.displayName(),
      // DataMessage 106, as Session's OpenGroupVisibleMessage: the opposite of the setting.
      !this.o.dmsEnabled(),
    );
    const stored = await api.postMessage(this.deps, a, row.token, post.data, post.signature);
    // The server echoes the post without data on some versions: ours is what we sent.
    const echoed = {
      ...stored,
      data: stored.data ?? post.data,
      signature: stored.signature ?? post.signature,
    };
    const r = ingestMessages(this.o.db, this.rowOf(roomId), [echoed], this.ownIds(a), this.counters);
    this.o.db.communities.markRead(roomId, stored.id);
    this.o.bus.emit({ type: 'community.posts', roomId, ids: r.ids.length > 0 ? r.ids : [stored.id] });
    this.emitRooms([roomId]);
    const saved = this.o.db.communities.post(roomId, stored.id);
    if (!saved) throw new CommunityError('invalid-response', 'the server answered a post we cannot read');
    const [view] = postViews(this.o.db, roomId, [saved]);
    if (!view) throw new CommunityError('invalid-response', 'the post was not stored');
    return view;
  }

  /**
   * Newest first, before `before`. When the database has fewer and the server may have older
   * posts, they are fetched (`messages/before`), stored, and given.
   */
  async posts(roomId: number, before: number | null, limit: number): Promise<CommunityPost[]> {
    const row = this.rowOf(roomId);
    let rows = this.o.db.communities.page(roomId, before, limit);
    if (rows.length < limit && row.hasOlder && this.o.network) {
      const oldest = rows.at(-1)?.id ?? before ?? this.o.db.communities.oldestId(roomId);
      const a = addressOf(row.baseUrl, row.serverPk);
      try {
        const older = await api.messagesBefore(this.deps, a, row.token, oldest, api.PAGE);
        ingestMessages(this.o.db, row, older, this.ownIds(a), this.counters);
        if (older.length < api.PAGE) this.o.db.communities.setHasOlder(roomId, false);
        rows = this.o.db.communities.page(roomId, before, limit);
      } catch (e) {
        this.o.log(`older posts of ${row.token} not fetched: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return postViews(this.o.db, roomId, rows);
  }

  /** These posts as the windows see them (the IPC projection). */
  postViews(roomId: number, ids: readonly number[]): CommunityPost[] {
    const rows = ids.flatMap((id) => this.o.db.communities.post(roomId, id) ?? []);
    return postViews(this.o.db, roomId, rows);
  }

  /** Posts after `afterId`, oldest first (the CLI's `read`). */
  postsAfter(roomId: number, afterId: number, limit: number): CommunityPost[] {
    return postViews(this.o.db, roomId, this.o.db.communities.after(roomId, afterId, limit));
  }

  async react(roomId: number, postId: number, emoji: string, remove: boolean): Promise<void> {
    const row = this.rowOf(roomId);
    if (!this.o.db.communities.post(roomId, postId))
      throw new CommunityError('unknown-message', 'no such post');
    const a = addressOf(row.baseUrl, row.serverPk);
    const path = `/room/${api.enc(row.token)}/reaction/${postId}/${api.enc(emoji)}`;
    await api.simple(this.deps, a, remove ? 'DELETE' : 'PUT', path, 'reaction');
    // Shown at once; the next poll brings the server's counts.
    const current = this.o.db.communities.reactionsBetween(roomId, postId, postId);
    const others = current.filter((r) => r.emoji !== emoji);
    const mine = current.find((r) => r.emoji === emoji);
    const count = Math.max(0, (mine?.count ?? 0) + (remove ? (mine?.you ? -1 : 0) : mine?.you ? 0 : 1));
    this.o.db.communities.setReactions(roomId, postId, [
      ...others,
      ...(count > 0 ? [{ emoji, count, you: !remove, reactors: mine?.reactors ?? [] }] : []),
    ]);
    this.o.bus.emit({ type: 'community.posts', roomId, ids: [postId] });
  }

  /** Deletes our post, or any post as a moderator (`DELETE /room/:t/message/:id`). */
  async deletePost(roomId: number, postId: number): Promise<void> {
    const row = this.rowOf(roomId);
    const post = this.o.db.communities.post(roomId, postId);
    if (!post) throw new CommunityError('unknown-message', 'no such post');
    if (!post.mine && !row.moderator)
      throw new CommunityError('forbidden', 'only moderators delete others’ posts');
    const a = addressOf(row.baseUrl, row.serverPk);
    await api.simple(this.deps, a, 'DELETE', `/room/${api.enc(row.token)}/message/${postId}`, 'delete');
    this.o.db.communities.markDeleted(roomId, postId, post.seqno);
    this.o.bus.emit({ type: 'community.posts', roomId, ids: [postId] });
    this.emitRooms([roomId]);
  }

  /** Bans or unbans a user from this room (moderators; `POST /user/:id/ban|unban`). */
  async ban(roomId: number, userId: string, unban: boolean): Promise<void> {
    const row = this.rowOf(roomId);
    const id = userId.toLowerCase();
    if (!/^(?:15|25|05|00)[0-9a-f]{64}$/.test(id))
      throw new CommunityError('bad-blinded-id', 'not a blinded ID');
    const a = addressOf(row.baseUrl, row.serverPk);
    await api.simple(
      this.deps,
      a,
      'POST',
      `/user/${id}/${unban ? 'unban' : 'ban'}`,
      unban ? 'unban' : 'ban',
      {
        rooms: [row.token],
      },
    );
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
    const rooms = this.o.db.communities.rooms();
    return this.o.db.communities.dms().flatMap((d) => {
      const room = rooms.find((r) => r.baseUrl === d.baseUrl);
      // A blocked person's DMs are not shown anywhere.
      if (d.direction === 'in' && this.threads.isBlocked(d.peer)) return [];
      return room ? [dmView(d, room.serverPk, room.token)] : [];
    });
  }

  /** Sends a DM to a 15- or 25-blinded ID through the server of a joined room (`POST /inbox/:id`). */
  async sendDm(roomId: number, to: string, text: string): Promise<CommunityDm> {
    const recipient = this.threads.checkRecipient(to);
    const body = text.trim();
    if (body === '' || codePointCount(body) > COMMUNITY_POST_MAX)
      throw new CommunityError('bad-message', 'a message has 1 to 2000 characters');
    const row = this.rowOf(roomId);
    const sent = await this.postDm(row, recipient, body);
    const dm = {
      baseUrl: row.baseUrl,
      direction: 'out' as const,
      serverId: sent.serverId,
      peer: recipient,
      peerSessionId: null,
      body,
      sentAt: sent.sentAt,
      read: true,
    };
    this.o.db.communities.addDm(dm);
    // The conversation of the app shows it too.
    this.threads.mirror(row.baseUrl);
    this.o.bus.emit({ type: 'community.dms', baseUrl: row.baseUrl, peers: [recipient] });
    return dmView(dm, row.serverPk, row.token);
  }

  /** Seals a DM for a blinded recipient (§4.6) and posts it to the server's inbox. */
  private async postDm(row: CommunityRoomRow, recipient: string, body: string): Promise<SentDm> {
    if (!isBlindedPeerId(recipient)) throw new CommunityError('bad-blinded-id', 'not a 15 or 25 blinded ID');
    const a = addressOf(row.baseUrl, row.serverPk);
    const plaintext = contentBytes(body, this.o.displayName());
    const sealed = encryptBlindedDm(
      this.o.identity().ed25519SecretKey,
      a.serverPk,
      recipient,
      plaintext,
      new Uint8Array(randomBytes(24)),
    );
    if (!sealed) throw new CommunityError('bad-blinded-id', 'this ID is not a usable key');
    const stored = await api.sendDm(this.deps, a, recipient, toBase64(sealed));
    return { serverId: stored.id, sentAt: Math.round(stored.posted_at * 1000) };
  }

  /** The room of a joined server by URL, for `send --community`. */
  roomIdOfUrl(url: string): number {
    return this.roomOfUrl(url).id;
  }
}
