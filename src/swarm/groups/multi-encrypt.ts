/**
 * libsession-util's multi-recipient encryption (`src/multi_encrypt.cpp`,
 * `include/session/multi_encrypt.hpp` @ 8762e9d): one message, or one message per recipient,
 * encrypted separately for each recipient under one shared nonce.
 * - per-recipient key = BLAKE2b-256(x25519(a, B) ‖ S ‖ R), keyed with the domain string (at most
 *   64 bytes of it); S = the sender's X25519 public key, R = the recipient's, in that order on
 *   both sides (`encrypt_multi_key`);
 * - each copy = XChaCha20-Poly1305-IETF(message, nonce, key), no associated data;
 * - "simple" encoding (`encrypt_for_multiple_simple`): the bencoded dict `{"#": nonce(24),
 *   "e": [copy, …]}`. The sender is not named: a recipient must know it (for a group, its key)
 *   and tries every copy with the one key it can derive.
 * Nothing here signs: a copy that opens proves only that whoever holds the sender's secret key
 * wrote it for us.
 */
import { bdecode, bencode, type BencodeValue } from '../../onion/bencode';
import { concatBytes, utf8 } from '../../crypto/bytes';
import { ed25519PublicKeyToX25519, ed25519SecretKeyToX25519, type Ed25519SecretKey } from '../../crypto/keys';
import { sodium } from '../../crypto/sodium';

export const MULTI_NONCE_BYTES = 24;
/** `encrypt_multiple_message_overhead`: the Poly1305 tag. */
export const MULTI_OVERHEAD = 16;
/** blake2b's longest key (`crypto_generichash_blake2b_KEYBYTES_MAX`). */
const DOMAIN_MAX = 64;

/**
 * `encrypt_multi_key`: `a`/`A` are ours (secret, public), `B` the other side's public key.
 * Undefined when the shared point cannot be computed (libsodium refuses a low-order key).
 */
export function multiKey(
  a: Uint8Array,
  A: Uint8Array,
  B: Uint8Array,
  encrypting: boolean,
  domain: string,
): Uint8Array | undefined {
  const s = sodium();
  let shared: Uint8Array;
  try {
    shared = s.crypto_scalarmult(a, B);
  } catch {
    return undefined;
  }
  const sender = encrypting ? A : B;
  const recipient = encrypting ? B : A;
  return s.crypto_generichash(
    32,
    concatBytes(shared, sender, recipient),
    utf8(domain).subarray(0, DOMAIN_MAX),
  );
}

/**
 * `encrypt_for_multiple`: one copy per recipient (X25519 public keys, 32 bytes: a Session ID
 * without its 05), of `messages[0]` for all or of `messages[i]` for recipient i. A recipient
 * whose key cannot be used is an error, as upstream by default.
 */
export function encryptForMultiple(
  messages: readonly Uint8Array[],
  recipients: readonly Uint8Array[],
  nonce: Uint8Array,
  sender: { readonly xsk: Uint8Array; readonly xpk: Uint8Array },
  domain: string,
): Uint8Array[] {
  if (nonce.length < MULTI_NONCE_BYTES) throw new Error('nonce must be 24 bytes');
  if (recipients.some((r) => r.length !== 32)) throw new Error('recipients are 32-byte X25519 keys');
  if (messages.length !== 1 && messages.length !== recipients.length)
    throw new Error('one message, or one per recipient');
  const n = nonce.subarray(0, MULTI_NONCE_BYTES);
  return recipients.map((r, i) => {
    const key = multiKey(sender.xsk, sender.xpk, r, true, domain);
    if (!key) throw new Error('unable to compute a shared key: invalid recipient key');
    const m = messages.length === 1 ? messages[0] : messages[i];
    return sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(m ?? new Uint8Array(), null, null, n, key);
  });
}

/** `decrypt_for_multiple`: the first copy that opens with our key, or undefined. */
export function decryptForMultiple(
  copies: Iterable<Uint8Array>,
  nonce: Uint8Array,
  recipient: { readonly xsk: Uint8Array; readonly xpk: Uint8Array },
  senderXpk: Uint8Array,
  domain: string,
): Uint8Array | undefined {
  if (nonce.length < MULTI_NONCE_BYTES || senderXpk.length !== 32) return undefined;
  const key = multiKey(recipient.xsk, recipient.xpk, senderXpk, false, domain);
  if (!key) return undefined;
  const n = nonce.subarray(0, MULTI_NONCE_BYTES);
  for (const c of copies) {
    if (c.length < MULTI_OVERHEAD) continue;
    try {
      return sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(null, c, null, n, key);
    } catch {
      // not ours: try the next copy
    }
  }
  return undefined;
}

function xKeysOf(ed25519SecretKey: Ed25519SecretKey): { xsk: Uint8Array; xpk: Uint8Array } | undefined {
  if (ed25519SecretKey.length !== 64) return undefined;
  const xpk = ed25519PublicKeyToX25519(ed25519SecretKey.subarray(32));
  return xpk ? { xsk: ed25519SecretKeyToX25519(ed25519SecretKey), xpk } : undefined;
}

/** `encrypt_for_multiple_simple` with an Ed25519 secret key (converted to X25519), no padding. */
export function encryptForMultipleSimple(a: {
  readonly messages: readonly Uint8Array[];
  readonly recipients: readonly Uint8Array[];
  readonly ed25519SecretKey: Ed25519SecretKey;
  readonly domain: string;
  /** 24 bytes; random when omitted (tests pass libsession's). */
  readonly nonce?: Uint8Array;
}): Uint8Array {
  const sender = xKeysOf(a.ed25519SecretKey);
  if (!sender) throw new Error('the sender key has no X25519 form');
  const nonce = a.nonce ?? sodium().randombytes_buf(MULTI_NONCE_BYTES);
  if (nonce.length !== MULTI_NONCE_BYTES) throw new Error('nonce must be 24 bytes');
  const copies = encryptForMultiple(a.messages, a.recipients, nonce, sender, a.domain);
  return bencode(
    new Map<string, Uint8Array | Uint8Array[]>([
      ['#', nonce],
      ['e', copies],
    ]),
  );
}

/**
 * `decrypt_for_multiple_simple_ed25519`: our Ed25519 secret key, the sender's Ed25519 public
 * key. Undefined for anything that is not such a dict or holds no copy for us; never throws.
 */
export function decryptForMultipleSimpleEd25519(
  encoded: Uint8Array,
  ed25519SecretKey: Ed25519SecretKey,
  senderEd25519Pk: Uint8Array,
  domain: string,
): Uint8Array | undefined {
  const senderXpk = ed25519PublicKeyToX25519(senderEd25519Pk);
  const me = xKeysOf(ed25519SecretKey);
  if (!senderXpk || !me) return undefined;
  const decoded = bdecode(encoded);
  if (!decoded.ok || !(decoded.value instanceof Map)) return undefined;
  const d = decoded.value as ReadonlyMap<string, BencodeValue>;
  const nonce = d.get('#');
  const list = d.get('e');
  if (!(nonce instanceof Uint8Array) || nonce.length !== MULTI_NONCE_BYTES || !Array.isArray(list))
    return undefined;
  const copies = (list as readonly BencodeValue[]).filter((c): c is Uint8Array => c instanceof Uint8Array);
  return decryptForMultiple(copies, nonce, me, senderXpk, domain);
}
