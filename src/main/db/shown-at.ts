/**
 * The time a message is shown at and sorted by. `sent_at` is chosen by the sender and is the
 * message's identity (dedup, read receipts, later quotes), so it is never changed; but a sender
 * whose clock is far ahead (or who lies) would pin their message below everything that arrives
 * after it. When `sent_at` is ahead of our receive time by more than the network's clock
 * tolerance, the message is shown (and sorted) at the time we received it instead.
 */

/**
 * The storage servers' tolerance for a signed request's timestamp (±60 s, network.md §
 * "timestamp rule"): the network already treats clocks within a minute of each other as agreeing.
 */
export const CLOCK_TOLERANCE_MS = 60_000;

export function shownAt(sentAt: number, receivedAt: number): number {
  return sentAt > receivedAt + CLOCK_TOLERANCE_MS ? receivedAt : sentAt;
}

/**
 * The same rule in SQL, for ordering and paging. Migration 0002 indexes exactly this expression
 * (SQLite matches an expression index by its text): change both together, in a new migration.
 */
export const SHOWN_AT_SQL = `(CASE WHEN sent_at > received_at + ${CLOCK_TOLERANCE_MS} THEN received_at ELSE sent_at END)`;
