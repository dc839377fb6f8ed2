import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  INVALID_SWARM_ID,
  pubkeyToSwarmSpace,
  swarmForPosition,
  swarmForPubkey,
  swarmIdToHex,
} from '../../src/swarm/swarm-space';
import { vector } from '../onion/helpers';

describe('swarm space vectors', () => {
  it('swarm_space_mapping', () => {
    const v = vector('swarm_space_mapping');
    const pubkeys = v.inputs.pubkeys as string[];
    const expected = v.expected.swarm_space_decimal as string[];
    expect(pubkeys.length).toBe(5);
    expect(expected.length).toBe(pubkeys.length);
    pubkeys.forEach((pk, i) => {
      expect(pubkeyToSwarmSpace(pk).toString()).toBe(expected[i]);
    });
  });

  it('swarm_selection', () => {
    const v = vector('swarm_selection');
    const ids = (v.inputs.swarm_ids as number[]).map(BigInt);
    const pubkeys = v.inputs.pubkeys as string[];
    const expected = v.expected.swarm_id as number[];
    expect(pubkeys.length).toBe(12);
    pubkeys.forEach((pk, i) => {
      expect(swarmForPubkey(ids, pk)).toBe(BigInt(expected[i] ?? -1));
    });
    // order of the input ids does not matter
    pubkeys.forEach((pk, i) => {
      expect(swarmForPubkey([...ids].reverse(), pk)).toBe(BigInt(expected[i] ?? -1));
    });
  });
});

describe('swarm selection properties', () => {
  const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 2n });
  it('picks the nearest id with wrapping distance, ties to the predecessor', () => {
    fc.assert(
      fc.property(fc.uniqueArray(u64, { minLength: 2, maxLength: 12 }), u64, (ids, pos) => {
        const chosen = swarmForPosition(ids, pos);
        expect(chosen).toBeDefined();
        const M = (1n << 64n) - 1n;
        const dist = (id: bigint): bigint => {
          const a = (id - pos) & M;
          const b = (pos - id) & M;
          return a < b ? a : b;
        };
        for (const id of ids) expect(dist(chosen as bigint) <= dist(id)).toBe(true);
      }),
    );
  });

  it('single swarm, empty list, invalid id excluded, prefix ignored', () => {
    expect(swarmForPosition([42n], 1n << 63n)).toBe(42n);
    expect(swarmForPosition([], 5n)).toBeUndefined();
    expect(swarmForPosition([INVALID_SWARM_ID, 10n, 20n], INVALID_SWARM_ID)).toBe(10n);
    const body = '11'.repeat(32);
    expect(pubkeyToSwarmSpace(`05${body}`)).toBe(pubkeyToSwarmSpace(`03${body}`));
    expect(() => pubkeyToSwarmSpace('05abcd')).toThrow();
    expect(swarmIdToHex(255n)).toBe('ff');
  });
});
