/**
 * Community posts and DMs on the wire (sync-groups-communities.md §4.5): a protobuf `Content`
 * (a `dataMessage` with the body and our profile name), padded (legacy style, what receivers
 * expect: content ‖ 0x80 ‖ zeros to 160·k − 1), base64 in `data`; `signature` is our 15-blinded
 * signature over the padded bytes (the plain Ed25519 one on servers without `blind`).
 * Receiving checks the signature against the poster's `session_id` before anything else and
 * accepts both padding styles, and a `Content` or an `Envelope` holding one (the staged move
 * the proto comments describe).
 */
import { fromBase64, fromHex, toBase64 } from '../../crypto/bytes';
import {
  blind15Sign,
  verifyBlindedSignature,
  x25519ToEd25519Positive,
  type ServerPublicKey,
} from '../../crypto/blinding';
import type { Ed25519SecretKey } from '../../crypto/keys';
import { padMessageLegacy, unpadMessage } from '../../crypto/padding';
import { sodium } from '../../crypto/sodium';
import {
  decodeContent,
  decodeEnvelope,
  encodeContent,
  type ContentMessage,
  type Quote,
} from '../../swarm/messages';
import type { PostQuote } from '../db';
import { INCOMING_BODY_MAX } from '../messaging/incoming';

export interface OutgoingPost {
  readonly data: string;
  readonly signature: string;
}

/**
 * A reply's quote on the wire (docs/protocol-notes.md, "Replies in rooms"): Session desktop's
 * `VisibleMessage` writes `id` (the quoted post's `sent_at`: the server's `posted` in ms) and
 * `author` only. We add the quoted text, as our 1-to-1 replies do, for libsession clients that
 * show it when the original is not on the device; desktop skips field 3.
 */
export interface OutgoingQuote extends PostQuote {
  readonly text?: string;
}

function quoteOut(q: OutgoingQuote): Quote {
  return { id: q.id, author: q.author, ...(q.text ? { text: q.text } : {}) };
}

/**
 * The padded Content bytes of a text message with our name; `blocksRequests` (posts only) sets
 * `blocksCommunityMessageRequests` (DataMessage 106), which Session puts on every community post.
 */
export function contentBytes(
  body: string,
  displayName: string | undefined,
  blocksRequests?: boolean,
  quote?: OutgoingQuote,
): Uint8Array {
  const content: ContentMessage = {
    dataMessage: {
      body,
      ...(quote ? { quote: quoteOut(quote) } : {}),
      ...(displayName ? { profile: { displayName } } : {}),
      ...(blocksRequests !== undefined ? { blocksCommunityMessageRequests: blocksRequests } : {}),
    },
  };
  return padMessageLegacy(encodeContent(content));
}

export function encodePost(
  sk: Ed25519SecretKey,
  serverPk: ServerPublicKey,
  blinded: boolean,
  body: string,
  displayName: string | undefined,
  blocksRequests: boolean,
  quote?: OutgoingQuote,
): OutgoingPost {
  const padded = contentBytes(body, displayName, blocksRequests, quote);
  const signature = blinded ? blind15Sign(sk, serverPk, padded) : sodium().crypto_sign_detached(padded, sk);
  return { data: toBase64(padded), signature: toBase64(signature) };
}

export type PostDecodeError = 'bad-base64' | 'bad-signature' | 'bad-sender' | 'undecodable' | 'too-long';

export interface DecodedPost {
  readonly body: string;
  readonly senderName: string | null;
  /** DataMessage 106: the poster takes no message requests from communities. */
  readonly blocksRequests: boolean;
  /** The post replied to (DataMessage.quote), checked; null when none or malformed. */
  readonly quote: PostQuote | null;
}

/**
 * A quote as a room names posts: a positive ms time and a poster's ID (15/25 blinded, 05, or 00
 * on servers without blinding), lower-cased as the server's `session_id`. Anything else is
 * dropped, the post itself kept.
 */
function quoteIn(q: Quote | undefined): PostQuote | null {
  if (q === undefined || !Number.isSafeInteger(q.id) || q.id <= 0) return null;
  const author = q.author.toLowerCase();
  return /^(?:00|05|15|25)[0-9a-f]{64}$/.test(author) ? { id: q.id, author } : null;
}

function flipped(pk: Uint8Array): Uint8Array {
  const out = Uint8Array.from(pk);
  out[31] = (out[31] ?? 0) ^ 0x80;
  return out;
}

/** The Ed25519 keys a `session_id` can sign with: the key itself for 15/25/00, both signs for 05. */
function signingKeys(sessionId: string): Uint8Array[] | undefined {
  const id = sessionId.toLowerCase();
  if (!/^(?:00|05|15|25)[0-9a-f]{64}$/.test(id)) return undefined;
  const key = fromHex(id.slice(2));
  if (!id.startsWith('05')) return [key];
  const positive = x25519ToEd25519Positive(key);
  return [positive, flipped(positive)];
}

function decodeB64(s: string): Uint8Array | undefined {
  try {
    return fromBase64(s);
  } catch {
    return undefined;
  }
}

function codePoints(s: string, max: number): boolean {
  if (s.length <= max) return true;
  let n = 0;
  for (const _ of s) if (++n > max) return false;
  return true;
}

/** The Content in `bytes` (unpadded): a Content, or an Envelope carrying one. */
function contentOf(bytes: Uint8Array): ContentMessage | undefined {
  const direct = decodeContent(bytes);
  if (
    direct.ok &&
    (direct.value.dataMessage !== undefined || direct.value.messageRequestResponse !== undefined)
  )
    return direct.value;
  const env = decodeEnvelope(bytes);
  if (env.ok && env.value.content) {
    const inner = decodeContent(env.value.content);
    if (inner.ok) return inner.value;
  }
  return direct.ok ? direct.value : undefined;
}

/** Decodes the padded Content of a post or a DM (no signature here). */
export function decodeContentBody(
  padded: Uint8Array,
): { ok: true; value: DecodedPost } | { ok: false; error: PostDecodeError } {
  const content = contentOf(unpadMessage(padded));
  const dm = content?.dataMessage;
  if (!dm) return { ok: false, error: 'undecodable' };
  const body = dm.body ?? dm.communityInvitation?.url ?? '';
  if (!codePoints(body, INCOMING_BODY_MAX)) return { ok: false, error: 'too-long' };
  const name = dm.profile?.displayName?.trim();
  return {
    ok: true,
    value: {
      body,
      senderName: name ? name.slice(0, 100) : null,
      blocksRequests: dm.blocksCommunityMessageRequests === true,
      quote: quoteIn(dm.quote),
    },
  };
}

/** Verifies and decodes a post from the server. Never throws. */
export function decodePost(
  sessionId: string,
  data: string,
  signature: string,
): { ok: true; value: DecodedPost } | { ok: false; error: PostDecodeError } {
  const bytes = decodeB64(data);
  const sig = decodeB64(signature);
  if (!bytes || !sig) return { ok: false, error: 'bad-base64' };
  const keys = signingKeys(sessionId);
  if (!keys) return { ok: false, error: 'bad-sender' };
  if (!keys.some((k) => verifyBlindedSignature(sig, bytes, k))) return { ok: false, error: 'bad-signature' };
  return decodeContentBody(bytes);
}
