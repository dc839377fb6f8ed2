/**
 * What crosses between the host's thread and the core's worker. Both sides parse what they
 * receive: a message from the other thread is data, not trusted code.
 */
// zod's mini build: the host's thread (Electron's main, the browser host) parses these and
// loads nothing else of zod at its start (issue #15, cold start). The same checks.
import * as z from 'zod/mini';

export const hostToWorkerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('invoke'), id: z.int(), name: z.unknown(), args: z.unknown() }),
  z.object({ kind: z.literal('close') }),
  z.object({ kind: z.literal('expect-window') }),
]);
export type HostToWorker = z.infer<typeof hostToWorkerSchema>;

export const workerToHostSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready') }),
  z.object({ kind: z.literal('open-failed'), message: z.string() }),
  z.object({ kind: z.literal('result'), id: z.int(), result: z.unknown() }),
  z.object({ kind: z.literal('event'), name: z.string(), payload: z.unknown() }),
  z.object({ kind: z.literal('log'), line: z.string() }),
  z.object({ kind: z.literal('open-external'), url: z.string() }),
  z.object({ kind: z.literal('closed') }),
]);
export type WorkerToHost = z.infer<typeof workerToHostSchema>;

/**
 * The worker posts what one turn of its event loop said as one array (turn-batch.ts), in order;
 * each item is parsed on its own, so a malformed one is dropped alone.
 */
export const workerBatchSchema = z.array(z.unknown());

/** The core's options that can cross a thread boundary (no functions). */
export const workerInitSchema = z.object({
  profileDir: z.string(),
  host: z.enum(['electron', 'browser']),
  network: z.string(),
  networkConfig: z.optional(
    z.object({
      seedUrls: z.array(z.string()),
      localDevnet: z.optional(z.boolean()),
      mainnetFallback: z.optional(z.boolean()),
      pollIntervalMs: z.optional(z.number()),
      fileServer: z.optional(z.object({ url: z.string(), x25519: z.string(), ed25519: z.string() })),
      fileServerFromSeed: z.optional(z.boolean()),
    }),
  ),
  sendFailAfterMs: z.optional(z.number()),
  /**
   * Present when the host has Electron's safeStorage: the worker's end of the keychain channel
   * (keychain-channel.ts), on which main's handover arrives first.
   */
  keychain: z.optional(z.object({ buffer: z.instanceof(SharedArrayBuffer), port: z.unknown() })),
});
export type WorkerInit = z.infer<typeof workerInitSchema>;
