// A worker for sync-safe-storage.test.ts: asks the host thread to unwrap one blob through the
// real channel, then reports what it got.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { safeStorageOverChannel } = await import(
  new URL('../../../src/main/core-worker/sync-safe-storage.ts', import.meta.url).href
);
const storage = safeStorageOverChannel({ buffer: workerData.buffer, port: workerData.port });
parentPort?.postMessage({ text: storage.decryptString(Buffer.from('wrapped')) });
