import { describe, expect, it } from 'vitest';
import { NODE_CLOCK_FRESH_MS, NODE_CLOCKS_KEPT, NodeClocks } from '../../../src/main/network/node-clocks';

describe('node clocks', () => {
  it("gives a node's time while its measure is fresh, then forgets it", () => {
    const c = new NodeClocks();
    c.record('a', -300_000, 1_000); // the node runs 5 minutes ahead of us
    expect(c.nowOf('a', 2_000)).toBe(302_000);
    expect(c.nowOf('a', 1_000 + NODE_CLOCK_FRESH_MS)).toBeUndefined();
    expect(c.nowOf('b', 2_000)).toBeUndefined();
    c.forget('a');
    expect(c.measuredAt('a')).toBeUndefined();
  });

  it('keeps the most recently heard nodes only', () => {
    const c = new NodeClocks();
    for (let i = 0; i <= NODE_CLOCKS_KEPT; i++) c.record(`n${i}`, 0, i);
    c.record('n1', 0, 10_000); // heard again: now the newest
    c.record('extra', 0, 10_001);
    expect(c.measuredAt('n0')).toBeUndefined();
    expect(c.measuredAt('n2')).toBeUndefined();
    expect(c.measuredAt('n1')).toBe(10_000);
    expect(c.measuredAt(`n${NODE_CLOCKS_KEPT}`)).toBe(NODE_CLOCKS_KEPT);
    c.clear();
    expect(c.measuredAt('n1')).toBeUndefined();
  });
});
