/**
 * The incoming pipeline run over a poll's results a slice per transaction, the core's thread
 * yielding between slices (MessagingService.receive).
 */
import type { MessagingDeps } from './deps';
import { announceIncoming, processIncoming, type Polled } from './incoming';

/**
 * Catching up, messages are decrypted and stored a slice per transaction, the core's thread
 * yielding between slices. A slice is sized from how long the last one took, aiming at
 * RECEIVE_SLICE_TARGET_MS: a fixed 25 (≈ 15 ms on a quiet machine) held the thread for over
 * 100 ms on a busy one (the bench's catch-up, 2 cores shared).
 */
const RECEIVE_SLICE_FIRST = 10;
const RECEIVE_SLICE_MAX = 50;
const RECEIVE_SLICE_TARGET_MS = 10;

export interface SliceHooks {
  /** Closing: the rest is left for the next start. */
  readonly stopped: () => boolean;
  /** A slice stored or changed messages (the expiry sweeper re-plans). */
  readonly stored: () => void;
}

/** Processes `polled` in slices sized to RECEIVE_SLICE_TARGET_MS; resolves to the dropped count. */
export async function receiveInSlices(
  deps: MessagingDeps,
  polled: readonly Polled[],
  hooks: SliceHooks,
): Promise<number> {
  let dropped = 0;
  let size = RECEIVE_SLICE_FIRST;
  for (let i = 0; i < polled.length;) {
    // Closing mid-way: throwing keeps the poller's positions where they were, so the rest is
    // fetched again at the next start (what was stored already is dropped as a copy).
    if (hooks.stopped()) throw new Error('messaging stopped before every polled message was handled');
    const slice = polled.slice(i, i + size);
    const started = performance.now();
    const changes = processIncoming(deps, slice, deps.transport.now()); // one transaction
    const took = Math.max(performance.now() - started, 0.1);
    i += slice.length;
    size = Math.max(
      1,
      Math.min(RECEIVE_SLICE_MAX, Math.round((slice.length * RECEIVE_SLICE_TARGET_MS) / took)),
    );
    dropped += changes.dropped;
    announceIncoming(deps.bus, changes);
    if (changes.stored.size > 0 || changes.messages.size > 0) hooks.stored();
    if (i < polled.length) await new Promise((r) => setImmediate(r));
  }
  return dropped;
}
