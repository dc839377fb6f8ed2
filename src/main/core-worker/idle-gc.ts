/**
 * V8's memory reducer: after a full collection that found the old generation grown by 10 MB or
 * more (reading a long conversation through, a catch-up), it checks every 8 s whether allocation
 * has become low and then runs up to three full collections of the whole heap, 0.5 s apart.
 * In an idle app those are about half of its CPU (session 14's perf profiles of the bench's idle
 * and group rows: 13.6 % of the core thread's samples, as much again in concurrent marking on
 * V8's platform threads). Measured on the bench's idle core (session 15, Node 20): the first
 * collection frees the garbage (36.8 → 19.1 MB used), the second and third free almost nothing
 * (19.1 → 19.2 MB) but compact, and cost three quarters of the reduction's time (71 of 95 ms).
 *
 * One collection per reduction instead. The price: pages are not compacted and released, so the
 * heap stays larger once idle (a Node 20 micro-run: 13.1 MB committed after the reduction instead
 * of 5.0 MB). The bench's RSS row is read before any reduction and is unchanged (132 MB, goal
 * 150 MB); its idle core ended the window at 104 MB RSS after three collections, and at 124 MB in
 * the flagged runs, where no reduction had started yet (when one starts depends on V8's
 * allocation-rate checks, not on this flag).
 * The flag is process-wide and read at each reduction (V8's `MemoryReducer::MaxNumberOfGCs`), so
 * setting it where the core's worker is started covers every host that ships the core in a
 * worker: Electron's main process (Electron keeps V8's flags writable for `v8.setFlagsFromString`)
 * and `veil host`.
 */
import { setFlagsFromString } from 'node:v8';

export const IDLE_GC_FLAG = '--memory-reducer-single-gc';

let set = false;

export function reduceIdleCollections(): void {
  if (set) return;
  set = true;
  setFlagsFromString(IDLE_GC_FLAG);
}
