/**
 * The core worker's keychain (src/main/core-worker/handed-keychain.ts), over the real channel
 * with main's side serving it: it unwraps what main handed over and what it had main wrap, and
 * nothing else, without ever asking main to unwrap.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { receiveHandover } from '../../../src/main/core-worker/handed-keychain';
import { newAnswerBuffer } from '../../../src/main/core-worker/keychain-channel';
import { postHandover, serveKeychain } from '../../../src/main/core-worker/keychain-host';
import type { SafeStorageLike } from '../../../src/main/keys/protection';
import { fakeSafeStorage } from '../keys/helpers';

describe("the core's handed keychain", () => {
  it('unwraps the handed key and the keys it had wrapped, and asks main only to wrap', async () => {
    const inner = fakeSafeStorage();
    const count = { encrypt: 0, decrypt: 0 };
    const storage: SafeStorageLike = {
      isEncryptionAvailable: () => true,
      encryptString: (text) => (count.encrypt++, inner.encryptString(text)),
      decryptString: (blob) => (count.decrypt++, inner.decryptString(blob)),
    };
    const handedKey = new Uint8Array(32).fill(3);
    const handedB64 = Buffer.from(handedKey).toString('base64');
    const nextKey = Buffer.from(new Uint8Array(32).fill(9)).toString('base64');
    const wrappedKey = inner.encryptString(handedB64).toString('base64');

    const { port1, port2 } = new MessageChannel();
    const buffer = newAnswerBuffer();
    serveKeychain(storage, { port: port1, buffer });
    postHandover(port1, {
      kind: 'keychain-handover',
      encryptionAvailable: true,
      backend: null,
      keys: [{ wrappedKey, key: handedKey }],
    });
    const worker = new Worker(new URL('./handed-keychain-probe.mjs', import.meta.url), {
      workerData: { buffer, port: port2, nextKey },
      transferList: [port2],
    });
    try {
      const report = await new Promise<Record<string, unknown>>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      expect(report.available).toBe(true);
      expect(report.handed).toBe(handedB64);
      // Wrapped by main, and known to the core from then on without asking main.
      expect(count.encrypt).toBe(1);
      expect(inner.decryptString(Buffer.from(String(report.wrapped), 'base64'))).toBe(nextKey);
      expect(report.ownWrap).toBe(nextKey);
      expect(report.unknown).toMatch(/not handed over/);
      expect(report.notAKey).toMatch(/only a master key/);
      expect(count.decrypt).toBe(0);
    } finally {
      port1.close();
      await worker.terminate();
    }
  }, 60_000);

  it('a handover that is not one is refused: the core does not open on it', async () => {
    for (const bad of [
      {
        kind: 'keychain-handover',
        encryptionAvailable: true,
        backend: null,
        keys: [{ wrappedKey: 'AA==', key: new Uint8Array(16) }],
      },
      { kind: 'keychain-handover', encryptionAvailable: true, backend: null, keys: [], decrypt: 'AA==' },
      { op: 'wrap', key: new Uint8Array(32) },
    ]) {
      const { port1, port2 } = new MessageChannel();
      const received = receiveHandover(port2);
      port1.postMessage(bad);
      await expect(received).rejects.toThrow(/malformed/);
      port1.close();
    }
  });
});
