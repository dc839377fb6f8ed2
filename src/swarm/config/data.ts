/**
 * The application data of a libsession config message (the `&` dict), sync-groups-communities.md
 * §1.4.
 *
 * Upstream facts (libsession-util `include/session/config.hpp`, `src/config.cpp` @ 8762e9d):
 * - a value is a scalar (int64 or byte string), a set of scalars, or a nested dict;
 * - sets are `std::set<std::variant<int64_t, std::string>>`: every int sorts before every string,
 *   ints numerically, strings by unsigned bytes; no duplicates;
 * - `parse_data` refuses an empty nested dict or an empty set ("unpruned"), an unsorted or
 *   duplicated set, a set holding a non-scalar, and an int outside int64;
 * - empty dicts/sets are pruned after every change (`prune_`), the top-level dict may be empty.
 *
 * Representation (matches the bencode codec's): scalar → `bigint` | `Uint8Array`, set → array,
 * dict → `Map` keyed by binary ("latin1") strings. Containers are mutable inside this module
 * family; byte strings are never mutated in place, so clones share them.
 */
import type { BencodeValue } from '../../onion/bencode';

export type ConfigScalar = bigint | Uint8Array;
export type ConfigSet = ConfigScalar[];
export type ConfigDict = Map<string, ConfigValue>;
export type ConfigValue = ConfigScalar | ConfigSet | ConfigDict;

export const INT64_MIN = -(1n << 63n);
export const INT64_MAX = (1n << 63n) - 1n;

/** Thrown inside the parsers of this folder only; public entry points turn it into a Result. */
export class ConfigParseFailure extends Error {}

export function isScalar(v: ConfigValue | BencodeValue): v is ConfigScalar {
  return typeof v === 'bigint' || v instanceof Uint8Array;
}
export function isSet(v: ConfigValue): v is ConfigSet {
  return Array.isArray(v);
}
export function isDict(v: ConfigValue): v is ConfigDict {
  return v instanceof Map;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** `std::variant<int64_t, std::string>` ordering: ints first, then strings by bytes. */
export function compareScalars(a: ConfigScalar, b: ConfigScalar): number {
  if (typeof a === 'bigint') {
    if (typeof b !== 'bigint') return -1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof b === 'bigint') return 1;
  return compareBytes(a, b);
}

export function scalarsEqual(a: ConfigScalar, b: ConfigScalar): boolean {
  return compareScalars(a, b) === 0;
}

export function valuesEqual(a: ConfigValue, b: ConfigValue): boolean {
  if (isScalar(a) || isScalar(b)) return isScalar(a) && isScalar(b) && scalarsEqual(a, b);
  if (isSet(a) || isSet(b)) {
    if (!isSet(a) || !isSet(b) || a.length !== b.length) return false;
    return a.every((x, i) => {
      const y = b[i];
      return y !== undefined && scalarsEqual(x, y);
    });
  }
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w === undefined || !valuesEqual(v, w)) return false;
  }
  return true;
}

export function cloneValue(v: ConfigValue): ConfigValue {
  if (isScalar(v)) return v;
  if (isSet(v)) return [...v];
  return cloneDict(v);
}

export function cloneDict(d: ConfigDict): ConfigDict {
  const out: ConfigDict = new Map();
  for (const [k, v] of d) out.set(k, cloneValue(v));
  return out;
}

/** Sorted insert into a set (no-op if present). */
export function setInsert(s: ConfigSet, v: ConfigScalar): void {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = compareScalars(s[mid] as ConfigScalar, v);
    if (c === 0) return;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  s.splice(lo, 0, v);
}

/** A sorted, duplicate-free copy (sets handed to us by callers may be in any order). */
export function normalizeSet(s: readonly ConfigScalar[]): ConfigSet {
  const out: ConfigSet = [];
  for (const v of s) setInsert(out, v);
  return out;
}

export function setErase(s: ConfigSet, v: ConfigScalar): void {
  const i = s.findIndex((x) => scalarsEqual(x, v));
  if (i >= 0) s.splice(i, 1);
}

/** Removes empty sets and dicts, recursively (libsession `prune_`); the top level may end empty. */
export function pruneDict(d: ConfigDict): void {
  for (const [k, v] of [...d]) {
    if (isScalar(v)) continue;
    if (isDict(v)) pruneDict(v);
    if ((isSet(v) && v.length === 0) || (isDict(v) && v.size === 0)) d.delete(k);
  }
}

export function parseScalar(v: BencodeValue): ConfigScalar {
  if (typeof v === 'bigint') {
    if (v < INT64_MIN || v > INT64_MAX) throw new ConfigParseFailure('integer outside int64');
    return v;
  }
  if (v instanceof Uint8Array) return v;
  throw new ConfigParseFailure('expected an int or a string');
}

/** Strictly ascending scalars (libsession `check_scalar_order` / `parse_data(set&)`). */
export function parseSortedScalars(list: readonly BencodeValue[], what: string): ConfigSet {
  const out: ConfigSet = [];
  for (const item of list) {
    const s = parseScalar(item);
    const prev = out[out.length - 1];
    if (prev !== undefined && compareScalars(prev, s) >= 0)
      throw new ConfigParseFailure(`${what}: unsorted or duplicate set elements`);
    out.push(s);
  }
  return out;
}

/** A decoded bencode dict, typed (`instanceof Map` alone narrows to `Map<any, any>`). */
export function bdict(v: BencodeValue | undefined): ReadonlyMap<string, BencodeValue> | undefined {
  return v instanceof Map ? (v as ReadonlyMap<string, BencodeValue>) : undefined;
}

/** `parse_data`: validates and converts a decoded `&` dict. */
export function parseData(value: BencodeValue, topLevel = true): ConfigDict {
  const v = bdict(value);
  if (v === undefined) throw new ConfigParseFailure('data must be a dict');
  if (!topLevel && v.size === 0) throw new ConfigParseFailure('data contains an unpruned, empty dict');
  const out: ConfigDict = new Map();
  for (const [k, x] of v) {
    if (bdict(x)) out.set(k, parseData(x, false));
    else if (Array.isArray(x)) {
      if (x.length === 0) throw new ConfigParseFailure('data contains an unpruned, empty set');
      out.set(k, parseSortedScalars(x as readonly BencodeValue[], 'data'));
    } else out.set(k, parseScalar(x));
  }
  return out;
}

/** Our structures are already bencode-shaped: sets are lists, dicts are maps. */
export function dataToBencode(d: ConfigDict): ReadonlyMap<string, BencodeValue> {
  return d;
}
