/**
 * Small typed readers/writers shared by the per-type views (user profile, contacts, …).
 *
 * Upstream facts (libsession-util `src/config/internal.hpp` helpers and
 * `include/session/config/base.hpp` field proxies @ 8762e9d): strings are raw bytes (names are
 * UTF-8), ints are int64; `set_flag` stores 1 or erases, `set_nonzero_int` erases 0,
 * `set_positive_int` erases ≤ 0, `set_nonempty_str` erases "", `set_pair_if` sets both or erases
 * both. Per-conversation keys are the 33-byte binary ID *including* its 05/03 prefix byte
 * (`session_id_to_bytes`), sync-groups-communities.md §1.5.
 */
import { bkey, bkeyBytes } from '../../onion/bencode';
import { fromHex, toHex, utf8 } from '../../crypto/bytes';
import type { ConfigValue } from './data';

const lenientUtf8 = new TextDecoder('utf-8');

export function asText(v: ConfigValue | undefined): string | undefined {
  return v instanceof Uint8Array ? lenientUtf8.decode(v) : undefined;
}

export function asBytes(v: ConfigValue | undefined): Uint8Array | undefined {
  return v instanceof Uint8Array ? v : undefined;
}

/** int64 → number (clamped to the safe range: timestamps and counters never come near it). */
export function asInt(v: ConfigValue | undefined): number | undefined {
  if (typeof v !== 'bigint') return undefined;
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  return Number(v > max ? max : v < -max ? -max : v);
}

export function intValue(n: number): bigint {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${n} is not a safe integer`);
  return BigInt(n);
}

export const flag = (b: boolean): bigint | undefined => (b ? 1n : undefined);
export const nonzero = (n: number): bigint | undefined => (n !== 0 ? intValue(n) : undefined);
export const positive = (n: number | undefined): bigint | undefined =>
  n !== undefined && n > 0 ? intValue(n) : undefined;
export const nonempty = (s: string | undefined): Uint8Array | undefined =>
  s === undefined || s === '' ? undefined : utf8(s);

/** Names and nicknames: at most 100 bytes of UTF-8 (`contact_info::MAX_NAME_LENGTH`). */
export const MAX_NAME_BYTES = 100;
/** `profile_pic::MAX_URL_LENGTH`. */
export const MAX_URL_BYTES = 223;

export function checkName(name: string, what: string): void {
  if (utf8(name).length > MAX_NAME_BYTES) throw new RangeError(`${what} exceeds ${MAX_NAME_BYTES} bytes`);
}

/** An avatar pointer: a file-server URL and the 32-byte key it is encrypted with. */
export interface ProfilePic {
  readonly url: string;
  readonly key: Uint8Array;
}

/** Reads `p`/`q` as upstream does: a non-empty URL and a 32-byte key, else no picture. */
export function readPic(url: ConfigValue | undefined, key: ConfigValue | undefined): ProfilePic | undefined {
  const u = asText(url);
  const k = asBytes(key);
  return u !== undefined && u !== '' && k?.length === 32 ? { url: u, key: k } : undefined;
}

const ID_RE = /^(0[35]|[12]5)[0-9a-f]{64}$/;

/**
 * Dict entries in key order (what iterating libsession's `std::map` gives): our maps keep
 * insertion order, and binary-string keys compare like their bytes.
 */
export function sortedEntries<V>(d: ReadonlyMap<string, V>): [string, V][] {
  return [...d].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * `05…`/`03…` (or a blinded `15…`/`25…`) hex ID → the 33-byte binary dict key. Throws RangeError on
 * a malformed ID or another prefix than `prefix`.
 */
export function idKey(id: string, prefix: '05' | '03' | '15' | '25' = '05'): string {
  const m = ID_RE.exec(id.toLowerCase());
  if (m?.[1] !== prefix) throw new RangeError(`expected a ${prefix}-prefixed 66-hex-character ID`);
  return bkeyBytes(fromHex(id.toLowerCase()));
}

/** Dict key → hex ID, or undefined if the key is not a 33-byte ID. */
export function idFromKey(key: string): string | undefined {
  const bytes = bkey(key);
  return bytes.length === 33 ? toHex(bytes) : undefined;
}
