/** Plaintext framing, wrapper variants, merge rules and malformed messages. */
import { beforeAll, describe, expect, it } from 'vitest';
import { concatBytes, utf8 } from '../../../src/crypto/bytes';
import { sodiumReady } from '../../../src/crypto/sodium';
import { bencode } from '../../../src/onion/bencode';
import type { BencodeInput } from '../../../src/onion/bencode';
import {
  encryptConfig,
  mergeConfigMessages,
  openConfigPlaintext,
  parseConfigMessage,
  sealConfigMessage,
  UserProfile,
  wrapConfig,
} from '../../../src/swarm/config';
import { secretKeyFromSeedHex, UPSTREAM_SEED } from './helpers';

beforeAll(async () => {
  await sodiumReady();
});
const sk = () => secretKeyFromSeedHex(UPSTREAM_SEED);
const seal = (plain: Uint8Array) => sealConfigMessage(plain, sk().subarray(0, 32), 'UserProfile');

function msg(
  seqno: number,
  data: Map<string, BencodeInput>,
  extra: [string, BencodeInput][] = [],
): Uint8Array {
  return bencode(
    new Map<string, BencodeInput>([['#', BigInt(seqno)], ['&', data], ['<', []], ['=', new Map()], ...extra]),
  );
}

/** A zstd frame holding `data` in one raw block (RFC 8878 §3.1.1), no compressor needed. */
function zstdRawFrame(data: Uint8Array): Uint8Array {
  const header = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x20, data.length); // single segment, 1-byte size
  const bh = (data.length << 3) | 1; // last block, raw
  return concatBytes(header, Uint8Array.of(bh & 0xff, (bh >> 8) & 0xff, (bh >> 16) & 0xff), data);
}

describe('plaintext framing', () => {
  it('strips leading NULs and decompresses a z-prefixed message', () => {
    const m = msg(1, new Map([['n', 'Zed']]));
    const z = concatBytes(Uint8Array.of(0, 0, 0, 0x7a), zstdRawFrame(m));
    expect(openConfigPlaintext(z)).toEqual({ ok: true, value: m });
    const p = UserProfile.create(sk());
    expect(p.merge([{ hash: 'z', data: seal(concatBytes(utf8('z'), zstdRawFrame(m))) }])).toEqual(['z']);
    expect(p.name).toBe('Zed');
  });

  it('refuses a zstd header that claims a huge window, multipart parts and empty plaintexts', () => {
    const bomb = Uint8Array.of(0x7a, 0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xf8, 0, 0, 0);
    expect(openConfigPlaintext(bomb)).toEqual({ ok: false, error: { kind: 'bad-zstd' } });
    expect(openConfigPlaintext(utf8('mlxxe'))).toEqual({
      ok: false,
      error: { kind: 'multipart-unsupported' },
    });
    expect(openConfigPlaintext(new Uint8Array(5))).toEqual({ ok: false, error: { kind: 'empty' } });
  });

  it('skips messages it cannot decrypt or open, and returns only parsed hashes', () => {
    const p = UserProfile.create(sk());
    const good = seal(msg(1, new Map([['n', 'A']])));
    const wrongDomain = sealConfigMessage(msg(1, new Map()), sk().subarray(0, 32), 'Contacts');
    const future = seal(msg(3, new Map(), [['!', 1n]])); // key before "#": future major version
    const garbage = seal(utf8('hello'));
    expect(
      p.merge([
        { hash: 'good', data: good },
        { hash: 'domain', data: wrongDomain },
        { hash: 'future', data: future },
        { hash: 'garbage', data: garbage },
      ]),
    ).toEqual(['good']);
    // Unparsed messages are not marked obsolete: a newer client may understand them.
    p.setName('B');
    expect(p.push().obsoleteHashes).toEqual(['good']);
  });
});

describe('protobuf wrapper', () => {
  it('accepts raw, wrapped and double-wrapped messages, and refuses the wrong kind', () => {
    const raw = seal(msg(1, new Map([['n', 'W']])));
    const once = wrapConfig(sk(), 1, 1, raw);
    const twice = wrapConfig(sk(), 1, 1, once);
    for (const data of [raw, once, twice]) {
      const p = UserProfile.create(sk());
      expect(p.merge([{ hash: 'h', data }])).toEqual(['h']);
      expect(p.name).toBe('W');
    }
    const p = UserProfile.create(sk());
    expect(p.merge([{ hash: 'k', data: wrapConfig(sk(), 2, 1, raw) }])).toEqual([]);
    // Someone else's wrapper (other key) is not ours either.
    const other = secretKeyFromSeedHex('11'.repeat(32));
    expect(p.merge([{ hash: 'o', data: wrapConfig(other, 1, 1, raw) }])).toEqual([]);
  });
});

describe('message parsing', () => {
  it('refuses malformed structures', () => {
    const bad: Uint8Array[] = [
      utf8('d1:&dee'), // no seqno
      bencode(new Map<string, BencodeInput>([['#', 1n]])), // no data
      bencode(
        new Map<string, BencodeInput>([
          ['#', 1n],
          ['&', new Map([['s', []]])],
        ]),
      ), // empty set
      bencode(
        new Map<string, BencodeInput>([
          ['#', 1n],
          ['&', new Map([['d', new Map()]])],
        ]),
      ), // empty dict
      bencode(
        new Map<string, BencodeInput>([
          ['#', 1n],
          ['&', new Map([['s', [2n, 1n]]])],
        ]),
      ), // unsorted
      bencode(
        new Map<string, BencodeInput>([
          ['#', 1n],
          ['&', new Map([['s', [utf8('a'), 1n]]])],
        ]),
      ), // str before int
      bencode(
        new Map<string, BencodeInput>([
          ['#', 1n],
          ['&', new Map([['i', 1n << 63n]])],
        ]),
      ), // > int64
      bencode(
        new Map<string, BencodeInput>([
          ['#', 1n],
          ['&', new Map()],
          ['=', new Map([['n', 'x']])],
        ]),
      ), // bad diff
      bencode(
        new Map<string, BencodeInput>([
          ['#', 1n],
          ['&', new Map()],
          ['<', [[1n, new Uint8Array(32), new Map()]]],
        ]),
      ), // lag ≥ seqno
      bencode(
        new Map<string, BencodeInput>([
          ['#', 3n],
          ['&', new Map()],
          ['<', [[2n, new Uint8Array(31), new Map()]]],
        ]),
      ), // short hash
      bencode(
        new Map<string, BencodeInput>([
          ['#', 1n],
          ['&', new Map()],
          ['~', new Uint8Array(10)],
        ]),
      ), // bad signature
      bencode(
        new Map<string, BencodeInput>([
          ['#', 1n],
          ['&', new Map()],
          ['\x7f', 1n],
        ]),
      ), // key after "~"
    ];
    for (const b of bad) expect(parseConfigMessage(b).ok).toBe(false);
  });

  it('drops lagged diffs older than the window and keeps a 64-byte signature out of re-serialization', () => {
    const rows = [1n, 6n].map((s) => [s, new Uint8Array(32).fill(Number(s)), new Map()]);
    const m = parseConfigMessage(
      bencode(
        new Map<string, BencodeInput>([
          ['#', 7n],
          ['&', new Map()],
          ['<', rows],
          ['~', new Uint8Array(64)],
        ]),
      ),
    );
    expect(m.ok && m.value.lagged.map((l) => l.seqno)).toEqual([6]);
  });
});

describe('merge rules', () => {
  const a = msg(5, new Map([['n', 'a']]));
  it('a message listed in another one’s lagged diffs is superseded', () => {
    const pa = parseConfigMessage(a);
    if (!pa.ok) throw new Error();
    const b = bencode(
      new Map<string, BencodeInput>([
        ['#', 6n],
        ['&', new Map([['n', 'b']])],
        ['<', [[5n, pa.value.hash, new Map()]]],
        ['=', new Map([['n', '']])],
      ]),
    );
    const out = mergeConfigMessages([a, b]);
    expect(out?.unmergedIndex).toBe(1);
  });
  it('messages lag or more behind the highest are ignored; duplicates collapse', () => {
    const old = msg(0, new Map([['n', 'old']])); // 0 + lag 5 ≤ 5: too old
    expect(mergeConfigMessages([old, a])?.unmergedIndex).toBe(1);
    expect(mergeConfigMessages([a, a])?.unmergedIndex).toBe(0);
  });
  it('concurrent messages merge into max + 1 from the highest (seqno, hash)', () => {
    const b = msg(
      5,
      new Map<string, BencodeInput>([
        ['n', 'b'],
        ['x', 1n],
      ]),
    );
    const out = mergeConfigMessages([a, b]);
    expect(out?.unmergedIndex).toBe(-1);
    expect(out?.message.seqno).toBe(6);
    expect(out?.message.lagged).toHaveLength(2);
    // Same inputs in the other order: identical merged hash (what lets the server dedup).
    expect(mergeConfigMessages([b, a])?.message.hash).toEqual(out?.message.hash);
    expect(encryptConfig(new Uint8Array(0), new Uint8Array(32), 'UserProfile')).toHaveLength(40);
  });
});
