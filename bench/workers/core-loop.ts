/**
 * How the bench process asks the core's worker thread for what only that thread can see: its
 * event-loop figures and how many TLS connections it opened.
 */
import { BroadcastChannel } from 'node:worker_threads';
import type { LoopStats } from '../lib/protocol';

export const CORE_LOOP_CHANNEL = 'veil-bench-core-loop';
/** '1' when the worker is created: the core's thread samples its loop from its first moment. */
export const CORE_LOOP_ENV = 'VEIL_BENCH_CORE_LOOP';

export type CoreLoopRequest = { readonly kind: 'stop' } | { readonly kind: 'connections' };
export type CoreLoopReply =
  | { readonly kind: 'stats'; readonly stats: LoopStats }
  | { readonly kind: 'none' }
  | { readonly kind: 'connections'; readonly tls: number };

function ask(request: CoreLoopRequest, timeoutMs: number): Promise<CoreLoopReply> {
  const channel = new BroadcastChannel(CORE_LOOP_CHANNEL);
  return new Promise<CoreLoopReply>((resolve, reject) => {
    const timer = setTimeout(() => {
      channel.close();
      reject(new Error("the core's thread did not answer the bench"));
    }, timeoutMs);
    channel.onmessage = (event: unknown) => {
      clearTimeout(timer);
      channel.close();
      resolve((event as { data: CoreLoopReply }).data);
    };
    channel.postMessage(request);
  });
}

/** Stops the core thread's sampler and returns what it saw (null: it was not sampling). */
export async function stopCoreLoop(timeoutMs = 5_000): Promise<LoopStats | null> {
  const reply = await ask({ kind: 'stop' }, timeoutMs);
  return reply.kind === 'stats' ? reply.stats : null;
}

/** TLS connections the core's thread has opened since it started. */
export async function coreTlsConnections(timeoutMs = 5_000): Promise<number> {
  const reply = await ask({ kind: 'connections' }, timeoutMs);
  return reply.kind === 'connections' ? reply.tls : 0;
}
