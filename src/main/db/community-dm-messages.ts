/**
 * Community DMs as conversations (issue #19 item 4): a `community_dm` conversation whose id is the
 * other side's blinded ID, its messages in `messages` like any other conversation's (list,
 * requests, unread counts, search), and what ties it to the community it came through.
 *
 * The server's own record of each DM stays in `community_dms` (the CLI's `receive` reads it);
 * what has been turned into timeline messages is a per-server, per-direction high mark of the
 * server's DM ids (they only grow), so a declined request is never brought back by a restart.
 * The link and the marks are small state in `settings_kv` (no schema change: the messages
 * table already takes any conversation since migration 0011).
 */
import { z } from 'zod';
import type { SessionId } from '../../crypto/keys';
import { conversationWrites } from './conversations';
import { newMessageId, type MessageId } from './ids';
import type { KvRepository } from './kv';
import type { Sqlite } from './sqlite';

/** Which community a DM conversation goes through. */
export const communityDmLinkSchema = z.object({
  baseUrl: z.string().min(1),
  serverPk: z.string().regex(/^[0-9a-f]{64}$/),
  /** The room's name when the conversation started (kept after leaving it). */
  name: z.string(),
});
export type CommunityDmLink = z.infer<typeof communityDmLinkSchema>;

const marksSchema = z.object({ in: z.number().int().nonnegative(), out: z.number().int().nonnegative() });
export type CommunityDmMarks = z.infer<typeof marksSchema>;

/**
 * What a poster's newest post said of `blocksCommunityMessageRequests` (DataMessage 106), with
 * that post's server time so an older post seen later does not undo a newer one.
 */
const requestsOffSchema = z.object({ off: z.boolean(), at: z.number() });

/** Which of our blinded identities a DM conversation goes through (the peer's ID tells it). */
export type BlindedKind = '15' | '25';
export const blindedKindOf = (peer: string): BlindedKind => (peer.startsWith('25') ? '25' : '15');

const linkKey = (conversationId: string) => `community-dm.link.${conversationId}`;
// 15 keeps its original key; 25 DMs come from our other inbox, whose ids interleave with the
// 15 one's, so each has its own marks (one shared mark would skip a DM polled later).
const marksKey = (baseUrl: string, kind: BlindedKind) =>
  kind === '15' ? `community-dm.marks.${baseUrl}` : `community-dm.marks25.${baseUrl}`;
/** How far our 25 inbox and outbox on a server have been read (the 15 ones are in community_servers). */
const since25Key = (baseUrl: string) => `community-dm.since25.${baseUrl}`;
const requestsOffKey = (peer: string) => `community-dm.requests-off.${peer}`;

/**
 * Our community DMs left `sending` (asked at every start). CROSS JOIN makes SQLite walk the
 * conversations (a few) and reach their messages by `conversation_id`'s index: as a plain join it
 * chose to scan, and so decrypt, the whole messages table (`SCAN m`) on the core's open, ahead of
 * the first screen's answer (issue #15, cold start).
 */
export const STUCK_SENDING_SQL = `SELECT m.id FROM conversations c CROSS JOIN messages m ON m.conversation_id = c.id
  WHERE c.type = 'community_dm' AND m.direction = 'out' AND m.status = 'sending'`;

export interface CommunityDmMessage {
  readonly conversationId: SessionId;
  /** The blinded ID for an incoming message, our Session ID for an outgoing one. */
  readonly sender: SessionId;
  readonly body: string;
  readonly sentAt: number;
  readonly receivedAt: number;
}

export function communityDmMessagesRepository(db: Sqlite, kv: KvRepository) {
  const conversations = conversationWrites(db);
  const insert = db.prepare<{
    id: string;
    c: string;
    direction: 'in' | 'out';
    sender: string;
    body: string;
    sentAt: number;
    receivedAt: number;
    status: string;
  }>(
    // OR IGNORE: (sender, sent_at) is unique; two DMs of one sender in the same millisecond keep the first.
    `INSERT OR IGNORE INTO messages (id, conversation_id, direction, sender, body, sent_at, received_at, status)
     VALUES (:id, :c, :direction, :sender, :body, :sentAt, :receivedAt, :status)`,
  );
  const setStatus = db.prepare<[string, number, string]>(
    `UPDATE messages SET status = ?, sent_at = ? WHERE id = ? AND direction = 'out'`,
  );
  const again = db.prepare<[string]>(
    `UPDATE messages SET status = 'sending' WHERE id = ? AND direction = 'out' AND status = 'failed'`,
  );
  const sendingWith = db
    .prepare<[string, string]>(
      `SELECT id FROM messages WHERE conversation_id = ? AND direction = 'out' AND status IN ('sending', 'failed')
       AND body = ? ORDER BY sent_at LIMIT 1`,
    )
    .pluck();
  const stuck = db.prepare(STUCK_SENDING_SQL).pluck();

  const add = (m: CommunityDmMessage, direction: 'in' | 'out', status: string): MessageId | undefined => {
    const id = newMessageId();
    const changes = insert.run({
      id,
      c: m.conversationId,
      direction,
      sender: m.sender,
      body: m.body,
      sentAt: m.sentAt,
      receivedAt: m.receivedAt,
      status,
    }).changes;
    if (changes === 0) return undefined;
    conversations.bumpLastMessage(m.conversationId, id, m.sentAt, status === 'unread', m.receivedAt);
    return id;
  };

  return {
    link: (conversationId: string): CommunityDmLink | undefined =>
      kv.get(linkKey(conversationId), communityDmLinkSchema),
    setLink(conversationId: string, link: CommunityDmLink): void {
      kv.set(linkKey(conversationId), link);
    },
    removeLink(conversationId: string): void {
      kv.delete(linkKey(conversationId));
    },
    marks: (baseUrl: string, kind: BlindedKind = '15'): CommunityDmMarks =>
      kv.get(marksKey(baseUrl, kind), marksSchema) ?? { in: 0, out: 0 },
    setMarks(baseUrl: string, marks: CommunityDmMarks, kind: BlindedKind = '15'): void {
      kv.set(marksKey(baseUrl, kind), marks);
    },
    /** The next `since` of our 25 inbox (`in`) and outbox (`out`) on a server. */
    since25: (baseUrl: string): CommunityDmMarks =>
      kv.get(since25Key(baseUrl), marksSchema) ?? { in: 0, out: 0 },
    setSince25(baseUrl: string, inbox: number, outbox: number): void {
      const now = kv.get(since25Key(baseUrl), marksSchema) ?? { in: 0, out: 0 };
      kv.set(since25Key(baseUrl), { in: Math.max(now.in, inbox), out: Math.max(now.out, outbox) });
    },
    /** Whether this poster's newest post said they take no message requests from communities. */
    requestsOff: (peer: string): boolean => kv.get(requestsOffKey(peer), requestsOffSchema)?.off === true,
    /**
     * Records what a post said; a post older than the one recorded changes nothing. Returns
     * whether the poster's answer (off or not) changed.
     */
    noteRequestsOff(peer: string, off: boolean, at: number): boolean {
      const now = kv.get(requestsOffKey(peer), requestsOffSchema);
      if (now && now.at > at) return false;
      if (now?.off === off && now.at === at) return false;
      if (!now && !off) return false; // the default: nothing to remember
      kv.set(requestsOffKey(peer), { off, at });
      return (now?.off ?? false) !== off;
    },
    /** Creates the conversation if missing (a request when `request`); true when created. */
    ensure(conversationId: SessionId, request: boolean, now: number): boolean {
      return conversations.ensure(
        { id: conversationId, type: 'community_dm', isRequest: request, approved: !request },
        now,
      );
    },
    /** A received DM, unread; undefined when it was already there. */
    addIncoming: (m: CommunityDmMessage): MessageId | undefined => add(m, 'in', 'unread'),
    /** One of ours: `sending` while the server has not answered, `sent` once it has. */
    addOutgoing: (m: CommunityDmMessage, status: 'sending' | 'sent'): MessageId | undefined =>
      add(m, 'out', status),
    /** The server's answer to a send: `sent` at the server's time, or `failed`. */
    settle(id: MessageId, status: 'sent' | 'failed', sentAt: number): boolean {
      return setStatus.run(status, sentAt, id).changes > 0;
    },
    /** A failed reply goes back to `sending` (Resend). */
    resend(id: MessageId): boolean {
      return again.run(id).changes > 0;
    },
    /** A reply of ours not yet matched with the server's outbox copy, by its text. */
    pendingWithBody: (conversationId: string, body: string): MessageId | undefined =>
      sendingWith.get(conversationId, body) as MessageId | undefined,
    /** Sends a crash interrupted: they are failed (the user resends them). */
    stuckSending: (): MessageId[] => stuck.all() as MessageId[],
  };
}

export type CommunityDmMessagesRepository = ReturnType<typeof communityDmMessagesRepository>;
