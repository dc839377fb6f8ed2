/**
 * Session IDs typed or pasted by users (new conversation, add contact).
 *
 * Protocol facts (../shared/protocol/identity-and-messages.md §1.2): session-desktop
 * `ts/session/types/PubKey.ts` (`KeyPrefixType`), libsession-util `src/session_encrypt.cpp`,
 * `tests/test_blinding.cpp`. A user's ID is `05` ‖ X25519 public key, 66 hex characters;
 * `03` is a group (v2), `15`/`25` are blinded community IDs that cannot receive 1-to-1 messages,
 * `00`/`07` are other Ed25519-based forms that are never a user's address.
 */
import { fromHex } from './bytes';
import type { SessionId, X25519PublicKey } from './keys';

export const SESSION_ID_LENGTH = 66;

export type SessionIdError =
  | { readonly kind: 'empty' }
  /** `char` is the first offending character (a whole code point), `position` is 1-based. */
  | { readonly kind: 'not-hex'; readonly char: string; readonly position: number }
  /** `length` in characters of the trimmed input; 66 expected. */
  | { readonly kind: 'wrong-length'; readonly length: number }
  /** A 15- or 25-blinded community participant ID: it only works inside that community. */
  | { readonly kind: 'community-blinded'; readonly prefix: '15' | '25' }
  /** A group (v2) ID: it is joined by invitation, not messaged as a contact. */
  | { readonly kind: 'group' }
  | { readonly kind: 'unknown-prefix'; readonly prefix: string };

export type SessionIdParseResult =
  | { readonly ok: true; readonly sessionId: SessionId }
  | { readonly ok: false; readonly error: SessionIdError };

const SESSION_ID_RE = /^05[0-9a-f]{64}$/;
const HEX_CHAR_RE = /^[0-9a-fA-F]$/;

/** Type guard: exactly `05` + 64 lowercase hex characters (the stored, canonical form). */
export function isSessionId(s: unknown): s is SessionId {
  return typeof s === 'string' && SESSION_ID_RE.test(s);
}

/**
 * Validates user input: surrounding whitespace is ignored and upper-case hex accepted (the result
 * is lower-cased, as Desktop stores IDs). Checks run in the order of the error kinds above, so
 * the first problem the user can fix is reported.
 */
export function parseSessionIdInput(text: string): SessionIdParseResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: { kind: 'empty' } };

  // Iterate by code point so that an emoji is reported whole and positions match what users see.
  let position = 0;
  for (const char of trimmed) {
    position++;
    if (!HEX_CHAR_RE.test(char)) return { ok: false, error: { kind: 'not-hex', char, position } };
  }
  if (trimmed.length !== SESSION_ID_LENGTH) {
    return { ok: false, error: { kind: 'wrong-length', length: trimmed.length } };
  }

  const id = trimmed.toLowerCase();
  const prefix = id.slice(0, 2);
  switch (prefix) {
    case '05':
      return { ok: true, sessionId: id as SessionId };
    case '15':
    case '25':
      return { ok: false, error: { kind: 'community-blinded', prefix } };
    case '03':
      return { ok: false, error: { kind: 'group' } };
    default:
      return { ok: false, error: { kind: 'unknown-prefix', prefix } };
  }
}

/** The recipient's X25519 public key (the 32 bytes after the `05` prefix). */
export function sessionIdToX25519PublicKey(id: SessionId): X25519PublicKey {
  return fromHex(id.slice(2)) as X25519PublicKey;
}
