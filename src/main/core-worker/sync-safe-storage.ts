/**
 * Electron's safeStorage lives in the main process, but the core (and its key store, which calls
 * safeStorage synchronously) runs in a worker thread. The worker asks over a MessagePort and
 * blocks on a SharedArrayBuffer until the main thread has answered: the key store keeps its
 * synchronous shape, and the OS keychain is only ever touched from Electron's main thread.
 * Only the wrapped or unwrapped master key crosses, between two threads of one process.
 */
import type { MessagePort } from 'node:worker_threads';
import { z } from 'zod';
import type { SafeStorageLike } from '../keys/protection';

/** Room for a request's answer: a wrapped 32-byte key is a few hundred bytes. */
const ANSWER_BYTES = 64 * 1024;
/** Int32 slots before the answer: [0] state (0 waiting, 1 answered), [1] answer length. */
const HEADER_BYTES = 8;
/** A keychain prompt may wait for the user; a dead main thread must not hang the worker forever. */
const ANSWER_TIMEOUT_MS = 120_000;

const requestSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('available') }),
  z.object({ op: z.literal('backend') }),
  z.object({ op: z.literal('encrypt'), text: z.string().max(ANSWER_BYTES / 4) }),
  z.object({ op: z.literal('decrypt'), base64: z.string().max(ANSWER_BYTES / 2) }),
]);
type Request = z.infer<typeof requestSchema>;

const answerSchema = z.union([
  z.object({ ok: z.literal(true), value: z.union([z.string(), z.boolean(), z.null()]) }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
type Answer = z.infer<typeof answerSchema>;

export interface SafeStorageChannel {
  readonly buffer: SharedArrayBuffer;
  readonly port: MessagePort;
}

export function newAnswerBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + ANSWER_BYTES);
}

function answer(safeStorage: SafeStorageLike, req: Request): Answer {
  try {
    switch (req.op) {
      case 'available':
        return { ok: true, value: safeStorage.isEncryptionAvailable() };
      case 'backend':
        return { ok: true, value: safeStorage.getSelectedStorageBackend?.() ?? null };
      case 'encrypt':
        return { ok: true, value: safeStorage.encryptString(req.text).toString('base64') };
      case 'decrypt':
        return { ok: true, value: safeStorage.decryptString(Buffer.from(req.base64, 'base64')) };
    }
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : 'safeStorage failed' };
  }
}

/** Main-thread side: answers the worker's requests with the real safeStorage. */
export function serveSafeStorage(safeStorage: SafeStorageLike, channel: SafeStorageChannel): void {
  const state = new Int32Array(channel.buffer, 0, 2);
  const bytes = new Uint8Array(channel.buffer, HEADER_BYTES);
  channel.port.on('message', (raw: unknown) => {
    const parsed = requestSchema.safeParse(raw);
    const reply: Answer = parsed.success
      ? answer(safeStorage, parsed.data)
      : { ok: false, message: 'malformed safeStorage request' };
    let encoded = Buffer.from(JSON.stringify(reply));
    if (encoded.length > bytes.length)
      encoded = Buffer.from(JSON.stringify({ ok: false, message: 'answer too large' }));
    bytes.set(encoded);
    encoded.fill(0);
    Atomics.store(state, 1, encoded.length);
    Atomics.store(state, 0, 1);
    Atomics.notify(state, 0);
  });
}

/** Worker side: a SafeStorageLike whose every call waits for the main thread's answer. */
export function safeStorageOverChannel(channel: SafeStorageChannel): SafeStorageLike {
  const state = new Int32Array(channel.buffer, 0, 2);
  const bytes = new Uint8Array(channel.buffer, HEADER_BYTES);
  const call = (req: Request): string | boolean | null => {
    Atomics.store(state, 0, 0);
    channel.port.postMessage(req);
    if (Atomics.wait(state, 0, 0, ANSWER_TIMEOUT_MS) === 'timed-out')
      throw new Error('the main process did not answer the keychain request');
    const length = Atomics.load(state, 1);
    const copy = Buffer.from(bytes.subarray(0, length));
    // The answer may be the unwrapped key: it does not stay in memory both threads share until the
    // next request overwrites it (nor in the copy; the parsed string is beyond our reach).
    bytes.fill(0, 0, length);
    const text = copy.toString('utf8');
    copy.fill(0);
    const reply = answerSchema.parse(JSON.parse(text));
    if (!reply.ok) throw new Error(reply.message);
    return reply.value;
  };
  return {
    isEncryptionAvailable: () => call({ op: 'available' }) === true,
    getSelectedStorageBackend: () => {
      const v = call({ op: 'backend' });
      return typeof v === 'string' ? v : 'unknown';
    },
    encryptString: (text) => Buffer.from(String(call({ op: 'encrypt', text })), 'base64'),
    decryptString: (encrypted) => String(call({ op: 'decrypt', base64: encrypted.toString('base64') })),
  };
}
