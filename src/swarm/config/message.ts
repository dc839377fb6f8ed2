/**
 * One config message: parse, serialize, hash, increment (sync-groups-communities.md §1.4).
 *
 * Upstream facts (libsession-util `src/config.cpp`, `include/session/config.hpp`,
 * `src/config/internal.cpp` `load_unknowns`/`append_unknown` @ 8762e9d):
 * - outer dict: `#` seqno (must be the first key, so any key sorting before it makes the message
 *   unparseable: the "future major version" rule), `&` data (required), `<` lagged diffs
 *   `[seqno, hash32, diff]` strictly ascending by (seqno, hash), `=` this message's diff, `~` an
 *   optional 64-byte signature that must be the last key. Unknown keys between them are kept and
 *   re-emitted in place (forward compatibility).
 * - lagged rows with seqno ≥ the message's seqno are an error; rows with seqno ≤ seqno − lag are
 *   dropped on load and never serialized. lag = 5 (`DEFAULT_DIFF_LAGS`, `config_lags()`).
 * - hash = unkeyed BLAKE2b-256 of the serialized plaintext (for a loaded message: of the bytes
 *   as received).
 * - a "mutable" message (libsession `MutableConfigMessage`) recomputes its `=` diff from the data
 *   it started from (`orig_data_`) at every serialization, after pruning empty containers.
 * - user configs are not signed: a `~` is accepted and dropped (no verifier, as upstream), never
 *   re-emitted.
 * - group configs (Info, Members; §3.3) are: with a verifier, a message without a valid `~` is
 *   refused and a loaded message keeps its verified signature, re-emitted as is until the
 *   message changes; a mutable message (or any message without a kept signature) is signed
 *   by the signer, if there is one, over its encoding up to `1:~` (`serialize_impl`). Hashes
 *   include the signature, as upstream's do.
 */
import { bdecode, bencode } from '../../onion/bencode';
import type { BencodeValue } from '../../onion/bencode';
import { sodium } from '../../crypto/sodium';
import {
  bdict,
  cloneDict,
  compareBytes,
  ConfigParseFailure,
  INT64_MAX,
  INT64_MIN,
  parseData,
  pruneDict,
} from './data';
import type { ConfigDict } from './data';
import { diffDicts, diffToBencode, parseDiff } from './diff';
import type { DiffDict, DiffValue } from './diff';

export const DEFAULT_LAGS = 5;
export const HASH_BYTES = 32;

export interface LaggedDiff {
  readonly seqno: number;
  readonly hash: Uint8Array;
  readonly diff: DiffDict;
}

/** Signs the encoded message body (everything before `1:~`); 64 bytes out. */
export type ConfigSigner = (body: Uint8Array) => Uint8Array;
/** Checks a 64-byte signature over the encoded message body. */
export type ConfigVerifier = (body: Uint8Array, signature: Uint8Array) => boolean;

export interface ConfigSigning {
  readonly verify: ConfigVerifier;
  /** Only admins hold the group key; members read but never merge (upstream's rule). */
  readonly sign: ConfigSigner | undefined;
}

export interface ConfigMessage {
  seqno: number;
  data: ConfigDict;
  diff: DiffDict;
  /** Sorted by (seqno, hash); may hold rows outside the lag window (filtered when serialized). */
  lagged: LaggedDiff[];
  /** Unknown top-level keys, kept and re-emitted. */
  unknown: Map<string, BencodeValue>;
  hash: Uint8Array;
  /** Defined on a mutable message: the data its diff is computed against. */
  orig: ConfigDict | undefined;
  /** A verified signature kept from the wire (group configs), re-emitted while unchanged. */
  signature: Uint8Array | undefined;
  /** Signs serializations that have no kept signature (group admins). */
  signer: ConfigSigner | undefined;
}

const SIG_TAIL = 3 + 3 + 64 + 1; // "1:~" "64:" signature "e"

/** Appends `1:~64:<sig>` to a canonical dict whose last key sorts before `~`. */
function appendSignature(dict: Uint8Array, sig: Uint8Array): Uint8Array {
  if (sig.length !== 64) throw new Error('config signature must be 64 bytes');
  const out = new Uint8Array(dict.length + SIG_TAIL - 1);
  out.set(dict.subarray(0, dict.length - 1));
  let at = dict.length - 1;
  for (const c of '1:~64:') out[at++] = c.charCodeAt(0);
  out.set(sig, at);
  out[out.length - 1] = 0x65;
  return out;
}

export type ConfigMessageError = { readonly kind: 'config-parse'; readonly reason: string };

export function configHash(serialized: Uint8Array): Uint8Array {
  return sodium().crypto_generichash(HASH_BYTES, serialized, null);
}

/** Orders (seqno, hash) pairs as `std::pair<int64, std::array<uchar, 32>>` does. */
export function compareSeqHash(
  a: { readonly seqno: number; readonly hash: Uint8Array },
  b: { readonly seqno: number; readonly hash: Uint8Array },
): number {
  return a.seqno !== b.seqno ? a.seqno - b.seqno : compareBytes(a.hash, b.hash);
}

function parseSeqno(v: BencodeValue | undefined): number {
  if (typeof v !== 'bigint') throw new ConfigParseFailure('seqno must be an integer');
  if (v < INT64_MIN || v > INT64_MAX) throw new ConfigParseFailure('seqno outside int64');
  // Our seqnos are JS numbers: one above 2^53 can only come from a hostile or broken writer.
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))
    throw new ConfigParseFailure('seqno too large');
  return Number(v);
}

function parseLagged(v: BencodeValue, seqno: number, lag: number): LaggedDiff[] {
  if (!Array.isArray(v)) throw new ConfigParseFailure('"<" must be a list');
  const out: LaggedDiff[] = [];
  for (const row of v as readonly BencodeValue[]) {
    if (!Array.isArray(row)) throw new ConfigParseFailure('lagged diff row must be a list');
    const [s, hash, diff, ...rest] = row as readonly BencodeValue[];
    const rowSeqno = parseSeqno(s);
    if (rowSeqno >= seqno) throw new ConfigParseFailure('lagged seqno >= current seqno');
    if (rowSeqno <= seqno - lag) continue; // too old: dropped, as upstream does before any check
    if (!(hash instanceof Uint8Array) || hash.length !== HASH_BYTES)
      throw new ConfigParseFailure('lagged diff hash must be 32 bytes');
    const entry: LaggedDiff = { seqno: rowSeqno, hash, diff: parseDiff(diff ?? 0n) };
    const prev = out[out.length - 1];
    if (prev !== undefined && compareSeqHash(prev, entry) >= 0)
      throw new ConfigParseFailure('lagged diffs unsorted or duplicated');
    if (rest.length !== 0) throw new ConfigParseFailure('lagged diff row must have 3 elements');
    out.push(entry);
  }
  return out;
}

function parseInner(bytes: Uint8Array, lag: number, verify: ConfigVerifier | undefined): ConfigMessage {
  const decoded = bdecode(bytes);
  if (!decoded.ok) throw new ConfigParseFailure(`bencode: ${decoded.error.message}`);
  const top = bdict(decoded.value);
  if (top === undefined) throw new ConfigParseFailure('config message must be a dict');
  const entries = [...top];
  const first = entries[0];
  if (first?.[0] !== '#') throw new ConfigParseFailure('first key must be "#"');
  const seqno = parseSeqno(first[1]);
  let data: ConfigDict | undefined;
  let lagged: LaggedDiff[] = [];
  let diff: DiffDict = new Map();
  let signature: Uint8Array | undefined;
  const unknown = new Map<string, BencodeValue>();
  for (const [k, v] of entries.slice(1)) {
    // Keys arrive sorted (strict bencode), so a key past "&" before any data means no "&".
    if (k > '&' && data === undefined) throw new ConfigParseFailure('"&" data dict not found');
    if (k === '&') data = parseData(v);
    else if (k === '<') lagged = parseLagged(v, seqno, lag);
    else if (k === '=') diff = parseDiff(v);
    else if (k === '~') {
      if (!(v instanceof Uint8Array) || v.length !== 64)
        throw new ConfigParseFailure('signature must be 64 bytes');
      if (verify !== undefined) {
        // Canonical bencode puts `~` last, so the signed body is everything before its 71 bytes.
        if (!verify(bytes.subarray(0, bytes.length - SIG_TAIL), v))
          throw new ConfigParseFailure('signature does not verify');
        signature = v;
      }
    } else if (k > '~') throw new ConfigParseFailure('keys after "~"');
    else unknown.set(k, v);
  }
  if (data === undefined) throw new ConfigParseFailure('"&" data dict not found');
  if (verify !== undefined && signature === undefined) throw new ConfigParseFailure('signature missing');
  return {
    seqno,
    data,
    diff,
    lagged,
    unknown,
    hash: configHash(bytes),
    orig: undefined,
    signature,
    signer: undefined,
  };
}

/** Parses a decrypted, unpadded, uncompressed config message. Never throws on bad bytes. */
export function parseConfigMessage(
  bytes: Uint8Array,
  lag: number = DEFAULT_LAGS,
  verify?: ConfigVerifier,
): { ok: true; value: ConfigMessage } | { ok: false; error: ConfigMessageError } {
  try {
    return { ok: true, value: parseInner(bytes, lag, verify) };
  } catch (e) {
    if (e instanceof ConfigParseFailure)
      return { ok: false, error: { kind: 'config-parse', reason: e.message } };
    throw e;
  }
}

/** Serializes (and, for a mutable message, refreshes its diff and hash first). */
export function serializeMessage(m: ConfigMessage, lag: number = DEFAULT_LAGS): Uint8Array {
  if (m.orig !== undefined) {
    pruneDict(m.data);
    m.diff = diffDicts(m.orig, m.data) ?? new Map<string, DiffValue>();
    m.signature = undefined; // upstream's MutableConfigMessage::diff() drops it
  }
  const outer = new Map<string, BencodeValue>(m.unknown);
  outer.set('#', BigInt(m.seqno));
  outer.set('&', m.data);
  outer.set(
    '<',
    m.lagged
      .filter((l) => l.seqno > m.seqno - lag && l.seqno < m.seqno)
      .map((l) => [BigInt(l.seqno), l.hash, diffToBencode(l.diff)]),
  );
  outer.set('=', diffToBencode(m.diff));
  let bytes = bencode(outer);
  const sig =
    m.signature ?? (m.signer === undefined ? undefined : m.signer(bytes.subarray(0, bytes.length - 1)));
  if (sig !== undefined) bytes = appendSignature(bytes, sig);
  if (m.orig !== undefined) m.hash = configHash(bytes);
  return bytes;
}

/** The default-constructed seqno-0 message (`ConfigMessage()`): `d1:#i0e1:&de1:<le1:=dee`. */
export function emptyMessage(): ConfigMessage {
  const m: ConfigMessage = {
    seqno: 0,
    data: new Map(),
    diff: new Map(),
    lagged: [],
    unknown: new Map(),
    hash: new Uint8Array(HASH_BYTES),
    orig: undefined,
    signature: undefined,
    signer: undefined,
  };
  m.hash = configHash(serializeMessage(m));
  return m;
}

/**
 * `increment()` / `increment_impl`: a mutable copy with seqno + 1 whose lagged diffs gain this
 * message's (seqno, hash, diff) and lose rows that fall out of the window.
 */
export function incrementMessage(m: ConfigMessage, lag: number = DEFAULT_LAGS): ConfigMessage {
  if (m.orig !== undefined) serializeMessage(m, lag); // refreshes diff and hash
  const lagged = m.lagged.filter((l) => l.seqno > m.seqno - lag && l.seqno < m.seqno);
  lagged.push({ seqno: m.seqno, hash: m.hash, diff: m.diff });
  return {
    seqno: m.seqno + 1,
    data: cloneDict(m.data),
    diff: new Map(),
    lagged,
    unknown: new Map(m.unknown),
    hash: new Uint8Array(HASH_BYTES),
    orig: cloneDict(m.data),
    signature: undefined,
    signer: m.signer,
  };
}
