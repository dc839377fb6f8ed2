/**
 * Community DMs as conversations (issue #19 item 4, sync-groups-communities.md §4.6). What the
 * server poller stores from `/inbox` and `/outbox` (the `community_dms` mirror of the server) is
 * turned into messages of a `community_dm` conversation whose id is the other side's blinded ID:
 * a first DM from someone opens a message request, as a first 1-to-1 message does. Replies are
 * written first (`sending`), then sealed for the blinded recipient and posted to the server's
 * inbox; the server's time becomes the message's. Nothing here goes through a swarm: accepting
 * sends no MessageRequestResponse (there is no Session ID to send it to), and there are no read
 * receipts, typing indicators or disappearing timers for blinded conversations, as in Session.
 */
import { isBlindedPeerId, type BlindedPeerId } from '../../crypto/blinded-dm';
import type { SessionId } from '../../crypto/keys';
import type { CommunityDmRow, CommunityRoomRow, VeilDatabase } from '../db';
import { blindedKindOf } from '../db/community-dm-messages';
import type { MessageId } from '../db/ids';
import type { DomainBus } from '../domain/bus';
import { CommunityError } from './errors';

export interface SentDm {
  readonly serverId: number;
  readonly sentAt: number;
}

export interface DmThreadsOptions {
  readonly db: VeilDatabase;
  readonly bus: DomainBus;
  readonly ownSessionId: () => SessionId;
  /** The Settings toggle "message requests from communities". */
  readonly dmsEnabled: () => boolean;
  /** Seals `body` for `recipient` and posts it to the inbox of the room's server. */
  readonly post: (room: CommunityRoomRow, recipient: string, body: string) => Promise<SentDm>;
  readonly log: (line: string) => void;
}

export interface BlockedBlindedSender {
  readonly conversationId: string;
  readonly name: string | null;
  /** The community it came through (its name when the conversation started). */
  readonly room: string | null;
}

/**
 * Of `peers`, those whose newest post said they take no message requests from communities and
 * who never wrote to us (whom Session would not let us write to).
 */
export function refusingRequests(db: VeilDatabase, peers: readonly string[]): Set<string> {
  const off = peers.filter((p) => db.communityDms.requestsOff(p));
  if (off.length === 0) return new Set();
  const wroteToUs = new Set(
    db.communities
      .dms()
      .filter((d) => d.direction === 'in')
      .map((d) => d.peer),
  );
  return new Set(off.filter((p) => !wroteToUs.has(p)));
}

/** A blinded ID as the conversation id it is (conversations are keyed by the other side's ID). */
const conversationIdOf = (id: string): SessionId => id as SessionId;

export class CommunityDmThreads {
  constructor(private readonly o: DmThreadsOptions) {}

  /** Sends interrupted by a crash or a close are failed: the user sees them and resends. */
  start(): void {
    const { db } = this.o;
    const stuck = db.communityDms.stuckSending();
    if (stuck.length === 0) return;
    db.transaction(() => {
      for (const id of stuck) {
        const m = db.messages.getMessage(id);
        if (m) db.communityDms.settle(id, 'failed', m.sentAt);
      }
    });
  }

  /**
   * Brings what the server mirror holds for `baseUrl` beyond the marks into conversations.
   * `names`: the display names the DMs carried, by blinded ID.
   */
  mirror(baseUrl: string, names: ReadonlyMap<string, string> = new Map()): void {
    const { db } = this.o;
    const marks = { '15': db.communityDms.marks(baseUrl, '15'), '25': db.communityDms.marks(baseUrl, '25') };
    const beyond = (d: CommunityDmRow) => {
      const m = marks[blindedKindOf(d.peer)];
      return d.serverId > (d.direction === 'in' ? m.in : m.out);
    };
    const rows = db.communities
      .dms()
      .filter((d) => d.baseUrl === baseUrl && beyond(d))
      .sort((a, b) => a.serverId - b.serverId);
    if (rows.length === 0) return;
    const room = this.roomOn(baseUrl);
    const touched = new Map<SessionId, string[]>();
    const created: SessionId[] = [];
    db.transaction(() => {
      const next = { '15': { ...marks['15'] }, '25': { ...marks['25'] } };
      for (const d of rows) {
        const m = next[blindedKindOf(d.peer)];
        if (d.direction === 'in') m.in = Math.max(m.in, d.serverId);
        else m.out = Math.max(m.out, d.serverId);
        const r = this.mirrorOne(d, room, names.get(d.peer));
        if (!r) continue;
        if (r.created) created.push(r.conversationId);
        const ids = touched.get(r.conversationId) ?? [];
        if (r.messageId) ids.push(r.messageId);
        touched.set(r.conversationId, ids);
      }
      db.communityDms.setMarks(baseUrl, next['15'], '15');
      db.communityDms.setMarks(baseUrl, next['25'], '25');
    });
    for (const [conversationId, ids] of touched)
      if (ids.length > 0) this.o.bus.emit({ type: 'messages.stored', conversationId, ids });
    if (touched.size > 0)
      this.o.bus.emit({ type: 'conversations.changed', ids: [...touched.keys()], source: 'incoming' });
    if (created.length > 0) this.o.log(`community DM requests opened: ${created.length}`);
  }

  private mirrorOne(
    d: CommunityDmRow,
    room: CommunityRoomRow | undefined,
    name: string | undefined,
  ): { conversationId: SessionId; messageId: MessageId | undefined; created: boolean } | undefined {
    const { db } = this.o;
    if (!isBlindedPeerId(d.peer)) return undefined;
    const conversationId = conversationIdOf(d.peer);
    const existing = db.conversations.getConversation(conversationId);
    const now = Date.now();
    if (existing && existing.type !== 'community_dm') return undefined;
    let created = false;
    let messageId: MessageId | undefined;
    if (d.direction === 'in') {
      // Blocked: dropped. Requests from communities turned off: only people we already talk to
      // get through (Session stops asking the inbox; one polled before the switch is dropped).
      if (existing?.blocked === true) return undefined;
      if (!existing && !this.o.dmsEnabled()) return undefined;
      created = db.communityDms.ensure(conversationId, true, now);
      messageId = db.communityDms.addIncoming({
        conversationId,
        sender: conversationId,
        body: d.body,
        sentAt: d.sentAt,
        receivedAt: now,
      });
      if (name !== undefined) db.conversations.updateConversation(conversationId, { displayName: name }, now);
    } else {
      // Ours (from here or another device): the conversation is ours too, never a request.
      created = db.communityDms.ensure(conversationId, false, now);
      if (existing?.isRequest === true)
        db.conversations.updateConversation(conversationId, { isRequest: false, approved: true }, now);
      const pending = db.communityDms.pendingWithBody(conversationId, d.body);
      if (pending !== undefined) {
        db.communityDms.settle(pending, 'sent', d.sentAt);
        messageId = pending;
      } else {
        messageId = db.communityDms.addOutgoing(
          { conversationId, sender: this.o.ownSessionId(), body: d.body, sentAt: d.sentAt, receivedAt: now },
          'sent',
        );
      }
    }
    if (!db.communityDms.link(conversationId) && room)
      db.communityDms.setLink(conversationId, {
        baseUrl: d.baseUrl,
        serverPk: room.serverPk,
        name: room.name,
      });
    return { conversationId, messageId, created };
  }

  /** A joined room on this server (any: DMs go to the server, not to a room). */
  private roomOn(baseUrl: string): CommunityRoomRow | undefined {
    return this.o.db.communities.rooms().find((r) => r.baseUrl === baseUrl);
  }

  private conversationOrThrow(conversationId: SessionId) {
    const c = this.o.db.conversations.getConversation(conversationId);
    if (c?.type !== 'community_dm') throw new CommunityError('bad-blinded-id', 'no such community DM');
    return c;
  }

  /**
   * Opens (creating) the DM conversation with a poster of a joined room, from the room:
   * remembered as going through that room's server.
   */
  open(roomId: number, peer: string): SessionId {
    const { db } = this.o;
    const id = this.checkRecipient(peer);
    const room = db.communities.room(roomId);
    if (!room) throw new CommunityError('not-joined', 'this room is not joined');
    const conversationId = conversationIdOf(id);
    const existing = db.conversations.getConversation(conversationId);
    if (existing && existing.type !== 'community_dm')
      throw new CommunityError('bad-blinded-id', 'not a community DM');
    const now = Date.now();
    db.transaction(() => {
      db.communityDms.ensure(conversationId, false, now);
      // Starting a conversation with someone whose request waits accepts it.
      if (existing?.isRequest === true)
        db.conversations.updateConversation(conversationId, { isRequest: false, approved: true }, now);
      if (existing?.hidden === true)
        db.conversations.updateConversation(conversationId, { hidden: false }, now);
      db.communityDms.setLink(conversationId, {
        baseUrl: room.baseUrl,
        serverPk: room.serverPk,
        name: room.name,
      });
    });
    this.changed([conversationId]);
    return conversationId;
  }

  /**
   * Whether `peer`'s newest post said they take no message requests from communities
   * (`blocksCommunityMessageRequests`) while they never wrote to us: Session then refuses to
   * start a conversation with them (`UserProfileModal`: "Message" disabled, the
   * `messageRequestsTurnedOff` text). Someone who wrote to us can be answered.
   */
  requestsOff(peer: string): boolean {
    return refusingRequests(this.o.db, [peer.toLowerCase()]).size > 0;
  }

  /** Blocked community DM senders, with the room they came through (Settings' blocked list). */
  blockedList(): BlockedBlindedSender[] {
    const { db } = this.o;
    return db.conversations
      .listConversations('all')
      .filter((c) => c.type === 'community_dm' && c.blocked)
      .map((c) => ({
        conversationId: c.id,
        name: c.nickname ?? c.displayName,
        room: db.communityDms.link(c.id)?.name ?? null,
      }));
  }

  /**
   * A blinded ID we may write to: 15 or 25, not blocked, taking requests; its canonical form.
   * Throws `bad-blinded-id` or `forbidden` (one line each for the CLI).
   */
  checkRecipient(peer: string): BlindedPeerId {
    const id = peer.trim().toLowerCase();
    if (!isBlindedPeerId(id)) throw new CommunityError('bad-blinded-id', 'not a 15 or 25 blinded ID');
    if (this.isBlocked(id)) throw new CommunityError('blocked', 'this person is blocked: unblock them first');
    if (this.requestsOff(id))
      throw new CommunityError(
        'requests-off',
        'this person has message requests from communities turned off',
      );
    return id;
  }

  /** Writes a reply (`sending`) and posts it; the returned id is the message's. */
  send(conversationId: SessionId, text: string): MessageId {
    const { db } = this.o;
    const c = this.conversationOrThrow(conversationId);
    if (c.blocked) throw new CommunityError('blocked', 'this person is blocked');
    if (this.requestsOff(conversationId))
      throw new CommunityError(
        'requests-off',
        'this person has message requests from communities turned off',
      );
    const body = text.trim();
    if (body === '') throw new CommunityError('bad-message', 'the message is empty');
    const room = this.roomFor(conversationId);
    const now = Date.now();
    const id = db.transaction(() => {
      // Replying to a request accepts it.
      if (c.isRequest)
        db.conversations.updateConversation(conversationId, { isRequest: false, approved: true }, now);
      return db.communityDms.addOutgoing(
        { conversationId, sender: this.o.ownSessionId(), body, sentAt: now, receivedAt: now },
        'sending',
      );
    });
    if (id === undefined) throw new CommunityError('bad-message', 'a message was just sent at this instant');
    this.o.bus.emit({ type: 'messages.stored', conversationId, ids: [id] });
    this.changed([conversationId]);
    void this.deliver(conversationId, id, body, room);
    return id;
  }

  /** Sends a failed reply again. */
  resend(messageId: MessageId): void {
    const { db } = this.o;
    const m = db.messages.getMessage(messageId);
    if (m?.direction !== 'out' || m.status !== 'failed')
      throw new CommunityError('unknown-message', 'nothing to resend');
    const room = this.roomFor(m.conversationId);
    db.communityDms.resend(messageId);
    this.o.bus.emit({ type: 'messages.changed', conversationId: m.conversationId, ids: [messageId] });
    void this.deliver(m.conversationId, messageId, m.body, room);
  }

  private roomFor(conversationId: SessionId): CommunityRoomRow {
    const { db } = this.o;
    const link = db.communityDms.link(conversationId);
    const baseUrl = link?.baseUrl ?? db.communities.dms().find((d) => d.peer === conversationId)?.baseUrl;
    const room = baseUrl === undefined ? undefined : this.roomOn(baseUrl);
    if (!room) throw new CommunityError('not-joined', 'no joined room on this community’s server');
    return room;
  }

  private async deliver(conversationId: SessionId, id: MessageId, body: string, room: CommunityRoomRow) {
    const { db } = this.o;
    try {
      const sent = await this.o.post(room, conversationId, body);
      db.transaction(() => {
        db.communityDms.settle(id, 'sent', sent.sentAt);
        db.communities.addDm({
          baseUrl: room.baseUrl,
          direction: 'out',
          serverId: sent.serverId,
          peer: conversationId,
          peerSessionId: null,
          body,
          sentAt: sent.sentAt,
          read: true,
        });
      });
    } catch (e) {
      this.o.log(`community DM not sent: ${e instanceof Error ? e.message : String(e)}`);
      const m = db.messages.getMessage(id);
      if (m) db.communityDms.settle(id, 'failed', m.sentAt);
    }
    this.o.bus.emit({ type: 'messages.changed', conversationId, ids: [id] });
    this.changed([conversationId]);
  }

  accept(conversationId: SessionId): void {
    this.conversationOrThrow(conversationId);
    this.o.db.conversations.updateConversation(
      conversationId,
      { isRequest: false, approved: true },
      Date.now(),
    );
    this.changed([conversationId]);
  }

  /** Declining deletes the conversation here (they are not told), as a 1-to-1 request. */
  decline(conversationId: SessionId): void {
    this.conversationOrThrow(conversationId);
    this.o.db.transaction(() => {
      this.o.db.conversations.deleteConversation(conversationId);
      this.o.db.communityDms.removeLink(conversationId);
    });
    this.changed([conversationId]);
  }

  setBlocked(conversationId: SessionId, blocked: boolean): void {
    this.conversationOrThrow(conversationId);
    this.o.db.conversations.updateConversation(conversationId, { blocked }, Date.now());
    this.changed([conversationId]);
  }

  markRead(conversationId: SessionId): void {
    this.conversationOrThrow(conversationId);
    // Its own transaction is the connection's IMMEDIATE one: it waits for another process.
    this.o.db.conversations.markConversationRead(conversationId, Date.now());
    this.changed([conversationId]);
  }

  /** The blocked blinded IDs (their DMs are not shown nor printed). */
  isBlocked(peer: string): boolean {
    const c = this.o.db.conversations.getConversation(peer as SessionId);
    return c?.type === 'community_dm' && c.blocked;
  }

  private changed(ids: SessionId[]): void {
    this.o.bus.emit({ type: 'conversations.changed', ids, source: 'local' });
  }
}
