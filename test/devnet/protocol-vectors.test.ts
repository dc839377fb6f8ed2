/**
 * devnet's own server-side protocol code against the known-answer vectors of test/vectors/.
 * The client's src/swarm is checked against the same vectors in test/swarm: both sides meet the
 * same external facts without either being the other's reference.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fromHex } from '../../src/crypto/bytes';
import { sodium, sodiumReady } from '../../src/crypto/sodium';
import { isMessageHash, messageHash } from '../../devnet/rpc/message-hash';
import {
  isNamespaceInRange,
  isNoAuthRetrieve,
  isPublicInbox,
  isPublicOutbox,
  namespaceText,
} from '../../devnet/rpc/namespace-rules';
import { nodeSignature, sigMessage, verifyDetached } from '../../devnet/rpc/signatures';
import { pickSwarm, swarmIdHex, swarmSpacePosition } from '../../devnet/swarm-space';
import { INVALID_SWARM_ID } from '../../devnet/types';
import { vector } from './helpers';

beforeAll(async () => {
  await sodiumReady();
});

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const record = (v: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries(typeof v === 'object' && v !== null ? v : {}).map(([k, x]) => [k, String(x)]),
  );

describe('devnet message hash (storage_message_hash_ns0)', () => {
  it('hashes prefix ‖ key ‖ namespace text ‖ data to the server unit test value', () => {
    const v = vector('storage_message_hash_ns0');
    const hash = messageHash(
      fromHex(String(v.inputs.pubkey)),
      Number(v.inputs.namespace),
      new Uint8Array(Buffer.from(String(v.inputs.data_base64), 'base64')),
    );
    expect(hash).toBe(v.expected.hash);
    expect(hash).toHaveLength(Number(v.expected.hash_length));
    expect(isMessageHash(hash)).toBe(true);
  });

  it('puts a non-zero namespace in as decimal text (changes the hash), 0 as nothing', () => {
    const v = vector('storage_message_hash_ns0');
    const pk = fromHex(String(v.inputs.pubkey));
    const data = new Uint8Array([1, 2, 3]);
    const byHand = (ns: string): string =>
      Buffer.from(sodium().crypto_generichash(32, Buffer.concat([pk, Buffer.from(ns), data]), null))
        .toString('base64')
        .replace(/=+$/, '');
    expect(messageHash(pk, 0, data)).toBe(byHand(''));
    expect(messageHash(pk, -11, data)).toBe(byHand('-11'));
    expect(messageHash(pk, 3, data)).not.toBe(messageHash(pk, 0, data));
  });

  it('accepts only 43 standard-base64 characters as a hash', () => {
    expect(isMessageHash('A'.repeat(43))).toBe(true);
    for (const bad of [
      'A'.repeat(42),
      'A'.repeat(44),
      `${'A'.repeat(42)}=`,
      `${'A'.repeat(42)}-`,
      `${'A'.repeat(42)}_`,
    ])
      expect(isMessageHash(bad)).toBe(false);
  });
});

describe('devnet swarm space (swarm_space_mapping, swarm_selection)', () => {
  it('maps each pubkey to the position of the server unit test', () => {
    const v = vector('swarm_space_mapping');
    const positions = strings(v.inputs.pubkeys).map((pk) => swarmSpacePosition(fromHex(pk)).toString());
    expect(positions).toEqual(strings(v.expected.swarm_space_decimal));
  });

  it('picks the swarm of the server unit test (nearest, ties to the predecessor, wrapping)', () => {
    const v = vector('swarm_selection');
    const ids = strings(v.inputs.swarm_ids).map((s) => BigInt(s));
    const picked = strings(v.inputs.pubkeys).map((pk) => String(pickSwarm(ids, fromHex(pk))));
    expect(picked).toEqual(strings(v.expected.swarm_id));
  });

  it('ignores the reserved id and the order of the list; no swarm → undefined', () => {
    const v = vector('swarm_selection');
    const ids = strings(v.inputs.swarm_ids).map((s) => BigInt(s));
    const pk = fromHex(strings(v.inputs.pubkeys)[3] ?? '');
    expect(pickSwarm([INVALID_SWARM_ID, ...[...ids].reverse()], pk)).toBe(pickSwarm(ids, pk));
    expect(pickSwarm([], pk)).toBeUndefined();
    expect(pickSwarm([INVALID_SWARM_ID], pk)).toBeUndefined();
    expect(swarmIdHex(0xabcn)).toBe('abc');
  });
});

describe('devnet signatures (storage_request_signatures_user)', () => {
  const v = vector('storage_request_signatures_user');
  const ts = Number(v.inputs.timestamp_ms);
  const expected = record(v.inputs.strings_utf8);
  const sigs = record(v.expected.signature_base64);
  const edPub = fromHex(String(v.expected.ed25519_pub_hex));
  const hashes = ['hash4321', 'hash4221'];

  // The parts each devnet handler passes to sigMessage, in the server's order (network.md §3.5).
  const built = (): Record<string, string> => ({
    retrieve_ns0: sigMessage('retrieve', namespaceText(0), ts),
    retrieve_ns2: sigMessage('retrieve', namespaceText(2), ts),
    store_ns3: sigMessage('store', namespaceText(3), ts),
    delete_all_all: sigMessage('delete_all', namespaceText('all'), ts),
    delete_hashes: sigMessage('delete', hashes),
    expire_extend: sigMessage('expire', 'extend', [ts + 86_400_000], hashes),
    get_expiries: sigMessage('get_expiries', ts, hashes),
  });

  it('builds the exact signed strings of the reference', () => {
    expect(built()).toEqual(expected);
  });

  it('verifies every reference signature over its string, and refuses any other', () => {
    for (const [name, text] of Object.entries(expected)) {
      const sig = sigs[name] ?? '';
      expect(verifyDetached(text, sig, edPub), name).toBe(true);
      expect(verifyDetached(`${text}0`, sig, edPub), name).toBe(false);
      const flipped = Buffer.from(sig, 'base64');
      flipped[10] = (flipped[10] ?? 0) ^ 1;
      expect(verifyDetached(text, flipped.toString('base64'), edPub), name).toBe(false);
    }
    // A signature that is not 64 bytes, or a key that is not a point, is a refusal, not a crash.
    expect(verifyDetached(expected.retrieve_ns0 ?? '', 'AAAA', edPub)).toBe(false);
    expect(
      verifyDetached(expected.retrieve_ns0 ?? '', sigs.retrieve_ns0 ?? '', new Uint8Array(32).fill(0xff)),
    ).toBe(false);
  });

  it("signs its own answers with the node key, in padded base64 the client's check accepts", () => {
    const seed = fromHex(String(v.inputs.ed25519_seed_hex));
    const kp = sodium().crypto_sign_seed_keypair(seed);
    const sig = nodeSignature(kp.privateKey, 'retrieve', ts);
    expect(sig).toBe(sigs.retrieve_ns0);
    expect(sig).toHaveLength(88);
  });
});

describe('devnet namespace rules (oxenss namespace.h)', () => {
  it('public inboxes are the multiples of 10', () => {
    for (const ns of [0, 10, 400, -1230]) expect(isPublicInbox(ns), String(ns)).toBe(true);
    for (const ns of [2, 3, 4, 5, 11, -11, -1]) expect(isPublicInbox(ns), String(ns)).toBe(false);
  });

  it('public outboxes are −(20n+1); only they and −10 are read without a signature', () => {
    for (const ns of [-1, -21, -981]) {
      expect(isPublicOutbox(ns), String(ns)).toBe(true);
      expect(isNoAuthRetrieve(ns), String(ns)).toBe(true);
    }
    for (const ns of [1, 21, -11, -20, -2, 0]) expect(isPublicOutbox(ns), String(ns)).toBe(false);
    expect(isNoAuthRetrieve(-10)).toBe(true);
    for (const ns of [0, 2, 11, -11]) expect(isNoAuthRetrieve(ns), String(ns)).toBe(false);
  });

  it('namespaces are 16-bit signed integers; 0 signs as nothing, others as decimal', () => {
    expect([-32768, 0, 32767].every(isNamespaceInRange)).toBe(true);
    expect([-32769, 32768, 1.5, Number.NaN].some(isNamespaceInRange)).toBe(false);
    expect([namespaceText(0), namespaceText(-11), namespaceText(13), namespaceText('all')]).toEqual([
      '',
      '-11',
      '13',
      'all',
    ]);
  });
});
