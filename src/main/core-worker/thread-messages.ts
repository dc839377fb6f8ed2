/**
 * What crosses between the host's thread and the core's worker. Both sides parse what they
 * receive: a message from the other thread is data, not trusted code.
 */
import { z } from 'zod';

export const hostToWorkerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('invoke'), id: z.number().int(), name: z.unknown(), args: z.unknown() }),
  z.object({ kind: z.literal('close') }),
  z.object({ kind: z.literal('expect-window') }),
]);
export type HostToWorker = z.infer<typeof hostToWorkerSchema>;

export const workerToHostSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready') }),
  z.object({ kind: z.literal('open-failed'), message: z.string() }),
  z.object({ kind: z.literal('result'), id: z.number().int(), result: z.unknown() }),
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
  networkConfig: z
    .object({
      seedUrls: z.array(z.string()),
      localDevnet: z.boolean().optional(),
      mainnetFallback: z.boolean().optional(),
      pollIntervalMs: z.number().optional(),
      fileServer: z.object({ url: z.string(), x25519: z.string(), ed25519: z.string() }).optional(),
      fileServerFromSeed: z.boolean().optional(),
    })
    .optional(),
  sendFailAfterMs: z.number().optional(),
  /**
   * Present when the host has Electron's safeStorage: the worker's end of the keychain channel
   * (keychain-channel.ts), on which main's handover arrives first.
   */
  keychain: z.object({ buffer: z.instanceof(SharedArrayBuffer), port: z.unknown() }).optional(),
});
export type WorkerInit = z.infer<typeof workerInitSchema>;
