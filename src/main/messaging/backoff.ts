/** Retry policy of the outbox: quick first retries, then slower, then "failed" with Resend. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseMs: number;
  readonly maxMs: number;
  readonly offlineRetryMs: number;
}

/**
 * Ten attempts span about four minutes of a reachable but failing network (1+2+4+…+60 s)
 * before "failed"; an outage (no path at all) is waited out without counting, every
 * `offlineRetryMs`, so what was queued offline leaves once we are back.
 */
export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 10,
  baseMs: 1_000,
  maxMs: 60_000,
  offlineRetryMs: 5_000,
};

/** Delay before attempt `attempts + 1`, doubling from `baseMs`, capped, with ±20 % jitter. */
export function retryDelay(
  policy: RetryPolicy,
  attempts: number,
  random: () => number = Math.random,
): number {
  const raw = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts));
  return Math.round(raw * (0.8 + 0.4 * random()));
}
