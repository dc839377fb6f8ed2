/**
 * The core's worker thread in the bench: the app's own worker entry (worker-main.ts), plus the
 * bench's event-loop sampler on this thread when the process asked for it (catch-up), so that
 * a block on the core's thread is seen as well as one on the host's. The sampler talks over a
 * BroadcastChannel: the worker's parentPort belongs to WorkerCore, which parses every message.
 */
import { BroadcastChannel } from 'node:worker_threads';
import { LoopMonitor } from './loop';
import { CORE_LOOP_CHANNEL, CORE_LOOP_ENV, type CoreLoopReply, type CoreLoopRequest } from './core-loop';

// Started before the core opens (the env var is copied into the worker when it is created), so
// the blocks of opening the profile are seen too; never started otherwise (idle CPU).
let monitor: LoopMonitor | undefined = process.env[CORE_LOOP_ENV] === '1' ? new LoopMonitor() : undefined;
const channel = new BroadcastChannel(CORE_LOOP_CHANNEL);
// The channel must not keep the thread alive once the core has closed.
channel.unref();
channel.onmessage = (event: unknown) => {
  // Only `stop` is ever asked; anything else on the channel is not for us.
  const request = (event as { data: Partial<CoreLoopRequest> | null }).data;
  if (request?.kind !== 'stop') return;
  const reply: CoreLoopReply = monitor ? { kind: 'stats', stats: monitor.stop() } : { kind: 'none' };
  monitor = undefined;
  channel.postMessage(reply);
};

// Loaded after the sampler started: loading the core is part of what it should see.
await import('../../src/main/core-worker/worker-main');
