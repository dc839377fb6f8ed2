/**
 * Electron main's side of the keychain channel (keychain-channel.ts): it reads the profile's
 * wrapped key from the key files, unwraps it with safeStorage, hands it to the core's worker
 * once, and afterwards only ever wraps a key the core switches to. It never unwraps for the core.
 */
import type { MessagePort } from 'node:worker_threads';
// Only modules that leave libsodium unloaded: this is Electron's main thread (its cold start).
import { MASTER_KEY_BYTES, readHeader, type ProtectionHeader } from '../keys/header';
import { canDecrypt, keychainAvailable } from '../keys/keychain-available';
import { readRotation } from '../keys/rotation-file';
import type { SafeStorageLike } from '../keys/protection';
import {
  HEADER_BYTES,
  wrapRequestSchema,
  type Handover,
  type WrapAnswer,
  type WrapRequest,
} from './keychain-channel';

/** The keychain-wrapped keys the key files name: the header's, and a journaled change's. */
function wrappedKeys(profileDir: string): string[] {
  const headers: (ProtectionHeader | undefined)[] = [];
  // A damaged file is not main's to report: the core reads it too and says so in the window.
  try {
    headers.push(readHeader(profileDir));
  } catch {
    // nothing to unwrap from a damaged header
  }
  try {
    headers.push(readRotation(profileDir)?.next);
  } catch {
    // nor from a damaged journal
  }
  return headers.flatMap((h) => (h?.kind === 'os-keychain' ? [h.wrappedKey] : []));
}

/**
 * The key in an ArrayBuffer of its own (so that posting it can transfer it), or undefined when
 * safeStorage cannot unwrap the blob (another user's, or the keychain refused).
 */
function unwrap(safeStorage: SafeStorageLike, wrapped: string): Uint8Array<ArrayBuffer> | undefined {
  let text: string;
  try {
    text = safeStorage.decryptString(Buffer.from(wrapped, 'base64'));
  } catch {
    return undefined;
  }
  // `text` is a string and cannot be wiped; the bytes decoded from it can (Buffer.from takes
  // small buffers from a shared pool, which would otherwise keep them).
  const decoded = Buffer.from(text, 'base64');
  try {
    if (decoded.length !== MASTER_KEY_BYTES) return undefined;
    const key = new Uint8Array(new ArrayBuffer(MASTER_KEY_BYTES));
    key.set(decoded);
    return key;
  } finally {
    decoded.fill(0);
  }
}

function backendOf(safeStorage: SafeStorageLike): string | null {
  try {
    return safeStorage.getSelectedStorageBackend?.() ?? null;
  } catch {
    return null; // not Linux: the method is Linux-only
  }
}

/** What main hands a new worker: read and unwrapped now, from the key files as they are now. */
export function keychainHandover(safeStorage: SafeStorageLike, profileDir: string): Handover {
  const available = canDecrypt(safeStorage);
  const keys: Handover['keys'] = [];
  if (available) {
    for (const wrappedKey of wrappedKeys(profileDir)) {
      const key = unwrap(safeStorage, wrappedKey);
      if (key) keys.push({ wrappedKey, key });
    }
  }
  return { kind: 'keychain-handover', encryptionAvailable: available, backend: backendOf(safeStorage), keys };
}

/**
 * Posts the handover on the worker's end of the channel, moving each key's bytes to the worker:
 * after this, main's views of them are empty (a transferred buffer is detached, not copied).
 * Main keeps no key: after a core restart it unwraps again from the key files as they are then,
 * since the core may have changed the protection (and with it the key) in between, and a key
 * held for the process's lifetime would be one more copy to leak.
 */
export function postHandover(port: MessagePort, handover: Handover): void {
  try {
    port.postMessage(
      handover,
      handover.keys.map((k) => k.key.buffer),
    );
  } finally {
    // Nothing left if the post failed before transferring (a detached view has no bytes). Plain
    // fill, not sodium's memzero: this thread never loads libsodium.
    for (const k of handover.keys) if (k.key.byteLength > 0) k.key.fill(0);
  }
}

function answerWrap(safeStorage: SafeStorageLike, req: WrapRequest): WrapAnswer {
  // Main's own check, not the worker's word: a key goes under a real keychain only.
  if (!keychainAvailable(safeStorage)) return { ok: false, message: 'the OS keychain is not available here' };
  const text = Buffer.from(req.key).toString('base64');
  try {
    return { ok: true, wrappedKey: safeStorage.encryptString(text).toString('base64') };
  } catch (error) {
    return {
      ok: false,
      message: error instanceof Error ? error.message.slice(0, 200) : 'safeStorage failed',
    };
  } finally {
    req.key.fill(0);
  }
}

export interface KeychainServer {
  readonly port: MessagePort;
  readonly buffer: SharedArrayBuffer;
}

/**
 * Answers the worker's wrap requests. Anything else (an unwrap, a malformed request) is
 * refused without touching safeStorage and logged without its content; the refusal is still
 * written, so a worker waiting on the buffer is not left hanging.
 */
export function serveKeychain(
  safeStorage: SafeStorageLike,
  server: KeychainServer,
  log?: (line: string) => void,
): void {
  const state = new Int32Array(server.buffer, 0, 2);
  const bytes = new Uint8Array(server.buffer, HEADER_BYTES);
  server.port.on('message', (raw: unknown) => {
    const parsed = wrapRequestSchema.safeParse(raw);
    if (!parsed.success) log?.('core worker: keychain request refused');
    const reply: WrapAnswer = parsed.success
      ? answerWrap(safeStorage, parsed.data)
      : { ok: false, message: 'refused: the core may only ask to wrap a key' };
    let encoded = Buffer.from(JSON.stringify(reply));
    if (encoded.length > bytes.length)
      encoded = Buffer.from(JSON.stringify({ ok: false, message: 'answer too large' }));
    bytes.set(encoded);
    Atomics.store(state, 1, encoded.length);
    Atomics.store(state, 0, 1);
    Atomics.notify(state, 0);
  });
}
