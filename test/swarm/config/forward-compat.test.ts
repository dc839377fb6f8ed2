/** Unknown keys written by a newer client survive our merges, edits and pushes. */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { utf8 } from '../../../src/crypto/bytes';
import { sodiumReady } from '../../../src/crypto/sodium';
import { bencode } from '../../../src/onion/bencode';
import type { BencodeInput } from '../../../src/onion/bencode';
import {
  Contacts,
  parseConfigMessage,
  sealConfigMessage,
  unwrapConfig,
  UserProfile,
  decryptConfig,
  openConfigPlaintext,
} from '../../../src/swarm/config';
import { valuesEqual } from '../../../src/swarm/config/data';
import type { ConfigValue } from '../../../src/swarm/config/data';
import { secretKeyFromSeedHex, UPSTREAM_SEED } from './helpers';

beforeAll(async () => {
  await sodiumReady();
});
const sk = () => secretKeyFromSeedHex(UPSTREAM_SEED);
const BOB = '05' + 'ab'.repeat(32);

/** A message as a newer client would write it, sealed for `domain` (not wrapped: also accepted). */
function futureMessage(
  domain: string,
  data: Map<string, BencodeInput>,
  extraTop: Map<string, BencodeInput>,
): Uint8Array {
  const outer = new Map<string, BencodeInput>(extraTop);
  outer.set('#', 1n);
  outer.set('&', data);
  outer.set('<', []);
  outer.set('=', new Map());
  return sealConfigMessage(bencode(outer), sk().subarray(0, 32), domain);
}

function openPush(domain: string, kind: 1 | 2, data: Uint8Array) {
  const inner = unwrapConfig(sk(), data, kind);
  if (!inner.ok) throw new Error(inner.error);
  const dec = decryptConfig(inner.value, sk().subarray(0, 32), domain);
  if (!dec.ok) throw new Error(dec.error.kind);
  const plain = openConfigPlaintext(dec.value);
  if (!plain.ok) throw new Error(plain.error.kind);
  const msg = parseConfigMessage(plain.value);
  if (!msg.ok) throw new Error(msg.error.reason);
  return msg.value;
}

describe('forward compatibility', () => {
  it('keeps unknown top-level and data keys through merge → edit → push', () => {
    const extraTop = new Map<string, BencodeInput>([
      ['$', utf8('future-between-#-and-&')],
      ['_', new Map([['v', 2n]])],
    ]);
    const data = new Map<string, BencodeInput>([
      ['n', 'Old'],
      ['t', 1_700_000_000n],
      ['X', new Map([['deep', [1n, 2n, utf8('s')]]])],
    ]);
    const p = UserProfile.create(sk());
    expect(p.merge([{ hash: 'f1', data: futureMessage('UserProfile', data, extraTop) }])).toEqual(['f1']);
    expect(p.name).toBe('Old');
    p.setName('New');
    const pushed = openPush('UserProfile', 1, p.push().data);
    expect(pushed.seqno).toBe(2);
    expect(pushed.unknown.get('$')).toEqual(utf8('future-between-#-and-&'));
    expect(pushed.unknown.has('_')).toBe(true);
    expect(pushed.data.get('t')).toBe(1_700_000_000n);
    expect(pushed.data.get('X')).toEqual(new Map([['deep', [1n, 2n, utf8('s')]]]));
  });

  it('keeps unknown per-contact keys when the contact is edited', () => {
    const key = String.fromCharCode(...Array.from({ length: 33 }, (_, i) => (i === 0 ? 5 : 0xab)));
    const data = new Map<string, BencodeInput>([
      [
        'c',
        new Map([
          [
            key,
            new Map<string, BencodeInput>([
              ['n', 'Bob'],
              ['t', 42n],
              ['f', 7n],
            ]),
          ],
        ]),
      ],
    ]);
    const c = Contacts.create(sk());
    c.merge([{ hash: 'f', data: futureMessage('Contacts', data, new Map()) }]);
    c.update(BOB, { nickname: 'Bobby', approved: true });
    const pushed = openPush('Contacts', 2, c.push().data);
    const entry = (pushed.data.get('c') as Map<string, ConfigValue>).get(key) as Map<string, ConfigValue>;
    expect(entry.get('t')).toBe(42n);
    expect(entry.get('f')).toBe(7n);
    expect(entry.get('N')).toEqual(utf8('Bobby'));
    expect(entry.get('a')).toBe(1n);
  });

  it('random unknown data survives a round trip through another device', () => {
    const leaf: fc.Arbitrary<ConfigValue> = fc.oneof(
      fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
      fc.uint8Array({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('X', 'Y', 'k', 'zz', 'ü'), leaf, { minKeys: 1 }), (extra) => {
        const a = UserProfile.create(sk());
        for (const [k, v] of Object.entries(extra)) a.setValue([k], v);
        a.setName('A');
        const b = UserProfile.create(sk());
        b.merge([{ hash: 'h', data: a.push().data }]);
        b.setName('B');
        const c = UserProfile.create(sk());
        c.merge([{ hash: 'h2', data: b.push().data }]);
        for (const [k, v] of Object.entries(extra)) {
          const got = c.getValue([k]);
          expect(got !== undefined && valuesEqual(got, v)).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });
});
