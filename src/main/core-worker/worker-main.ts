/**
 * The core's worker thread: opens VeilCore with what the host sent, answers its calls and
 * forwards the core's events. Nothing here touches a window, a menu or the OS keychain.
 */
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { VeilCore } from '../core/core';
import type { NetworkConfig } from '../core/core-options';
import { hostToWorkerSchema, workerInitSchema, type WorkerInit, type WorkerToHost } from './thread-messages';
import { handedKeychain, receiveHandover } from './handed-keychain';
import { TurnBatch } from './turn-batch';

/** zod's optional fields may hold `undefined`; the core's options leave them out instead. */
function definedOnly(config: NonNullable<WorkerInit['networkConfig']>): NetworkConfig {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) if (v !== undefined) out[k] = v;
  return out as unknown as NetworkConfig;
}

async function run(port: MessagePort): Promise<void> {
  // One post per turn (turn-batch.ts): the host handles a batch's items in order.
  const batch = new TurnBatch<WorkerToHost>((items) => {
    port.postMessage(items);
  });
  // Answers leave at once with the events before them; events wait for the end of the turn.
  const post = (m: WorkerToHost) => {
    batch.push(m, m.kind !== 'event' && m.kind !== 'log');
  };
  const init = workerInitSchema.parse(workerData);
  let core: VeilCore;
  let stopEarly: (() => void) | undefined;
  try {
    const { keychain, networkConfig, sendFailAfterMs, ...options } = init;
    // Main hands the unwrapped key over once, before the core opens the profile with it.
    const channel = keychain ? { buffer: keychain.buffer, port: keychain.port as MessagePort } : undefined;
    const handover = channel ? await receiveHandover(channel.port) : undefined;
    core = await VeilCore.open(
      {
        ...options,
        ...(networkConfig ? { networkConfig: definedOnly(networkConfig) } : {}),
        ...(sendFailAfterMs !== undefined ? { sendFailAfterMs } : {}),
        ...(channel && handover ? { safeStorage: handedKeychain(handover, channel) } : {}),
        openExternal: (url) => {
          post({ kind: 'open-external', url });
        },
        log: (line) => {
          post({ kind: 'log', line });
        },
      },
      (opening) => {
        // An older profile's conversion runs inside the open: its progress reaches the window
        // meanwhile (page-conversion.ts). Only it: the rest is heard from `ready` on, as before.
        stopEarly = opening.subscribe((name, payload) => {
          if (name === 'database.optimising') post({ kind: 'event', name, payload });
        });
      },
    );
  } catch (error) {
    post({ kind: 'open-failed', message: error instanceof Error ? error.message : 'the core did not open' });
    return;
  } finally {
    stopEarly?.();
  }
  core.subscribe((name, payload) => {
    post({ kind: 'event', name, payload });
  });
  port.on('message', (raw: unknown) => {
    const msg = hostToWorkerSchema.safeParse(raw);
    if (!msg.success) return;
    // Posted by the host before the open ended, it is heard now, before any poll has answers
    // (the open has just started the network: no path is built yet).
    if (msg.data.kind === 'expect-window') {
      core.expectWindow();
      return;
    }
    if (msg.data.kind === 'close') {
      void core.close().finally(() => {
        // Sent at once, with any event still waiting, before the port closes.
        post({ kind: 'closed' });
        port.close();
      });
      return;
    }
    const { id, name, args } = msg.data;
    void core.dispatch(name, args).then((result) => {
      post({ kind: 'result', id, result });
    });
  });
  post({ kind: 'ready' });
}

if (!isMainThread && parentPort) void run(parentPort);
