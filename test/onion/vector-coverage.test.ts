import { describe, expect, it } from 'vitest';
import { COVERED_VECTOR_IDS, allVectorIds } from './helpers';

describe('network.json coverage', () => {
  it('every vector in network.json is exercised by test/onion or test/swarm', () => {
    expect(allVectorIds.length).toBe(10);
    expect([...allVectorIds].sort()).toEqual([...COVERED_VECTOR_IDS].sort());
  });
});
