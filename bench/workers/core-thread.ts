/**
 * The core's worker thread in the bench: the app's own worker entry (worker-main.ts), plus what
 * the bench needs to see on this thread: its event loop (sampled when the process asked for it,
 * for catch-up) and the TLS connections it opens (to tell kept-alive connections from new
 * ones). The bench talks to it over a BroadcastChannel: the worker's parentPort belongs to
 * WorkerCore, which parses every message.
 */
import { Agent as HttpsAgent } from 'node:https';
import { BroadcastChannel } from 'node:worker_threads';
import { LoopMonitor } from './loop';
import { CORE_LOOP_CHANNEL, CORE_LOOP_ENV, type CoreLoopReply, type CoreLoopRequest } from './core-loop';

// Started before the core loads (the env var is copied into the worker when it is created), so
// the blocks of opening the profile are seen too; never started otherwise (idle CPU).
let monitor: LoopMonitor | undefined = process.env[CORE_LOOP_ENV] === '1' ? new LoopMonitor() : undefined;

// Every new HTTPS connection of this thread goes through an Agent's createConnection (the
// transport's keep-alive agents; `agent: false` makes a one-off Agent): counting there counts
// the TLS handshakes. A measuring instrument only; the method itself is unchanged.
let tlsConnections = 0;
type CreateConnection = (this: HttpsAgent, ...args: unknown[]) => unknown;
const proto = HttpsAgent.prototype as unknown as { createConnection: CreateConnection };
const original = proto.createConnection;
proto.createConnection = function (this: HttpsAgent, ...args: unknown[]) {
  tlsConnections++;
  return original.apply(this, args);
};

const channel = new BroadcastChannel(CORE_LOOP_CHANNEL);
// The channel must not keep the thread alive once the core has closed.
channel.unref();
channel.onmessage = (event: unknown) => {
  // Anything else on the channel is not for us (our own replies never come back to us).
  const request = (event as { data: Partial<CoreLoopRequest> | null }).data;
  let reply: CoreLoopReply;
  if (request?.kind === 'connections') reply = { kind: 'connections', tls: tlsConnections };
  else if (request?.kind === 'stop') {
    reply = monitor ? { kind: 'stats', stats: monitor.stop() } : { kind: 'none' };
    monitor = undefined;
  } else return;
  channel.postMessage(reply);
};

// Loaded after the sampler started: loading the core is part of what it should see.
await import('../../src/main/core-worker/worker-main');
