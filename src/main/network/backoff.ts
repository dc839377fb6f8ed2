/** Abortable sleeps and back-off delays for the I/O loops (seed retries, offline recovery). */

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Exponential back-off: min · factor^attempt, capped (attempt counts from 0). */
export function backoffDelay(attempt: number, minMs: number, maxMs: number, factor = 2): number {
  return Math.min(maxMs, minMs * factor ** Math.max(0, attempt));
}
