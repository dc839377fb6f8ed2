/**
 * What a poll brings, into the database: posts (verified and decoded, or marked deleted),
 * reactions as the server counts them, the room's `since` position, and blinded DMs (decrypted,
 * checked, stored). Every item is checked on its own: one forged or garbled post is dropped and
 * counted, never the page it came in.
 */
import { fromBase64 } from '../../crypto/bytes';
import { decryptBlindedDm } from '../../crypto/blinded-dm';
import type { Ed25519SecretKey, SessionId } from '../../crypto/keys';
import type { CommunityRoomRow, PostInput, VeilDatabase } from '../db';
import type { DomainBus } from '../domain/bus';
import type { SogsDm, SogsMessage } from './api';
import type { CommunityAddress } from './join-url';
import { decodeContentBody, decodePost } from './post-codec';

export interface IngestCounters {
  dropped: number;
}

export interface IngestResult {
  /** Post ids stored or changed. */
  readonly ids: number[];
  /** The highest seqno seen (the next `since`). */
  readonly maxSeqno: number;
  /** Our DM conversations with posters whose message-request setting changed (announce them). */
  readonly requestsChanged: SessionId[];
}

/**
 * An open DM with a poster who now refuses (or takes again) message requests from communities
 * shows it at once: its conversation is announced (the windows' list carries `requestsOff`).
 */
export function announceRequestsChanged(bus: DomainBus, r: IngestResult): void {
  if (r.requestsChanged.length > 0)
    bus.emit({ type: 'conversations.changed', ids: r.requestsChanged, source: 'incoming' });
}

function reactionsOf(m: SogsMessage) {
  return Object.entries(m.reactions ?? {})
    .filter(([emoji]) => emoji.length > 0 && emoji.length <= 16)
    .sort((a, b) => (a[1].index ?? 0) - (b[1].index ?? 0))
    .slice(0, 40)
    .map(([emoji, r]) => ({ emoji, count: r.count, you: r.you === true, reactors: r.reactors ?? [] }));
}

/**
 * A post's time in ms as Session desktop keeps it (`sogsApiV3.ts`: `Math.floor(posted * 1000)`),
 * the `sent_at` its replies quote; pysogs gives seconds with a fraction.
 */
export function postedMs(posted: number | undefined): number {
  return Math.floor((posted ?? 0) * 1000);
}

/**
 * Where a page came from decides whether it moves the room's `since` position. A poll's page
 * (`messages/since`, `recent`) holds every change up to its highest seqno, so the next poll may
 * start there. Our own post's echo and an older page (`messages/before`) do not: their seqnos can
 * be above posts others made since the last poll, which `messages/since/<ours>` would then never
 * return (as Session, which moves the position only from its poller).
 */
export type PagePosition = 'advances-since' | 'keeps-since';

/**
 * Applies server messages to a room. `ownIds` are our IDs on this server (15, and 00/05 forms),
 * to mark our posts. Returns the changed ids and the highest seqno.
 */
export function ingestMessages(
  db: VeilDatabase,
  room: CommunityRoomRow,
  messages: readonly SogsMessage[],
  ownIds: ReadonlySet<string>,
  counters: IngestCounters,
  position: PagePosition,
): IngestResult {
  let maxSeqno = room.sinceSeqno;
  const posts: PostInput[] = [];
  const deletions: SogsMessage[] = [];
  const reactionUpdates: SogsMessage[] = [];
  /** Each poster's newest word on message requests in this page (DataMessage 106). */
  const requestsOff = new Map<string, { off: boolean; at: number }>();
  for (const m of messages) {
    if (m.seqno !== undefined) maxSeqno = Math.max(maxSeqno, m.seqno);
    if (m.deleted === true || m.data === null) {
      deletions.push(m);
      continue;
    }
    if (m.data === undefined) {
      // A reactions-only update (`t=r`): the post itself did not change.
      if (m.reactions) reactionUpdates.push(m);
      continue;
    }
    const sender = m.session_id?.toLowerCase() ?? '';
    const decoded = decodePost(sender, m.data, m.signature ?? '');
    if (!decoded.ok) {
      counters.dropped++;
      continue;
    }
    // Session desktop's `sent_at` of a post, which its replies quote: `posted` floored to ms.
    const at = postedMs(m.posted);
    if (/^(?:15|25)/.test(sender) && (requestsOff.get(sender)?.at ?? -1) <= at)
      requestsOff.set(sender, { off: decoded.value.blocksRequests, at });
    posts.push({
      id: m.id,
      seqno: m.seqno ?? 0,
      sender,
      senderName: decoded.value.senderName,
      body: decoded.value.body,
      postedAt: at,
      editedAt: m.edited ? Math.round(m.edited * 1000) : null,
      deleted: false,
      mine: ownIds.has(sender),
      quote: decoded.value.quote,
    });
    reactionUpdates.push(m);
  }
  const ids = new Set<number>();
  const requestsChanged: SessionId[] = [];
  db.transaction(() => {
    for (const id of db.communities.upsertPosts(room.id, posts)) ids.add(id);
    for (const m of deletions) if (db.communities.markDeleted(room.id, m.id, m.seqno ?? 0)) ids.add(m.id);
    for (const m of reactionUpdates) {
      db.communities.setReactions(room.id, m.id, reactionsOf(m));
      ids.add(m.id);
    }
    if (position === 'advances-since') db.communities.setSince(room.id, maxSeqno);
    for (const [sender, r] of requestsOff) {
      const id = sender as SessionId;
      if (db.communityDms.noteRequestsOff(sender, r.off, r.at) && db.conversations.getConversation(id))
        requestsChanged.push(id);
    }
  });
  return { ids: [...ids], maxSeqno, requestsChanged };
}

export interface DmIngest {
  readonly peers: string[];
  readonly maxInbox: number;
  readonly maxOutbox: number;
  /** New incoming DMs (for the CLI's receive and notifications). */
  readonly received: number;
}

/** Decrypts and stores inbox (`outgoing` false) or outbox DMs of one server. */
export function ingestDms(
  db: VeilDatabase,
  sk: Ed25519SecretKey,
  server: CommunityAddress,
  dms: readonly SogsDm[],
  outgoing: boolean,
  counters: IngestCounters,
): { peers: string[]; maxId: number; stored: number; names: Map<string, string> } {
  const peers = new Set<string>();
  const names = new Map<string, string>();
  let maxId = 0;
  let stored = 0;
  db.transaction(() => {
    for (const dm of dms) {
      maxId = Math.max(maxId, dm.id);
      let bytes: Uint8Array;
      try {
        bytes = fromBase64(dm.message);
      } catch {
        counters.dropped++;
        continue;
      }
      const peer = (outgoing ? dm.recipient : dm.sender).toLowerCase();
      const opened = decryptBlindedDm(sk, server.serverPk, bytes, peer, outgoing);
      if (!opened.ok) {
        counters.dropped++;
        continue;
      }
      const body = decodeContentBody(opened.value.plaintext);
      if (!body.ok) {
        counters.dropped++;
        continue;
      }
      const added = db.communities.addDm({
        baseUrl: server.baseUrl,
        direction: outgoing ? 'out' : 'in',
        serverId: dm.id,
        peer,
        peerSessionId: outgoing ? null : opened.value.senderSessionId,
        body: body.value.body,
        // Floored as Session desktop's inbox/outbox poll (`sogsApiV3.ts` `handleInboxOutboxMessages`).
        sentAt: postedMs(dm.posted_at),
        read: outgoing,
      });
      if (added) {
        stored++;
        peers.add(peer);
        if (!outgoing && body.value.senderName !== null) names.set(peer, body.value.senderName);
      }
    }
  });
  return { peers: [...peers], maxId, stored, names };
}
