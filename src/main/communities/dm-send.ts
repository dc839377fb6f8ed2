/**
 * Community DMs we send and list (§4.6): sealed for a 15- or 25-blinded recipient and posted to the
 * server's inbox (`POST /inbox/:id`).
 */
import { randomBytes } from 'node:crypto';
import { encryptBlindedDm, isBlindedPeerId } from '../../crypto/blinded-dm';
import { toBase64 } from '../../crypto/bytes';
import type { CommunityDm } from '../../shared/ipc/communities';
import { COMMUNITY_POST_MAX } from '../../shared/ipc/communities';
import type { CommunityRoomRow } from '../db';
import * as api from './api';
import { checkedBody, type CommunityContext } from './context';
import type { CommunityDmThreads, SentDm } from './dm-threads';
import { CommunityError } from './errors';
import { contentBytes } from './post-codec';
import { postedMs } from './ingest';
import { addressOf } from './server-poller';
import { dmView } from './views';

export function listDms(c: CommunityContext, threads: CommunityDmThreads): CommunityDm[] {
  const rooms = c.db.communities.rooms();
  return c.db.communities.dms().flatMap((d) => {
    const room = rooms.find((r) => r.baseUrl === d.baseUrl);
    // A blocked person's DMs are not shown anywhere.
    if (d.direction === 'in' && threads.isBlocked(d.peer)) return [];
    return room ? [dmView(d, room.serverPk, room.token)] : [];
  });
}

/** Sends a DM to a 15- or 25-blinded ID through the server of a joined room. */
export async function sendDm(
  c: CommunityContext,
  threads: CommunityDmThreads,
  roomId: number,
  to: string,
  text: string,
): Promise<CommunityDm> {
  const recipient = threads.checkRecipient(to);
  const body = checkedBody(text, COMMUNITY_POST_MAX, 'message');
  const row = c.rowOf(roomId);
  const sent = await postDm(c, row, recipient, body);
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
  c.db.communities.addDm(dm);
  // The conversation of the app shows it too.
  threads.mirror(row.baseUrl);
  c.bus.emit({ type: 'community.dms', baseUrl: row.baseUrl, peers: [recipient] });
  return dmView(dm, row.serverPk, row.token);
}

/** Seals a DM for a blinded recipient (§4.6) and posts it to the server's inbox. */
export async function postDm(
  c: CommunityContext,
  row: CommunityRoomRow,
  recipient: string,
  body: string,
): Promise<SentDm> {
  if (!isBlindedPeerId(recipient)) throw new CommunityError('bad-blinded-id', 'not a 15 or 25 blinded ID');
  const a = addressOf(row.baseUrl, row.serverPk);
  const plaintext = contentBytes(body, c.displayName());
  const sealed = encryptBlindedDm(
    c.identity().ed25519SecretKey,
    a.serverPk,
    recipient,
    plaintext,
    new Uint8Array(randomBytes(24)),
  );
  if (!sealed) throw new CommunityError('bad-blinded-id', 'this ID is not a usable key');
  const stored = await api.sendDm(c.deps, a, recipient, toBase64(sealed));
  // Floored as Session desktop's `sendMessageOnionV4BlindedRequest`, and as the outbox copy polled later.
  return { serverId: stored.id, sentAt: postedMs(stored.posted_at) };
}
