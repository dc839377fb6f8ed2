import { describe, expect, it } from 'vitest';
import { afterNextPaint, once } from '../../src/renderer/first-paint';

describe('afterNextPaint', () => {
  it('waits for a frame and then for the task after it', () => {
    const frames: (() => void)[] = [];
    const tasks: (() => void)[] = [];
    const order: string[] = [];
    afterNextPaint(
      () => order.push('painted'),
      (callback) => frames.push(callback),
      (callback) => tasks.push(callback),
    );
    // Nothing before the frame: the first render's commit and paint come first.
    expect(order).toEqual([]);
    expect(tasks).toHaveLength(0);
    frames.shift()?.();
    // Not inside the frame's callback either (the frame is produced after it).
    expect(order).toEqual([]);
    tasks.shift()?.();
    expect(order).toEqual(['painted']);
  });
});

describe('once', () => {
  it('runs its function on the first call only', () => {
    let runs = 0;
    const run = once(() => {
      runs += 1;
    });
    run();
    run();
    expect(runs).toBe(1);
  });
});
