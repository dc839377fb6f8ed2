/**
 * The core's worker borrows Electron's safeStorage over a MessagePort and a SharedArrayBuffer
 * (src/main/core-worker/sync-safe-storage.ts): what it unwraps (the master key) must not stay in
 * the memory both threads share once it has been read.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { newAnswerBuffer, serveSafeStorage } from '../../../src/main/core-worker/sync-safe-storage';
import type { SafeStorageLike } from '../../../src/main/keys/protection';

const KEY = 'UNWRAPPED-MASTER-KEY-3q2+7w==';

describe('safeStorage lent to the core worker', () => {
  it('answers the worker, and leaves no trace of the unwrapped key in the shared buffer', async () => {
    const safeStorage: SafeStorageLike = {
      isEncryptionAvailable: () => true,
      encryptString: (text) => Buffer.from(text),
      decryptString: () => KEY,
    };
    const channel = new MessageChannel();
    const buffer = newAnswerBuffer();
    serveSafeStorage(safeStorage, { buffer, port: channel.port1 });
    const worker = new Worker(new URL('./safe-storage-probe.mjs', import.meta.url), {
      workerData: { buffer, port: channel.port2 },
      transferList: [channel.port2],
    });
    try {
      const answer = await new Promise<unknown>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      expect(answer).toEqual({ text: KEY });
      expect(Buffer.from(buffer).includes(KEY)).toBe(false);
    } finally {
      channel.port1.close();
      await worker.terminate();
    }
  }, 60_000);
});
