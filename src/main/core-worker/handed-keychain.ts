/**
 * The core worker's side of the keychain channel (keychain-channel.ts). The key store keeps its
 * `SafeStorageLike` shape, but what the core gets is no safeStorage: it unwraps only the keys
 * main handed over when the worker started and the keys it had main wrap since (the core holds
 * those already); any other blob fails as an unknown keychain entry would, without a word to
 * main. Wrapping asks main, synchronously, as the key store expects.
 */
import type { MessagePort } from 'node:worker_threads';
import type { SafeStorageLike } from '../keys/protection';
import { MASTER_KEY_BYTES } from '../keys/header';
import { HEADER_BYTES, handoverSchema, wrapAnswerSchema, type Handover } from './keychain-channel';

/** A keychain prompt may wait for the user; a dead main thread must not hang the worker forever. */
const ANSWER_TIMEOUT_MS = 120_000;

export interface KeychainClient {
  readonly port: MessagePort;
  readonly buffer: SharedArrayBuffer;
}

/** Waits for main's handover, the first message on the channel (parsed: it is data). */
export function receiveHandover(port: MessagePort): Promise<Handover> {
  return new Promise((resolve, reject) => {
    port.once('message', (raw: unknown) => {
      const parsed = handoverSchema.safeParse(raw);
      if (parsed.success) resolve(parsed.data);
      else reject(new Error('the keychain handover was malformed'));
    });
  });
}

export function handedKeychain(handover: Handover, client: KeychainClient): SafeStorageLike {
  // base64 of the wrapped blob → the key it wraps. Held as long as the core: it holds the key too.
  const known = new Map<string, Uint8Array>(handover.keys.map((k) => [k.wrappedKey, k.key]));
  const state = new Int32Array(client.buffer, 0, 2);
  const bytes = new Uint8Array(client.buffer, HEADER_BYTES);

  const wrap = (key: Uint8Array): string => {
    Atomics.store(state, 0, 0);
    client.port.postMessage({ op: 'wrap', key });
    if (Atomics.wait(state, 0, 0, ANSWER_TIMEOUT_MS) === 'timed-out')
      throw new Error('the main process did not answer the keychain request');
    const text = Buffer.from(bytes.subarray(0, Atomics.load(state, 1))).toString('utf8');
    const reply = wrapAnswerSchema.parse(JSON.parse(text));
    if (!reply.ok) throw new Error(reply.message);
    return reply.wrappedKey;
  };

  return {
    isEncryptionAvailable: () => handover.encryptionAvailable,
    getSelectedStorageBackend: () => handover.backend ?? 'unknown',
    encryptString(plainText) {
      // keychain-protection.ts wraps the base64 of a master key, and nothing else.
      const decoded = Buffer.from(plainText, 'base64');
      const key = new Uint8Array(decoded);
      decoded.fill(0); // a small Buffer lives in a shared pool: no stray copy there
      if (key.length !== MASTER_KEY_BYTES) throw new Error('only a master key can be wrapped');
      const wrapped = wrap(key);
      known.set(wrapped, key);
      return Buffer.from(wrapped, 'base64');
    },
    decryptString(encrypted) {
      const key = known.get(encrypted.toString('base64'));
      if (key === undefined) throw new Error('this key was not handed over by the main process');
      return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('base64');
    },
  };
}
