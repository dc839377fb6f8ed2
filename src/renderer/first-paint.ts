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

/** `run` once, however many times the result is called (StrictMode runs a mount's effects twice in development). */
export function once(run: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    run();
  };
}
