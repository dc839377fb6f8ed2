/** Retry policy of the outbox: quick first retries, then slower, then "failed" with Resend. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseMs: 1_000, maxMs: 60_000 };

/** Delay before attempt `attempts + 1`, doubling from `baseMs`, capped, with ±20 % jitter. */
export function retryDelay(
  policy: RetryPolicy,
  attempts: number,
  random: () => number = Math.random,
): number {
  const raw = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts));
  return Math.round(raw * (0.8 + 0.4 * random()));
}
