/**
 * Config diffs (the `=` dict and the diffs of the `<` list), sync-groups-communities.md §1.4.
 *
 * Upstream facts (libsession-util `src/config.cpp` @ 8762e9d: `diff_impl`, `load_diff`,
 * `apply_diff`):
 * - a diff value is `""` (set or changed: the value is read from the *source message's data*),
 *   `"-"` (removed), a nested diff dict (changes inside a dict), or `[[added…], [removed…]]`
 *   (changes to a set; each list strictly sorted, ints before strings);
 * - a removed dict becomes a nested diff removing each of its keys, a removed set the list of
 *   all its elements as removals; a value whose kind (scalar/set/dict) changes is diffed as new;
 * - applying: if the source no longer holds the key, or holds a value of another kind than the
 *   diff says, the key is erased (a later diff will set it again), so that a sequence
 *   dict → 42 → dict ends with only the second dict. Set additions come from the diff itself.
 */
import type { BencodeValue } from '../../onion/bencode';
import {
  bdict,
  ConfigParseFailure,
  isDict,
  isScalar,
  isSet,
  parseSortedScalars,
  scalarsEqual,
  setErase,
  setInsert,
} from './data';
import type { ConfigDict, ConfigScalar, ConfigSet } from './data';

export interface SetDiff {
  readonly added: readonly ConfigScalar[];
  readonly removed: readonly ConfigScalar[];
}
export type DiffValue = 'set' | 'del' | SetDiff | DiffDict;
export type DiffDict = Map<string, DiffValue>;

const EMPTY = new Uint8Array(0);
const DASH = Uint8Array.of(0x2d);

function isSetDiff(v: DiffValue): v is SetDiff {
  return typeof v === 'object' && !(v instanceof Map);
}

/** `load_diff`: validates a decoded diff dict. Ints (which libsession cannot parse) are refused. */
export function parseDiff(value: BencodeValue): DiffDict {
  const v = bdict(value);
  if (v === undefined) throw new ConfigParseFailure('diff must be a dict');
  const out: DiffDict = new Map();
  for (const [k, x] of v) {
    if (x instanceof Uint8Array) {
      if (x.length === 0) out.set(k, 'set');
      else if (x.length === 1 && x[0] === 0x2d) out.set(k, 'del');
      else throw new ConfigParseFailure('diff string must be "" or "-"');
    } else if (Array.isArray(x)) {
      const pair = x as readonly BencodeValue[];
      const [added, removed] = pair;
      if (pair.length !== 2 || !Array.isArray(added) || !Array.isArray(removed))
        throw new ConfigParseFailure('set diff must be a pair of lists');
      // Stricter than upstream, which checks element types only between neighbours (a lone
      // non-scalar would later throw while merging): every element must be a scalar.
      out.set(k, {
        added: parseSortedScalars(added as readonly BencodeValue[], 'set diff'),
        removed: parseSortedScalars(removed as readonly BencodeValue[], 'set diff'),
      });
    } else if (bdict(x)) out.set(k, parseDiff(x));
    else throw new ConfigParseFailure('diff values must be strings, lists or dicts');
  }
  return out;
}

export function diffToBencode(d: DiffDict): Map<string, BencodeValue> {
  const out = new Map<string, BencodeValue>();
  for (const [k, v] of d) {
    if (v === 'set') out.set(k, EMPTY);
    else if (v === 'del') out.set(k, DASH);
    else if (v instanceof Map) out.set(k, diffToBencode(v));
    else out.set(k, [[...v.added], [...v.removed]]);
  }
  return out;
}

function diffSets(oldSet: ConfigSet, newSet: ConfigSet): SetDiff | undefined {
  const added = newSet.filter((x) => !oldSet.some((y) => scalarsEqual(x, y)));
  const removed = oldSet.filter((x) => !newSet.some((y) => scalarsEqual(x, y)));
  if (added.length === 0 && removed.length === 0) return undefined;
  return { added, removed };
}

function kindOf(v: ConfigScalar | ConfigSet | ConfigDict): 0 | 1 | 2 {
  return isScalar(v) ? 0 : isSet(v) ? 1 : 2;
}

/** `diff_impl(dict, dict)`: what changed from `oldData` to `newData` (undefined if nothing). */
export function diffDicts(oldData: ConfigDict, newData: ConfigDict): DiffDict | undefined {
  const out: DiffDict = new Map();
  for (const [k, o] of oldData) {
    const n = newData.get(k);
    if (n !== undefined && kindOf(o) === kindOf(n)) {
      if (isScalar(o)) {
        if (!scalarsEqual(o, n as ConfigScalar)) out.set(k, 'set');
      } else if (isSet(o)) {
        const sd = diffSets(o, n as ConfigSet);
        if (sd) out.set(k, sd);
      } else {
        const dd = diffDicts(o, n as ConfigDict);
        if (dd) out.set(k, dd);
      }
    } else if (n === undefined) {
      // Removed: a dict becomes removals of its content, a set the removal of its elements.
      if (isDict(o)) out.set(k, diffDicts(o, new Map()) ?? new Map());
      else if (isSet(o)) out.set(k, diffSets(o, []) ?? { added: [], removed: [] });
      else out.set(k, 'del');
    }
  }
  for (const [k, n] of newData) {
    const o = oldData.get(k);
    if (o !== undefined && kindOf(o) === kindOf(n)) continue;
    // New key, or the kind changed (diffed as new, which erases the old value when applied).
    if (isDict(n)) out.set(k, diffDicts(new Map(), n) ?? new Map());
    else if (isSet(n)) out.set(k, diffSets([], n) ?? { added: [], removed: [] });
    else out.set(k, 'set');
  }
  if (out.size === 0) return undefined;
  // Map iteration order is irrelevant to the bytes (bencode sorts keys), kept tidy anyway.
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `apply_diff`: applies `diff` to `data`, reading set values from `source`. Does not prune. */
export function applyDiff(data: ConfigDict, diff: DiffDict, source: ConfigDict): void {
  for (const [k, d] of diff) {
    const src = source.get(k);
    const kindMatches =
      src !== undefined &&
      ((typeof d === 'string' && isScalar(src)) ||
        (d instanceof Map && isDict(src)) ||
        (isSetDiff(d) && isSet(src)));
    if (src === undefined || !kindMatches) {
      data.delete(k);
      continue;
    }
    if (d === 'del') data.delete(k);
    else if (d === 'set') data.set(k, src);
    else if (d instanceof Map) {
      let sub = data.get(k);
      if (sub === undefined || !isDict(sub)) {
        sub = new Map();
        data.set(k, sub);
      }
      applyDiff(sub, d, src as ConfigDict);
    } else {
      let set = data.get(k);
      if (set === undefined || !isSet(set)) {
        set = [];
        data.set(k, set);
      }
      for (const a of d.added) setInsert(set, a);
      for (const r of d.removed) setErase(set, r);
    }
  }
}
