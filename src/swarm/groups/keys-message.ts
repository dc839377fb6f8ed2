/**
 * The group Keys messages of namespace 12 (sync-groups-communities.md §3.3; libsession-util
 * `src/config/groups/keys.cpp` `rekey`, `key_supplement`, `load_key_message`,
 * `src/multi_encrypt.cpp`, `include/session/multi_encrypt.hpp` @ 8762e9d). Not a normal config:
 * each message is a signed bencoded dict, stored as is (no config encryption, no padding).
 *
 * Full message (`rekey`), keys in this order:
 *   `#` nonce(24) · `G` generation · `K` admin copy (48) · `k` list of 48-byte member copies,
 *   padded with junk entries to a multiple of 75 · `~` group signature.
 * - gen = newest known generation + 1 (0 for the first key);
 * - h1 = BLAKE2b-448(sid₀ ‖ … ‖ sidₙ ‖ decimal(gen) ‖ seed_hash("SessionGroupKeySeed"),
 *   key "SessionGroupKeyGen"), sids = every member's 66-hex Session ID (admins included), sorted;
 *   key = h1[0..32], nonce = h1[32..56]. Deterministic, so two admins rekeying the same
 *   membership produce the same key;
 * - admin copy = XChaCha20-Poly1305(key, nonce, seed_hash("SessionGroupKeyAdminKey"));
 * - member copy = XChaCha20-Poly1305(key, nonce, BLAKE2b-256(x25519(a, B) ‖ A ‖ B, key
 *   "SessionGroupKeyMemberKey")), a/A = the group key converted to X25519, B = the member's X25519
 *   key; members whose key cannot be used are skipped;
 * - junk = randombytes_buf_deterministic(48·n, BLAKE2b-256(h1 ‖ group secret key(64), key
 *   "SessionGroupJunkMembers"));
 * - `~` = Ed25519 by the group key over the encoded dict up to (not including) `1:~`.
 * Supplemental message (`key_supplement`, for members added with history):
 *   `#` nonce(24) · `+` list of encrypted bencoded lists `[{g, k, t}, …]` (every key we hold) ·
 *   `G` newest generation · `~` signature; nonce = BLAKE2b-192(sids ‖ plaintext ‖
 *   seed_hash("SessionGroupKeySeed"), key "SessionGroupKeyGen").
 * A member tries every copy with its one derived key; everyone parses the whole list so that all
 * reject the same malformed messages (wrong copy size, a `k` count not a multiple of 75).
 */
import { bdecode, bencode } from '../../onion/bencode';
import type { BencodeValue } from '../../onion/bencode';
import { concatBytes, utf8 } from '../../crypto/bytes';
import type { Ed25519SecretKey, SessionId } from '../../crypto/keys';
import { ed25519PublicKeyToX25519, ed25519SecretKeyToX25519 } from '../../crypto/keys';
import { sessionIdToX25519PublicKey } from '../../crypto/session-id';
import { sodium } from '../../crypto/sodium';
import type { GroupKeyPair } from './identity';
import { seedHash } from './identity';
import { multiKey } from './multi-encrypt';

export const MESSAGE_KEY_MULTIPLE = 75;
const KEY_COPY_BYTES = 48;
const NONCE_BYTES = 24;
const SIG_TAIL = 3 + 3 + 64 + 1; // "1:~" "64:" signature "e"
const DOMAIN_MEMBER = 'SessionGroupKeyMemberKey';

/** One group encryption key with its generation and the swarm time (ms) it arrived at. */
export interface GroupKeyInfo {
  readonly generation: number;
  readonly key: Uint8Array;
  readonly timestampMs: number;
}

export type KeysMessageError = { readonly kind: 'keys-message'; readonly reason: string };

/** What a Keys message gave us. `keys` is empty when none of the copies was for us. */
export interface LoadedKeysMessage {
  readonly supplemental: boolean;
  /** The message's generation (`G`): for a supplemental message, the newest one it covers. */
  readonly generation: number;
  readonly keys: readonly GroupKeyInfo[];
}

/** Who is reading: an admin (group secret key) or a member (own Ed25519 secret key). */
export type KeysReader =
  | { readonly kind: 'admin'; readonly group: GroupKeyPair }
  | { readonly kind: 'member'; readonly userSk: Ed25519SecretKey; readonly groupPk: Uint8Array };

function groupX25519(group: GroupKeyPair): { xsk: Uint8Array; xpk: Uint8Array } {
  const xpk = ed25519PublicKeyToX25519(group.publicKey);
  if (xpk === undefined) throw new Error('group public key has no X25519 form');
  return { xsk: ed25519SecretKeyToX25519(group.secretKey), xpk };
}

function aead(plain: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array {
  return sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(plain, null, null, nonce, key);
}

function open(cipher: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array | undefined {
  try {
    return sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(null, cipher, null, nonce, key);
  } catch {
    return undefined;
  }
}

function sortedSessionIds(members: readonly SessionId[]): SessionId[] {
  return [...new Set(members)].sort();
}

function memberCopies(
  group: GroupKeyPair,
  members: readonly SessionId[],
  plain: Uint8Array,
  nonce: Uint8Array,
): Uint8Array[] {
  const { xsk, xpk } = groupX25519(group);
  return members.flatMap((sid) => {
    const B = sessionIdToX25519PublicKey(sid);
    const key = multiKey(xsk, xpk, B, true, DOMAIN_MEMBER);
    return key === undefined ? [] : [aead(plain, nonce, key)];
  });
}

/** Appends `1:~64:<sig>` where sig signs the dict's bytes so far, and closes the dict. */
function signDict(entries: Map<string, BencodeValue>, group: GroupKeyPair): Uint8Array {
  const open = bencode(entries);
  const body = open.subarray(0, open.length - 1); // without the closing "e"
  const sig = sodium().crypto_sign_detached(body, group.secretKey);
  return concatBytes(body, utf8('1:~64:'), sig, utf8('e'));
}

/** `rekey`: a new key for `members` (every member, admins too). */
export function buildRekeyMessage(
  group: GroupKeyPair,
  members: readonly SessionId[],
  generation: number,
): { message: Uint8Array; key: Uint8Array; generation: number } {
  if (!Number.isSafeInteger(generation) || generation < 0) throw new RangeError('bad generation');
  const s = sodium();
  const sids = sortedSessionIds(members);
  const h1 = s.crypto_generichash(
    56,
    concatBytes(
      ...sids.map((x) => utf8(x)),
      utf8(String(generation)),
      seedHash(group.seed, 'SessionGroupKeySeed'),
    ),
    utf8('SessionGroupKeyGen'),
  );
  const key = h1.slice(0, 32);
  const nonce = h1.slice(32, 56);
  const adminCopy = aead(key, nonce, seedHash(group.seed, 'SessionGroupKeyAdminKey'));
  const copies = memberCopies(group, sids, key, nonce);
  const remainder = copies.length % MESSAGE_KEY_MULTIPLE;
  if (remainder !== 0) {
    const n = MESSAGE_KEY_MULTIPLE - remainder;
    const rngSeed = s.crypto_generichash(
      32,
      concatBytes(h1, group.secretKey),
      utf8('SessionGroupJunkMembers'),
    );
    const junk = s.randombytes_buf_deterministic(KEY_COPY_BYTES * n, rngSeed);
    for (let i = 0; i < n; i++) copies.push(junk.slice(i * KEY_COPY_BYTES, (i + 1) * KEY_COPY_BYTES));
  }
  const d = new Map<string, BencodeValue>([
    ['#', nonce],
    ['G', BigInt(generation)],
    ['K', adminCopy],
    ['k', copies],
  ]);
  return { message: signDict(d, group), key, generation };
}

/** `key_supplement`: gives `newMembers` every key in `keys` (oldest first, as libsession keeps them). */
export function buildSupplementMessage(
  group: GroupKeyPair,
  newMembers: readonly SessionId[],
  keys: readonly GroupKeyInfo[],
): Uint8Array {
  const newest = keys[keys.length - 1];
  if (newest === undefined) throw new Error('no keys to supplement');
  const s = sodium();
  const plain = bencode(
    keys.map(
      (k) =>
        new Map<string, BencodeValue>([
          ['g', BigInt(k.generation)],
          ['k', k.key],
          ['t', BigInt(k.timestampMs)],
        ]),
    ),
  );
  // Upstream hashes the IDs in the order given (it does not sort them here).
  const nonce = s.crypto_generichash(
    NONCE_BYTES,
    concatBytes(...newMembers.map((x) => utf8(x)), plain, seedHash(group.seed, 'SessionGroupKeySeed')),
    utf8('SessionGroupKeyGen'),
  );
  const copies = memberCopies(group, newMembers, plain, nonce);
  if (copies.length === 0) throw new Error('no valid Session ID to supplement');
  const d = new Map<string, BencodeValue>([
    ['#', nonce],
    ['+', copies],
    ['G', BigInt(newest.generation)],
  ]);
  return signDict(d, group);
}

class Bad extends Error {}

function bytesField(d: ReadonlyMap<string, BencodeValue>, k: string): Uint8Array {
  const v = d.get(k);
  if (!(v instanceof Uint8Array)) throw new Bad(`"${k}" missing or not bytes`);
  return v;
}

function intField(d: ReadonlyMap<string, BencodeValue>, k: string): number {
  const v = d.get(k);
  if (typeof v !== 'bigint') throw new Bad(`"${k}" missing or not an integer`);
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))
    throw new Bad(`"${k}" too large`);
  return Number(v);
}

function listField(d: ReadonlyMap<string, BencodeValue>, k: string): readonly BencodeValue[] {
  const v = d.get(k);
  if (!Array.isArray(v)) throw new Bad(`"${k}" missing or not a list`);
  return v as readonly BencodeValue[];
}

/** Checks the trailing `~` signature of a canonical bencoded dict. */
export function verifyDictSignature(
  data: Uint8Array,
  dict: ReadonlyMap<string, BencodeValue>,
  groupPk: Uint8Array,
): boolean {
  const keys = [...dict.keys()];
  const sig = dict.get('~');
  if (keys[keys.length - 1] !== '~' || !(sig instanceof Uint8Array) || sig.length !== 64) return false;
  const body = data.subarray(0, data.length - SIG_TAIL);
  try {
    return sodium().crypto_sign_verify_detached(sig, body, groupPk);
  } catch {
    return false;
  }
}

function memberDecryptKey(reader: KeysReader & { kind: 'member' }): Uint8Array | undefined {
  const groupXpk = ed25519PublicKeyToX25519(reader.groupPk);
  const myXpk = ed25519PublicKeyToX25519(reader.userSk.subarray(32));
  if (groupXpk === undefined || myXpk === undefined) return undefined;
  // Decrypting: a/A = us, B = the group (the sender), hashed as sender ‖ recipient.
  return multiKey(ed25519SecretKeyToX25519(reader.userSk), myXpk, groupXpk, false, DOMAIN_MEMBER);
}

function parseKeyInfos(plain: Uint8Array): GroupKeyInfo[] {
  const decoded = bdecode(plain);
  if (!decoded.ok || !Array.isArray(decoded.value)) throw new Bad('supplement is not a list');
  return (decoded.value as readonly BencodeValue[]).map((v) => {
    if (!(v instanceof Map)) throw new Bad('supplement entry is not a dict');
    const d = v as ReadonlyMap<string, BencodeValue>;
    const key = bytesField(d, 'k');
    if (key.length !== 32) throw new Bad('supplement key has the wrong size');
    return { generation: intField(d, 'g'), key, timestampMs: intField(d, 't') };
  });
}

function loadInner(data: Uint8Array, timestampMs: number, reader: KeysReader): LoadedKeysMessage {
  const decoded = bdecode(data);
  if (!decoded.ok || !(decoded.value instanceof Map)) throw new Bad('not a bencoded dict');
  const d = decoded.value as ReadonlyMap<string, BencodeValue>;
  const nonce = bytesField(d, '#');
  if (nonce.length !== NONCE_BYTES) throw new Bad('nonce must be 24 bytes');
  const groupPk = reader.kind === 'admin' ? reader.group.publicKey : reader.groupPk;
  const memberKey = reader.kind === 'member' ? memberDecryptKey(reader) : undefined;
  let result: LoadedKeysMessage;
  if (d.has('+')) {
    let keys: GroupKeyInfo[] = [];
    for (const c of listField(d, '+')) {
      if (!(c instanceof Uint8Array) || c.length < 52 + 16) throw new Bad('supplemental key info too small');
      if (keys.length > 0 || memberKey === undefined) continue;
      const plain = open(c, nonce, memberKey);
      if (plain !== undefined) keys = parseKeyInfos(plain);
    }
    result = { supplemental: true, generation: intField(d, 'G'), keys };
  } else {
    const generation = intField(d, 'G');
    if (generation < 0) throw new Bad('negative generation');
    const adminCopy = bytesField(d, 'K');
    if (adminCopy.length !== KEY_COPY_BYTES) throw new Bad('admin key has the wrong size');
    let key: Uint8Array | undefined;
    if (reader.kind === 'admin') {
      key = open(adminCopy, nonce, seedHash(reader.group.seed, 'SessionGroupKeyAdminKey'));
      if (key === undefined) throw new Bad('admin key does not decrypt');
    }
    const copies = listField(d, 'k');
    for (const c of copies) {
      if (!(c instanceof Uint8Array) || c.length !== KEY_COPY_BYTES)
        throw new Bad('member key has the wrong size');
      if (key === undefined && memberKey !== undefined) key = open(c, nonce, memberKey);
    }
    if (copies.length % MESSAGE_KEY_MULTIPLE !== 0) throw new Bad('member key list not padded to 75');
    result = {
      supplemental: false,
      generation,
      keys: key === undefined ? [] : [{ generation, key, timestampMs }],
    };
  }
  if (!verifyDictSignature(data, d, groupPk)) throw new Bad('signature missing or invalid');
  return result;
}

/**
 * `load_key_message`: reads one namespace-12 message (its swarm timestamp becomes the key's).
 * Never throws on hostile bytes; an unsigned or forged message is an error.
 */
export function loadKeysMessage(
  data: Uint8Array,
  timestampMs: number,
  reader: KeysReader,
): { ok: true; value: LoadedKeysMessage } | { ok: false; error: KeysMessageError } {
  try {
    return { ok: true, value: loadInner(data, timestampMs, reader) };
  } catch (e) {
    if (e instanceof Bad) return { ok: false, error: { kind: 'keys-message', reason: e.message } };
    throw e;
  }
}
