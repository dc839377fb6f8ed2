/**
 * The local "dump" of a config object (never on the wire), sync-groups-communities.md §1.4.
 *
 * Upstream facts (libsession-util `src/config/base.cpp` `make_dump`/`init` @ 8762e9d;
 * `tests/test_config_userprofile.cpp` shows the exact bytes): a bencoded dict
 *   `!` state (0 clean, 1 dirty, 2 waiting), `$` the serialized current message (unsigned),
 *   `(` current server hash (string, may be empty), `)` list of old hashes (sorted, a std::set),
 *   `+` subclass extra data (an empty dict for the user configs).
 * A dirty dump is reloaded as a mutable message, which increments the seqno ("wastes" one
 * seqno, upstream's choice: robust if the push had in fact happened before we were killed).
 */
import { bdecode, bencode } from '../../onion/bencode';
import type { BencodeValue } from '../../onion/bencode';
import { fromUtf8, utf8 } from '../../crypto/bytes';
import { bdict, compareBytes } from './data';

export type ConfigState = 'clean' | 'dirty' | 'waiting';
const STATE_CODES: readonly ConfigState[] = ['clean', 'dirty', 'waiting'];

export interface DumpFields {
  readonly state: ConfigState;
  readonly serialized: Uint8Array;
  readonly currentHash: string;
  readonly oldHashes: readonly string[];
}

export type DumpError = { readonly kind: 'bad-dump'; readonly reason: string };

export function sortHashes(hashes: Iterable<string>): string[] {
  return [...hashes].map(utf8).sort(compareBytes).map(fromUtf8);
}

export function encodeDump(fields: DumpFields): Uint8Array {
  return bencode(
    new Map<string, BencodeValue>([
      ['!', BigInt(STATE_CODES.indexOf(fields.state))],
      ['$', fields.serialized],
      ['(', utf8(fields.currentHash)],
      [')', sortHashes(fields.oldHashes).map(utf8)],
      ['+', new Map()],
    ]),
  );
}

function text(v: BencodeValue | undefined): string | undefined {
  if (!(v instanceof Uint8Array)) return undefined;
  try {
    return fromUtf8(v);
  } catch {
    return undefined;
  }
}

export function decodeDump(
  dump: Uint8Array,
): { ok: true; value: DumpFields } | { ok: false; error: DumpError } {
  const fail = (reason: string) => ({ ok: false as const, error: { kind: 'bad-dump' as const, reason } });
  const decoded = bdecode(dump);
  const d = decoded.ok ? bdict(decoded.value) : undefined;
  if (d === undefined) return fail('not a bencoded dict');
  const stateCode = d.get('!');
  const state = typeof stateCode === 'bigint' ? STATE_CODES[Number(stateCode)] : undefined;
  if (state === undefined || (typeof stateCode === 'bigint' && (stateCode < 0n || stateCode > 2n)))
    return fail('missing or unknown "!" state');
  const serialized = d.get('$');
  if (!(serialized instanceof Uint8Array)) return fail('missing "$" data');
  let currentHash = '';
  const oldHashes: string[] = [];
  if (d.has('(')) {
    const h = text(d.get('('));
    const old = d.get(')');
    if (h === undefined || !Array.isArray(old)) return fail('bad "(" / ")" hashes');
    currentHash = h;
    for (const o of old as readonly BencodeValue[]) {
      const t = text(o);
      if (t === undefined) return fail('bad old hash');
      oldHashes.push(t);
    }
  }
  return { ok: true, value: { state, serialized, currentHash, oldHashes } };
}
