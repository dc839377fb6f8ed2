/**
 * Group messages of namespace 11 (sync-groups-communities.md §3.3; libsession-util
 * `src/config/groups/keys.cpp` `encrypt_message` / `decrypt_message` @ 8762e9d).
 *
 * inner  = bencoded {"": 1, "a": sender Ed25519 pubkey, "d": data | "z": zstd(data),
 *          "s": sender's Ed25519 signature of the (possibly compressed) data}
 * padded = inner ‖ 0x00… so that padded + 40 is a multiple of 256 (trailing zeros: the decoder
 *          strips every trailing 0x00, which a bencoded dict never ends with)
 * output = nonce(24, random) ‖ XChaCha20-Poly1305(padded, key = the newest group key, no AD)
 *
 * We never compress (libsession only uses `z` when smaller; every reader accepts `d`). Reading:
 * every known key is tried; the sender is the `a` key's Session ID; messages above 1 000 000
 * bytes (`MAX_PLAINTEXT_MESSAGE_SIZE`) are refused either way.
 */
import { randomBytes } from 'node:crypto';
import { bdecode, bencode } from '../../onion/bencode';
import type { BencodeValue } from '../../onion/bencode';
import { concatBytes } from '../../crypto/bytes';
import type { Ed25519SecretKey, SessionId } from '../../crypto/keys';
import { ed25519PublicKeyToX25519, sessionIdFromX25519 } from '../../crypto/keys';
import { sodium } from '../../crypto/sodium';
import { zstdDecompressBounded } from '../config/zstd';

export const GROUP_MESSAGE_PADDING = 256;
export const MAX_PLAINTEXT_MESSAGE_SIZE = 1_000_000;
const NONCE_BYTES = 24;
const OVERHEAD = 24 + 16;

export type GroupDecryptError = { readonly kind: 'group-decrypt'; readonly reason: string };

export interface DecryptedGroupMessage {
  readonly sender: SessionId;
  readonly senderEd25519: Uint8Array;
  readonly data: Uint8Array;
}

export function encryptGroupMessage(
  plaintext: Uint8Array,
  groupKey: Uint8Array,
  senderSk: Ed25519SecretKey,
  // node:crypto in one call (libsodium's randombytes asks the JS side a few bytes at a time).
  nonce: Uint8Array = new Uint8Array(randomBytes(NONCE_BYTES)),
): Uint8Array {
  if (plaintext.length > MAX_PLAINTEXT_MESSAGE_SIZE) throw new RangeError('group message too large');
  if (plaintext.length === 0) throw new RangeError('group message cannot be empty');
  if (groupKey.length !== 32 || nonce.length !== NONCE_BYTES) throw new RangeError('bad key or nonce');
  const s = sodium();
  const inner = bencode(
    new Map<string, BencodeValue>([
      ['', 1n],
      ['a', senderSk.subarray(32, 64)],
      ['d', plaintext],
      ['s', s.crypto_sign_detached(plaintext, senderSk)],
    ]),
  );
  const rest = (inner.length + OVERHEAD) % GROUP_MESSAGE_PADDING;
  const padded = new Uint8Array(inner.length + (rest === 0 ? 0 : GROUP_MESSAGE_PADDING - rest));
  padded.set(inner);
  return concatBytes(
    nonce,
    s.crypto_aead_xchacha20poly1305_ietf_encrypt(padded, null, null, nonce, groupKey),
  );
}

class Bad extends Error {}

function openWithAny(
  cipher: Uint8Array,
  nonce: Uint8Array,
  keys: readonly Uint8Array[],
): Uint8Array | undefined {
  const s = sodium();
  for (const k of keys) {
    if (k.length !== 32) continue;
    try {
      return s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, cipher, null, nonce, k);
    } catch {
      // not this key
    }
  }
  return undefined;
}

function decryptInner(ciphertext: Uint8Array, keys: readonly Uint8Array[]): DecryptedGroupMessage {
  if (ciphertext.length < OVERHEAD) throw new Bad('ciphertext too small');
  const plain = openWithAny(ciphertext.subarray(NONCE_BYTES), ciphertext.subarray(0, NONCE_BYTES), keys);
  if (plain === undefined) throw new Bad('no group key decrypts it');
  let end = plain.length;
  while (end > 0 && plain[end - 1] === 0) end--;
  const body = plain.subarray(0, end);
  if (body.length === 0 || body[0] !== 0x64 || body[body.length - 1] !== 0x65)
    throw new Bad('not a bencoded dict');
  const decoded = bdecode(body);
  if (!decoded.ok || !(decoded.value instanceof Map)) throw new Bad('not a bencoded dict');
  const d = decoded.value as ReadonlyMap<string, BencodeValue>;
  if (d.get('') !== 1n) throw new Bad('unsupported version');
  const a = d.get('a');
  if (!(a instanceof Uint8Array) || a.length !== 32) throw new Bad('bad author key');
  const x = ed25519PublicKeyToX25519(a);
  if (x === undefined) throw new Bad('author key has no Session ID');
  const raw = d.get('d');
  const z = d.get('z');
  const sig = d.get('s');
  if (!(sig instanceof Uint8Array) || sig.length !== 64) throw new Bad('bad signature');
  if (raw !== undefined && z !== undefined) throw new Bad('both d and z');
  const payload = raw ?? z;
  if (!(payload instanceof Uint8Array) || payload.length === 0) throw new Bad('no data');
  let ok = false;
  try {
    ok = sodium().crypto_sign_verify_detached(sig, payload, a);
  } catch {
    ok = false;
  }
  if (!ok) throw new Bad('signature does not verify');
  let data = payload;
  if (z !== undefined) {
    const out = zstdDecompressBounded(payload, MAX_PLAINTEXT_MESSAGE_SIZE);
    if (out === undefined) throw new Bad('decompression failed');
    data = out;
  }
  return { sender: sessionIdFromX25519(x), senderEd25519: a, data };
}

/** `decrypt_message` with every key we hold (newest first). Never throws on hostile bytes. */
export function decryptGroupMessage(
  ciphertext: Uint8Array,
  keys: readonly Uint8Array[],
): { ok: true; value: DecryptedGroupMessage } | { ok: false; error: GroupDecryptError } {
  try {
    return { ok: true, value: decryptInner(ciphertext, keys) };
  } catch (e) {
    if (e instanceof Bad) return { ok: false, error: { kind: 'group-decrypt', reason: e.message } };
    throw e;
  }
}
