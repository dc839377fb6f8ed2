import { describe, expect, it } from 'vitest';
import {
  afterFirstScreenSettled,
  afterNextPaint,
  FIRST_SCREEN_SETTLE_MS,
  once,
} from '../../src/renderer/first-paint';

/** Hand-driven frames and timers: `tasks` are kept with their delay, run in the order asked. */
function clock() {
  const frames: (() => void)[] = [];
  const tasks: { run: () => void; ms: number }[] = [];
  return {
    frames,
    tasks,
    frame: (run: () => void) => frames.push(run),
    later: (run: () => void, ms: number) => tasks.push({ run, ms }),
    runTask(ms: number) {
      const i = tasks.findIndex((t) => t.ms === ms);
      const [task] = tasks.splice(i, 1);
      task?.run();
    },
  };
}

describe('afterNextPaint', () => {
  it('waits for a frame and then for the task after it', () => {
    const c = clock();
    let painted = 0;
    afterNextPaint(() => (painted += 1), c.frame, c.later);
    // Nothing before the frame: the first render's commit and paint come first.
    expect(c.tasks.map((t) => t.ms)).toEqual([1_000]);
    expect(painted).toBe(0);
    c.frames.shift()?.();
    // Not inside the frame's callback either (the frame is produced after it).
    expect(painted).toBe(0);
    c.runTask(0);
    expect(painted).toBe(1);
    // The fallback, later, does not call it again.
    c.runTask(1_000);
    expect(painted).toBe(1);
  });

  it('does not wait for ever on a page that makes no frames (a background tab)', () => {
    const c = clock();
    let painted = 0;
    afterNextPaint(() => (painted += 1), c.frame, c.later, 1_000);
    c.runTask(1_000);
    expect(painted).toBe(1);
    // The frame, when the page is shown at last, does not call it again.
    c.frames.shift()?.();
    c.runTask(0);
    expect(painted).toBe(1);
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

describe('afterFirstScreenSettled', () => {
  it('waits FIRST_SCREEN_SETTLE_MS after the first frame before the deferred work', () => {
    const c = clock();
    let ran = 0;
    afterFirstScreenSettled(() => (ran += 1), c.later);
    // Not in the task after the frame, when the user first sees the screen.
    expect(ran).toBe(0);
    expect(c.tasks.map((t) => t.ms)).toEqual([FIRST_SCREEN_SETTLE_MS]);
    expect(FIRST_SCREEN_SETTLE_MS).toBeGreaterThanOrEqual(300);
    c.runTask(FIRST_SCREEN_SETTLE_MS);
    expect(ran).toBe(1);
  });
});
