/** Retry policy of the outbox: quick retries inside a 60 s window, then "failed" with Resend. */
export interface RetryPolicy {
  /**
   * A message not accepted this long after its first try is failed, and waits for the user's
   * Resend (Session's users expect a verdict within a minute, online or not).
   */
  readonly failAfterMs: number;
  readonly baseMs: number;
  /** The longest wait between two tries of a control message (they never fail). */
  readonly maxMs: number;
  /** How often an outage (no path at all) is probed inside that minute (uses no attempt). */
  readonly offlineRetryMs: number;
}

/**
 * Against a reachable but failing network, a message gets about six tries (1+2+4+8+16+… s)
 * within its 60 s; while the app knows it is offline (shown as "waiting for network") the
 * network is probed every 5 s inside the same minute.
 */
export const DEFAULT_RETRY: RetryPolicy = {
  failAfterMs: 60_000,
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
