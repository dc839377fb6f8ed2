/**
 * Electron main's side of the keychain channel (src/main/core-worker/keychain-host.ts): it
 * unwraps the profile's key itself and hands it over once; the core may then only ask it to
 * wrap a key. Whatever else arrives on the channel is refused without touching safeStorage.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sodiumReady } from '../../../src/crypto/sodium';
import { HEADER_BYTES, newAnswerBuffer } from '../../../src/main/core-worker/keychain-channel';
import { keychainHandover, postHandover, serveKeychain } from '../../../src/main/core-worker/keychain-host';
import { headerPath, readHeader } from '../../../src/main/keys/header';
import { MasterKeyStore } from '../../../src/main/keys/key-store';
import type { SafeStorageLike } from '../../../src/main/keys/protection';
import { FAST_PWHASH, fakeSafeStorage, tempProfile } from '../keys/helpers';

/** The fake of helpers.ts, with each kind of call counted on its own. */
function countingSafeStorage(backend?: string) {
  const inner = fakeSafeStorage();
  const count = { available: 0, backend: 0, encrypt: 0, decrypt: 0 };
  const storage: SafeStorageLike = {
    isEncryptionAvailable: () => (count.available++, inner.isEncryptionAvailable()),
    ...(backend === undefined ? {} : { getSelectedStorageBackend: () => (count.backend++, backend) }),
    encryptString: (text) => (count.encrypt++, inner.encryptString(text)),
    decryptString: (blob) => (count.decrypt++, inner.decryptString(blob)),
  };
  return { storage, count };
}

const dirs: string[] = [];
const ports: MessagePort[] = [];
beforeAll(async () => {
  await sodiumReady();
});
afterEach(() => {
  for (const p of ports.splice(0)) p.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function profile(): string {
  const dir = tempProfile('veil-handover-');
  dirs.push(dir);
  return dir;
}

describe('the handover main makes to a new core', () => {
  it('unwraps the key the header names, and transfers it: main keeps no copy', async () => {
    const dir = profile();
    const { storage, count } = countingSafeStorage();
    const key = new MasterKeyStore(dir, { safeStorage: storage }).create({ kind: 'os-keychain' });
    count.decrypt = 0;

    const handover = keychainHandover(storage, dir);
    expect(count.decrypt).toBe(1);
    expect(handover.encryptionAvailable).toBe(true);
    const header = readHeader(dir);
    expect(header?.kind).toBe('os-keychain');
    expect(handover.keys).toHaveLength(1);
    expect(handover.keys[0]?.wrappedKey).toBe(header?.kind === 'os-keychain' ? header.wrappedKey : '');
    expect(Buffer.from(handover.keys[0]?.key ?? []).equals(Buffer.from(key))).toBe(true);

    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    const received = new Promise<unknown>((resolve) => port2.once('message', resolve));
    const sent = handover.keys[0]?.key;
    postHandover(port1, handover);
    // Transferred: main's view is detached, the bytes are the worker's alone.
    expect(sent?.byteLength).toBe(0);
    const got = (await received) as { keys: { key: Uint8Array }[] };
    expect(Buffer.from(got.keys[0]?.key ?? []).equals(Buffer.from(key))).toBe(true);
  });

  it('a journaled change of protection to the keychain: both keys are handed over', () => {
    const dir = profile();
    const { storage } = countingSafeStorage();
    const store = new MasterKeyStore(dir, { safeStorage: storage });
    const previous = store.create({ kind: 'os-keychain' });
    const next = store.beginRotation(new Uint8Array(previous) as typeof previous, { kind: 'os-keychain' });
    const keys = keychainHandover(storage, dir).keys.map((k) => Buffer.from(k.key));
    expect(keys).toHaveLength(2);
    expect(keys.some((k) => k.equals(Buffer.from(previous)))).toBe(true);
    expect(keys.some((k) => k.equals(Buffer.from(next)))).toBe(true);
  });

  it('nothing to unwrap: a password, no key yet, a damaged header, a blob the keychain refuses', () => {
    const { storage, count } = countingSafeStorage();
    const password = profile();
    new MasterKeyStore(password, { safeStorage: storage, pwhashLimits: FAST_PWHASH }).create({
      kind: 'password',
      password: 'correct horse',
    });
    expect(keychainHandover(storage, password).keys).toEqual([]);
    expect(keychainHandover(storage, profile()).keys).toEqual([]);
    const damaged = profile();
    new MasterKeyStore(damaged, { safeStorage: storage }).create({ kind: 'os-keychain' });
    writeFileSync(headerPath(damaged), '{ not json');
    expect(keychainHandover(storage, damaged).keys).toEqual([]);
    expect(count.decrypt).toBe(0);
    // Wrapped by another keychain: main hands nothing, the core says it could not unlock.
    const foreign = profile();
    new MasterKeyStore(foreign, { safeStorage: countingSafeStorage().storage }).create({
      kind: 'os-keychain',
    });
    expect(keychainHandover(storage, foreign).keys).toEqual([]);
  });
});

describe("main's answers on the keychain channel", () => {
  /** Posts `raw` as the worker would and reads main's answer from the shared buffer. */
  function serve(storage: SafeStorageLike) {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    const buffer = newAnswerBuffer();
    const logs: string[] = [];
    serveKeychain(storage, { port: port1, buffer }, (line) => logs.push(line));
    const state = new Int32Array(buffer, 0, 2);
    const ask = async (raw: unknown): Promise<unknown> => {
      Atomics.store(state, 0, 0);
      port2.postMessage(raw);
      while (Atomics.load(state, 0) === 0) await new Promise((r) => setTimeout(r, 5));
      const length = Atomics.load(state, 1);
      return JSON.parse(Buffer.from(new Uint8Array(buffer, HEADER_BYTES, length)).toString('utf8'));
    };
    return { ask, logs };
  }

  it('wraps a 32-byte key, so that the keychain gives that key back', async () => {
    const { storage, count } = countingSafeStorage();
    const { ask } = serve(storage);
    const key = new Uint8Array(32).fill(7);
    const answer = (await ask({ op: 'wrap', key })) as { ok: boolean; wrappedKey: string };
    expect(answer.ok).toBe(true);
    expect(count.encrypt).toBe(1);
    expect(storage.decryptString(Buffer.from(answer.wrappedKey, 'base64'))).toBe(
      Buffer.from(key).toString('base64'),
    );
  });

  it('refuses an unwrap, a malformed or unexpected request, without touching safeStorage', async () => {
    const dir = profile();
    const { storage, count } = countingSafeStorage();
    new MasterKeyStore(dir, { safeStorage: storage }).create({ kind: 'os-keychain' });
    const header = readHeader(dir);
    const wrapped = header?.kind === 'os-keychain' ? header.wrappedKey : '';
    const before = { ...count };
    const { ask, logs } = serve(storage);
    const attempts: unknown[] = [
      // What the lent safeStorage used to answer: the profile's own wrapped key.
      { op: 'decrypt', base64: wrapped },
      { op: 'unwrap', wrappedKey: wrapped },
      { op: 'wrap', key: new Uint8Array(31) },
      { op: 'wrap', key: Buffer.from(new Uint8Array(32)).toString('base64') },
      { op: 'wrap', key: new Uint8Array(32), also: wrapped },
      { op: 'available' },
      'wrap',
      null,
    ];
    for (const raw of attempts) {
      const answer = (await ask(raw)) as { ok: boolean; message: string };
      expect(answer.ok).toBe(false);
      expect(answer.message).toMatch(/refused/);
      expect(JSON.stringify(answer)).not.toContain(wrapped.slice(0, 16));
    }
    expect(count).toEqual(before);
    expect(logs).toHaveLength(attempts.length);
    // Logged without what was asked.
    expect(logs.join('\n')).not.toContain(wrapped.slice(0, 16));
  });

  it('will not wrap under a keychain that is none (Linux basic_text)', async () => {
    const { storage, count } = countingSafeStorage('basic_text');
    const { ask } = serve(storage);
    expect(await ask({ op: 'wrap', key: new Uint8Array(32) })).toMatchObject({ ok: false });
    expect(count.encrypt).toBe(0);
  });
});
