/** Branded identifiers stored in the database, with their validating guards. */
import { randomFillSync } from 'node:crypto';
import type { Brand } from '../../crypto/brand';

/** Our local id of a message: a UUID, never sent on the wire. */
export type MessageId = Brand<string, 'MessageId'>;
/** The hash a swarm gives a stored message (base64, unpadded in Session): the dedupe key. */
export type MessageHash = Brand<string, 'MessageHash'>;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isMessageId(s: unknown): s is MessageId {
  return typeof s === 'string' && UUID_RE.test(s);
}

/** Random bytes for 128 ids, drawn at once: one call into the system's generator per 128 ids. */
const pool = new Uint8Array(16 * 128);
let poolAt = pool.length;

/**
 * A UUID of version 7 (RFC 9562): the first 48 bits are the time in ms, the rest random. Ids made
 * later sort after earlier ones, so each message's id goes at the end of the b-trees keyed by it
 * (`messages`' id index, the outbox's primary key) instead of at a random leaf: one encrypted
 * page for a batch of new messages instead of one per message, and fewer page splits. The id
 * stays local (never on the wire); the time it shows is in the same row anyway.
 */
export function newMessageId(now: number = Date.now()): MessageId {
  if (poolAt >= pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const b = Buffer.from(pool.subarray(poolAt, poolAt + 16));
  // Used once: the next id takes the next 16 bytes.
  poolAt += 16;
  const ms = Math.max(0, Math.trunc(now));
  b.writeUIntBE(ms % 2 ** 48, 0, 6);
  b[6] = 0x70 | ((b[6] ?? 0) & 0x0f); // version 7
  b[8] = 0x80 | ((b[8] ?? 0) & 0x3f); // RFC 9562 variant
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` as MessageId;
}

/** Swarm hashes are short printable tokens; anything else is refused before it reaches SQL. */
export function isMessageHash(s: unknown): s is MessageHash {
  return typeof s === 'string' && s.length > 0 && s.length <= 128 && /^[A-Za-z0-9+/=_-]+$/.test(s);
}
