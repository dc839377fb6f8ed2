/** Branded identifiers stored in the database, with their validating guards. */
import { randomUUID } from 'node:crypto';
import type { Brand } from '../../crypto/brand';

/** Our local id of a message: a UUID, never sent on the wire. */
export type MessageId = Brand<string, 'MessageId'>;
/** The hash a swarm gives a stored message (base64, unpadded in Session): the dedupe key. */
export type MessageHash = Brand<string, 'MessageHash'>;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isMessageId(s: unknown): s is MessageId {
  return typeof s === 'string' && UUID_RE.test(s);
}

export function newMessageId(): MessageId {
  return randomUUID() as MessageId;
}

/** Swarm hashes are short printable tokens; anything else is refused before it reaches SQL. */
export function isMessageHash(s: unknown): s is MessageHash {
  return typeof s === 'string' && s.length > 0 && s.length <= 128 && /^[A-Za-z0-9+/=_-]+$/.test(s);
}
