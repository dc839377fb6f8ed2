/** How the bench process asks the core's worker thread for its event-loop figures. */
import { BroadcastChannel } from 'node:worker_threads';
import type { LoopStats } from '../lib/protocol';

export const CORE_LOOP_CHANNEL = 'veil-bench-core-loop';
/** '1' when the worker is created: the core's thread samples its loop from its first moment. */
export const CORE_LOOP_ENV = 'VEIL_BENCH_CORE_LOOP';

export type CoreLoopRequest = { readonly kind: 'stop' };
export type CoreLoopReply = { readonly kind: 'stats'; readonly stats: LoopStats } | { readonly kind: 'none' };

/** Stops the core thread's sampler and returns what it saw (null: it was not sampling). */
export function stopCoreLoop(timeoutMs = 5_000): Promise<LoopStats | null> {
  const channel = new BroadcastChannel(CORE_LOOP_CHANNEL);
  return new Promise<LoopStats | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      channel.close();
      reject(new Error('the core thread did not report its event loop'));
    }, timeoutMs);
    channel.onmessage = (event: unknown) => {
      const reply = (event as { data: CoreLoopReply }).data;
      clearTimeout(timer);
      channel.close();
      resolve(reply.kind === 'stats' ? reply.stats : null);
    };
    const request: CoreLoopRequest = { kind: 'stop' };
    channel.postMessage(request);
  });
}
