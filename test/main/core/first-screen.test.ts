import { describe, expect, it } from 'vitest';
import { FirstScreenGate } from '../../../src/main/core/first-screen';

/**
 * The first window's state before the first polls' handling (issue #15, cold start): held only
 * when a window is expected, released a turn after the answer, or by the bound, or on close.
 */
describe('FirstScreenGate', () => {
  const settled = async (p: Promise<void> | undefined): Promise<boolean> => {
    let done = false;
    void p?.then(() => (done = true));
    // Microtasks only: the release after an answer comes in a later turn.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    return done;
  };
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  it('holds nothing when no window is expected', () => {
    const gate = new FirstScreenGate();
    expect(gate.wait()).toBeUndefined();
    gate.markServed();
    gate.expect(10_000);
    // Served before anyone expected a window: nothing to wait for.
    expect(gate.wait()).toBeUndefined();
  });

  it('holds until the first state is answered, and releases a turn later', async () => {
    const gate = new FirstScreenGate();
    gate.expect(10_000);
    const held = gate.wait();
    expect(held).toBeInstanceOf(Promise);
    expect(await settled(held)).toBe(false);
    gate.markServed();
    // The answer leaves in this turn's microtasks, before what waited goes on.
    expect(await settled(held)).toBe(false);
    await nextTurn();
    expect(await settled(held)).toBe(true);
    expect(gate.wait()).toBeUndefined();
  });

  it('releases after the bound when the window never asks', async () => {
    const gate = new FirstScreenGate();
    gate.expect(20);
    const held = gate.wait();
    const started = performance.now();
    await held;
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    expect(gate.wait()).toBeUndefined();
  });

  it('releases at once when opened (the core locks or closes)', async () => {
    const gate = new FirstScreenGate();
    gate.expect(10_000);
    const held = gate.wait();
    gate.open();
    expect(await settled(held)).toBe(true);
    // Later expectations hold nothing: the first screen's moment has passed.
    gate.expect(10_000);
    expect(gate.wait()).toBeUndefined();
  });
});
