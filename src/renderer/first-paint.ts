/**
 * When the first screen is on the glass (issue #15, cold start). `createRoot().render()` only
 * schedules React's work: what was started right after it (the sections' and screens'
 * prefetches, the IPC contract's schemas) was queued before the first render had even run, and
 * a `requestIdleCallback` timeout counted from there fired in the middle of the first frame's
 * commit and effects — under load, before the frame was answered. So they wait for this: a
 * commit (the caller's effect), then a frame (`requestAnimationFrame` runs just before it is
 * produced), then the task after it.
 *
 * A page that is not visible (a tab opened in the background, a window started hidden) makes no
 * frames, and what waits here includes the delivery of held events (the notifications): after
 * `fallbackMs` without a frame, `painted` is called anyway. It is called once either way.
 */
export function afterNextPaint(
  painted: () => void,
  frame: (callback: () => void) => unknown = requestAnimationFrame,
  later: (callback: () => void, ms: number) => unknown = setTimeout,
  fallbackMs = 1_000,
): void {
  const done = once(painted);
  frame(() => {
    later(done, 0);
  });
  later(done, fallbackMs);
}

/**
 * How long after the first screen's frame the deferred work waits (issue #15, cold start): the
 * other screens' and sections' prefetches and the IPC contract's schemas (one ~40 ms evaluation),
 * ~20 chunks fetched, compiled and evaluated. Started in the first idle moment after that frame,
 * they ran exactly while the user first sees the list and may scroll or click, and the next frame
 * waited behind them (a local probe, 10 starts each: the frame after the list visible came
 * ~100 ms later than with them moved out of that moment). A reaction to a new screen takes longer
 * than this; a click sooner than it still works, loading what it needs on demand.
 */
export const FIRST_SCREEN_SETTLE_MS = 400;

/**
 * Calls `run` once the first screen has been on the glass for `FIRST_SCREEN_SETTLE_MS`: for
 * what the first screen does not need, after `afterNextPaint`.
 */
export function afterFirstScreenSettled(
  run: () => void,
  later: (callback: () => void, ms: number) => unknown = setTimeout,
): void {
  later(run, FIRST_SCREEN_SETTLE_MS);
}

/** `run` once, however many times the result is called (StrictMode runs a mount's effects twice in development). */
export function once(run: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    run();
  };
}
