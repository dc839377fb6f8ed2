/**
 * One poller per community server (session-desktop `OpenGroupServerPoller`, `sogsV3BatchPoll.ts`):
 * every 10 s (desktop's `pollForEverythingInterval`) one `POST /batch` asks the capabilities,
 * for each joined room `pollInfo` and `messages/since/<seqno>?t=r&reactors=5` (`recent` for a room
 * never polled), and, on blinded servers with community message requests on, `/inbox/since` and
 * `/outbox/since`. A room whose page came back full is asked again at once (at most 5 pages a
 * cycle), so a long absence catches up without waiting 10 s per 100 posts.
 */
import { z } from 'zod';
import { fromHex } from '../../crypto/bytes';
import type { ServerPublicKey } from '../../crypto/blinding';
import type { CommunityRoomRow, CommunityServerRow, RoomInfoPatch, VeilDatabase } from '../db';
import type { DomainBus } from '../domain/bus';
import { imageMimeOf, AVATAR_MAX_BYTES } from '../files/image-type';
import {
  dmsSchema,
  downloadRoomFile,
  enc,
  messagesSchema,
  PAGE,
  REACTORS,
  roomInfoSchema,
  capabilitiesSchema,
  type SogsMessage,
} from './api';
import { Blind25Boxes } from './blind25-boxes';
import type { CommunityAddress } from './join-url';
import { ingestDms, announceRequestsChanged, ingestMessages, type IngestCounters } from './ingest';
import { sogsBatch, type BatchItem, type SogsDeps } from './sogs-client';

export const POLL_INTERVAL_MS = 10_000;
const MAX_PAGES_PER_CYCLE = 5;

const pollInfoSchema = z.object({
  token: z.string(),
  active_users: z.number().int().nonnegative().optional(),
  read: z.boolean().optional(),
  write: z.boolean().optional(),
  moderator: z.boolean().optional(),
  admin: z.boolean().optional(),
  global_moderator: z.boolean().optional(),
  global_admin: z.boolean().optional(),
  details: roomInfoSchema.nullish(),
});

export interface ServerPollerOptions {
  readonly baseUrl: string;
  readonly db: VeilDatabase;
  readonly bus: DomainBus;
  readonly deps: SogsDeps;
  readonly ownIds: (server: CommunityAddress) => ReadonlySet<string>;
  readonly dmsEnabled: () => boolean;
  /** DMs were stored for this server (with the names they carried): they become conversations. */
  readonly onDms?: (baseUrl: string, names: ReadonlyMap<string, string>) => void;
  readonly intervalMs?: number;
  readonly log: (line: string) => void;
  readonly counters: IngestCounters;
  /** Awaited between a batch's answers and their storing (core/first-screen.ts). */
  readonly beforeHandling?: () => Promise<void> | undefined;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export function addressOf(baseUrl: string, serverPk: string): CommunityAddress {
  return { baseUrl, room: '', serverPk: fromHex(serverPk) as ServerPublicKey, serverPkHex: serverPk };
}

export class ServerPoller {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  /** Polls completed (tests and diagnostics). */
  cycles = 0;

  private readonly boxes25: Blind25Boxes;
  /**
   * Rooms whose full info this poller has read. `pollInfo/<n>` gives the details only when `n`
   * differs from the server's `info_updates`, and a room never edited has 0 there, like a row
   * never read: a room joined through config sync (UserGroups carries no name) would keep its
   * token as name forever. So each room's first poll asks `GET /room/<t>` instead.
   */
  private readonly infoRead = new Set<number>();

  constructor(private readonly o: ServerPollerOptions) {
    this.boxes25 = new Blind25Boxes(o.db, o.deps, o.counters, o.log);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pollNow().finally(() => {
        this.schedule(this.o.intervalMs ?? POLL_INTERVAL_MS);
      });
    }, delay);
    this.timer.unref();
  }

  /** One cycle now (shared with a cycle in progress). */
  pollNow(): Promise<void> {
    this.running ??= this.cycle()
      .catch((e: unknown) => {
        this.o.log(
          `community poll of ${this.o.baseUrl} failed: ${e instanceof Error ? e.message : String(e)}`,
        );
      })
      .finally(() => {
        this.running = undefined;
        this.cycles++;
      });
    return this.running;
  }

  private async cycle(): Promise<void> {
    for (let page = 0; page < MAX_PAGES_PER_CYCLE; page++) {
      const more = await this.pollOnce();
      if (!more || this.stopped) break;
    }
    await this.poll25();
  }

  /** Our 25-blinded DM boxes (blind25-boxes.ts), on blinded servers with DMs on. */
  private async poll25(): Promise<void> {
    const server = this.o.db.communities.server(this.o.baseUrl);
    if (!server || this.stopped || !this.o.dmsEnabled()) return;
    if (server.capabilities.length > 0 && !server.capabilities.includes('blind')) return;
    if (!this.boxes25.due(server.baseUrl)) return;
    const r = await this.boxes25.poll(addressOf(server.baseUrl, server.serverPk));
    if (!r || r.peers.length === 0) return;
    this.o.onDms?.(server.baseUrl, r.names);
    this.o.bus.emit({ type: 'community.dms', baseUrl: server.baseUrl, peers: [...r.peers] });
  }

  /** One batch; true when a room's page came back full (more to fetch). */
  private async pollOnce(): Promise<boolean> {
    const { db } = this.o;
    const server = db.communities.server(this.o.baseUrl);
    if (!server) return false;
    const rooms = db.communities.rooms().filter((r) => r.baseUrl === server.baseUrl);
    if (rooms.length === 0) return false;
    const address = addressOf(server.baseUrl, server.serverPk);
    const blinded = server.capabilities.length === 0 || server.capabilities.includes('blind');
    const wantDms = blinded && this.o.dmsEnabled();
    const items: BatchItem[] = [{ method: 'GET', path: '/capabilities' }];
    for (const r of rooms) {
      const t = enc(r.token);
      const path = this.infoRead.has(r.id) ? `/room/${t}/pollInfo/${r.infoUpdates}` : `/room/${t}`;
      items.push({ method: 'GET', path });
      items.push({
        method: 'GET',
        path:
          r.sinceSeqno === 0
            ? `/room/${t}/messages/recent?t=r&reactors=${REACTORS}`
            : `/room/${t}/messages/since/${r.sinceSeqno}?t=r&reactors=${REACTORS}`,
      });
    }
    if (wantDms) {
      items.push({ method: 'GET', path: `/inbox/since/${server.inboxSince}` });
      items.push({ method: 'GET', path: `/outbox/since/${server.outboxSince}` });
    }
    const answers = await sogsBatch(this.o.deps, address, items);
    const held = this.o.beforeHandling?.();
    if (held) await held;
    const caps = capabilitiesSchema.safeParse(answers[0]?.body);
    // Written when they changed only: every poll asks them, and they rarely change.
    if (answers[0]?.code === 200 && caps.success && !sameList(caps.data.capabilities, server.capabilities))
      db.communities.setCapabilities(server.baseUrl, caps.data.capabilities);
    let more = false;
    const changedRooms: number[] = [];
    rooms.forEach((room, i) => {
      const info = answers[1 + i * 2];
      const msgs = answers[2 + i * 2];
      if (info?.code === 200) {
        // The full room info has the pollInfo fields at its top level, and is its own details.
        const full = !this.infoRead.has(room.id) && typeof info.body === 'object' && info.body !== null;
        const body: unknown = full ? { ...(info.body as object), details: info.body } : info.body;
        if (this.applyPollInfo(room, body, address)) changedRooms.push(room.id);
        this.infoRead.add(room.id);
      }
      if (msgs?.code !== 200) return;
      const list = messagesSchema.safeParse(msgs.body);
      if (!list.success) {
        this.o.counters.dropped++;
        return;
      }
      if (list.data.length === 0) {
        // Nothing new (every idle poll): nothing to store, `since` stays, no write at all.
        if (room.sinceSeqno === 0 && room.hasOlder) db.communities.setHasOlder(room.id, false);
        return;
      }
      const current = db.communities.room(room.id) ?? room;
      const result = ingestMessages(
        db,
        current,
        list.data,
        this.o.ownIds(address),
        this.o.counters,
        'advances-since',
      );
      announceRequestsChanged(this.o.bus, result);
      if (room.sinceSeqno === 0) {
        db.communities.setHasOlder(room.id, list.data.length >= PAGE);
        this.markReadBeforeJoin(current, list.data);
      }
      if (result.ids.length > 0) {
        this.o.bus.emit({ type: 'community.posts', roomId: room.id, ids: result.ids });
        changedRooms.push(room.id);
      }
      if (room.sinceSeqno !== 0 && list.data.length >= PAGE && result.maxSeqno > room.sinceSeqno) more = true;
    });
    if (wantDms) this.applyDms(server, address, answers[1 + rooms.length * 2], answers[2 + rooms.length * 2]);
    if (changedRooms.length > 0)
      this.o.bus.emit({
        type: 'communities.changed',
        roomIds: [...new Set(changedRooms)],
        source: 'incoming',
      });
    return more;
  }

  /**
   * The room's first page: posts made before we joined count as read, as `join` does (Session
   * shows a newly joined room read). This matters for a room another device joined: config sync
   * adds it here without posts, and its first page would otherwise all count as unread although
   * they were there before (and read on the device that joined). Posts after `joinedAt` stay
   * unread, so an empty room joined here still counts its first real post.
   */
  private markReadBeforeJoin(room: CommunityRoomRow, page: readonly SogsMessage[]): void {
    let upTo = 0;
    for (const m of page)
      if (m.data && m.deleted !== true && (m.posted ?? 0) * 1000 <= room.joinedAt)
        upTo = Math.max(upTo, m.id);
    if (upTo > room.readId) this.o.db.communities.markRead(room.id, upTo);
  }

  /**
   * Permissions and, when they changed, the room's details; true when something the windows show
   * changed. Only the fields that differ are written: an idle poll repeats the same values every
   * 10 s, and each write was a commit of its own.
   */
  private applyPollInfo(room: CommunityRoomRow, body: unknown, address: CommunityAddress): boolean {
    const p = pollInfoSchema.safeParse(body);
    if (!p.success) return false;
    const d = p.data;
    const moderator =
      d.moderator === true || d.admin === true || d.global_moderator === true || d.global_admin === true;
    const admin = d.admin === true || d.global_admin === true;
    const details = d.details;
    const imageId =
      details?.image_id === undefined || details.image_id === null ? null : String(details.image_id);
    const patch: { -readonly [K in keyof RoomInfoPatch]: RoomInfoPatch[K] } = {};
    if (d.active_users !== undefined && d.active_users !== room.activeUsers)
      patch.activeUsers = d.active_users;
    if (d.write !== undefined && d.write !== room.canWrite) patch.canWrite = d.write;
    if (moderator !== room.moderator) patch.moderator = moderator;
    if (admin !== room.admin) patch.admin = admin;
    if (details) {
      if (details.name !== room.name) patch.name = details.name;
      const description = details.description ?? null;
      if (description !== room.description) patch.description = description;
      const infoUpdates = details.info_updates ?? room.infoUpdates;
      if (infoUpdates !== room.infoUpdates) patch.infoUpdates = infoUpdates;
    }
    if (Object.keys(patch).length > 0) this.o.db.communities.updateRoomInfo(room.id, patch, Date.now());
    if (details && imageId !== room.imageId) void this.fetchImage(room, address, imageId);
    return (
      patch.activeUsers !== undefined ||
      patch.canWrite !== undefined ||
      patch.moderator !== undefined ||
      patch.admin !== undefined ||
      patch.name !== undefined
    );
  }

  /**
   * The room image (unencrypted on the server): kept when it is a PNG, JPEG or WebP of at most
   * 5 MB; its id is stored with the bytes, so the windows read it again when it changes. A failed
   * download is tried again: forgetting the room's `info_updates` makes the next poll bring the
   * details (and the image id) again.
   */
  async fetchImage(room: CommunityRoomRow, address: CommunityAddress, imageId: string | null): Promise<void> {
    try {
      let image: Uint8Array | null = null;
      if (imageId !== null) {
        const bytes = await downloadRoomFile(this.o.deps, address, room.token, imageId);
        if (bytes.length <= AVATAR_MAX_BYTES && imageMimeOf(bytes)) image = bytes;
        else this.o.log(`room image of ${room.token} refused: not a PNG, JPEG or WebP of at most 5 MB`);
      }
      this.o.db.communities.setImage(room.id, imageId, image);
      this.o.bus.emit({ type: 'communities.changed', roomIds: [room.id], source: 'incoming' });
    } catch (e) {
      this.o.log(`room image of ${room.token} not fetched: ${e instanceof Error ? e.message : String(e)}`);
      this.o.db.communities.updateRoomInfo(room.id, { infoUpdates: 0 }, Date.now());
    }
  }

  private applyDms(
    server: CommunityServerRow,
    address: CommunityAddress,
    inbox: { code: number; body: unknown } | undefined,
    outbox: { code: number; body: unknown } | undefined,
  ): void {
    const { db } = this.o;
    const sk = this.o.deps.secretKey();
    const peers = new Set<string>();
    const names = new Map<string, string>();
    let inboxMax = 0;
    let outboxMax = 0;
    for (const [answer, outgoing] of [
      [inbox, false],
      [outbox, true],
    ] as const) {
      if (answer?.code !== 200) continue;
      const list = dmsSchema.safeParse(answer.body);
      if (!list.success) {
        this.o.counters.dropped++;
        continue;
      }
      if (list.data.length === 0) continue;
      const r = ingestDms(db, sk, address, list.data, outgoing, this.o.counters);
      for (const p of r.peers) peers.add(p);
      for (const [p, n] of r.names) names.set(p, n);
      if (outgoing) outboxMax = r.maxId;
      else inboxMax = r.maxId;
    }
    // The positions only move forward (the statements keep the larger): an empty box writes nothing.
    if (inboxMax > server.inboxSince || outboxMax > server.outboxSince)
      db.communities.setDmPositions(address.baseUrl, inboxMax, outboxMax);
    if (peers.size > 0) this.o.onDms?.(address.baseUrl, names);
    if (peers.size > 0)
      this.o.bus.emit({ type: 'community.dms', baseUrl: address.baseUrl, peers: [...peers] });
  }
}
