import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sodiumReady } from '../../../src/crypto/sodium';
import { AccountError } from '../../../src/main/account/errors';
import { MasterKeyStore } from '../../../src/main/keys/key-store';
import type { MasterKey } from '../../../src/main/keys/master-key';
import type { ProtectionRequest } from '../../../src/main/keys/protection';
import { DEFAULT_PWHASH_LIMITS } from '../../../src/main/keys/password-protection';
import { PWHASH_BOUNDS } from '../../../src/main/keys/header';
import { FAST_PWHASH, fakeSafeStorage, filesContaining, modeOf, tempProfile } from './helpers';

beforeAll(async () => {
  await sodiumReady();
});

function expectCode(fn: () => unknown, code: string): AccountError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AccountError);
    expect((error as AccountError).code).toBe(code);
    return error as AccountError;
  }
  throw new Error(`expected AccountError ${code}, nothing was thrown`);
}

const header = (dir: string): unknown => JSON.parse(readFileSync(join(dir, 'keys/protection.json'), 'utf8'));

describe('key-file protection', () => {
  it('round-trips the master key through a 0600 file in a 0700 folder', () => {
    const dir = tempProfile();
    const store = new MasterKeyStore(dir);
    const key = store.create({ kind: 'key-file' });
    expect(key).toHaveLength(32);
    expect(store.protection()).toBe('key-file');
    expect(new MasterKeyStore(dir).unlock()).toEqual(key);
    expect(modeOf(join(dir, 'keys/master.key'))).toBe(0o600);
    expect(modeOf(join(dir, 'keys/protection.json'))).toBe(0o600);
    expect(modeOf(join(dir, 'keys'))).toBe(0o700);
    expect(header(dir)).toEqual({ version: 1, kind: 'key-file' });
  });

  it('reports a missing or truncated key file as corrupt', () => {
    const dir = tempProfile();
    new MasterKeyStore(dir).create({ kind: 'key-file' });
    writeFileSync(join(dir, 'keys/master.key'), new Uint8Array(31));
    expect(expectCode(() => new MasterKeyStore(dir).unlock(), 'storage.corrupt').params).toEqual({
      file: 'keys/master.key',
    });
  });

  it('refuses to create a second master key', () => {
    const dir = tempProfile();
    const store = new MasterKeyStore(dir);
    const key = store.create({ kind: 'key-file' });
    expectCode(() => store.create({ kind: 'key-file' }), 'account.exists');
    expect(store.unlock()).toEqual(key);
  });
});

describe('password protection', () => {
  it('round-trips with the right password and never stores the key in clear', () => {
    const dir = tempProfile();
    const key = new MasterKeyStore(dir, { pwhashLimits: FAST_PWHASH }).create({
      kind: 'password',
      password: 'correct horse',
    });
    const again = new MasterKeyStore(dir).unlock('correct horse');
    expect(again).toEqual(key);
    expect(filesContaining(dir, key)).toEqual([]);
    expect(existsSync(join(dir, 'keys/master.key'))).toBe(false);
    expect(header(dir)).toMatchObject({
      version: 1,
      kind: 'password',
      kdf: { alg: 'argon2id13', opslimit: FAST_PWHASH.opslimit, memlimit: FAST_PWHASH.memlimit },
      aead: 'xchacha20poly1305-ietf',
    });
    expect(modeOf(join(dir, 'keys/protection.json'))).toBe(0o600);
  });

  it('answers a wrong password with a typed error, and a missing one with "locked"', () => {
    const dir = tempProfile();
    new MasterKeyStore(dir, { pwhashLimits: FAST_PWHASH }).create({ kind: 'password', password: 'pw-pw-pw' });
    const store = new MasterKeyStore(dir);
    const wrong = expectCode(() => store.unlock('PW'), 'password.wrong');
    expect(wrong.message).not.toContain('pw-pw-pw');
    expectCode(() => store.unlock(''), 'password.wrong');
    expectCode(() => store.unlock(), 'account.locked');
  });

  it('normalises the password (NFC) so composed and decomposed accents both unlock', () => {
    const dir = tempProfile();
    const key = new MasterKeyStore(dir, { pwhashLimits: FAST_PWHASH }).create({
      kind: 'password',
      password: 'caf\u00e9 cr\u00e8me',
    });
    expect(new MasterKeyStore(dir).unlock('cafe\u0301 cre\u0300me')).toEqual(key);
  });

  it('rejects an empty password when setting one', () => {
    expectCode(
      () =>
        new MasterKeyStore(tempProfile(), { pwhashLimits: FAST_PWHASH }).create({
          kind: 'password',
          password: '',
        }),
      'password.empty',
    );
  });

  it.each([
    ['a', 'password.too-short', { min: 6 }],
    ['12345', 'password.too-short', { min: 6 }],
    // Five characters once composed (NFC), though six code points as typed.
    ['cafe\u0301', 'password.too-short', { min: 6 }],
    ['x'.repeat(257), 'password.too-long', { max: 256 }],
  ])(
    'refuses %j as a new password (%s): 6 to 256 characters, checked here, not only in the UI',
    (password, code, params) => {
      const dir = tempProfile();
      const store = new MasterKeyStore(dir, { pwhashLimits: FAST_PWHASH });
      expect(expectCode(() => store.create({ kind: 'password', password }), code).params).toEqual(params);
      expect(store.exists()).toBe(false);
      const key = store.create({ kind: 'key-file' });
      expectCode(() => store.beginRotation(key, { kind: 'password', password }), code);
      // Nothing was journaled or staged.
      expect(store.rotationPending()).toBe(false);
      expect(existsSync(join(dir, 'keys/master.next.key'))).toBe(false);
    },
  );

  it.each(['123456', '😀'.repeat(6), 'x'.repeat(256)])('accepts %j (6 to 256 characters)', (password) => {
    const dir = tempProfile();
    const key = new MasterKeyStore(dir, { pwhashLimits: FAST_PWHASH }).create({ kind: 'password', password });
    expect(new MasterKeyStore(dir).unlock(password)).toEqual(key);
  });

  it('uses real Argon2id costs by default, within the bounds accepted on read', () => {
    expect(DEFAULT_PWHASH_LIMITS.opslimit).toBeGreaterThanOrEqual(2);
    expect(DEFAULT_PWHASH_LIMITS.memlimit).toBeGreaterThanOrEqual(64 * 1024 * 1024);
    expect(DEFAULT_PWHASH_LIMITS.opslimit).toBeLessThanOrEqual(PWHASH_BOUNDS.opsMax);
    expect(DEFAULT_PWHASH_LIMITS.memlimit).toBeLessThanOrEqual(PWHASH_BOUNDS.memMax);
  });

  it('treats a header asking for absurd Argon2id costs as corrupt instead of running them', () => {
    const dir = tempProfile();
    new MasterKeyStore(dir, { pwhashLimits: FAST_PWHASH }).create({ kind: 'password', password: 'pw-pw-pw' });
    const h = header(dir) as { kdf: { memlimit: number } };
    h.kdf.memlimit = 64 * 1024 * 1024 * 1024;
    writeFileSync(join(dir, 'keys/protection.json'), JSON.stringify(h));
    expectCode(() => new MasterKeyStore(dir).unlock('pw-pw-pw'), 'storage.corrupt');
  });
});

describe('os-keychain protection', () => {
  it('round-trips through safeStorage and never stores the key in clear', () => {
    const dir = tempProfile();
    const safeStorage = fakeSafeStorage();
    const key = new MasterKeyStore(dir, { safeStorage }).create({ kind: 'os-keychain' });
    expect(new MasterKeyStore(dir, { safeStorage }).unlock()).toEqual(key);
    expect(safeStorage.calls).toBe(2);
    expect(filesContaining(dir, key)).toEqual([]);
    expect(new MasterKeyStore(dir, { safeStorage }).protection()).toBe('os-keychain');
  });

  it('says the keychain is unavailable rather than crashing', () => {
    const dir = tempProfile();
    expectCode(
      () => new MasterKeyStore(dir, { safeStorage: fakeSafeStorage(false) }).create({ kind: 'os-keychain' }),
      'keychain.unavailable',
    );
    expectCode(() => new MasterKeyStore(dir).create({ kind: 'os-keychain' }), 'keychain.unavailable');
    new MasterKeyStore(dir, { safeStorage: fakeSafeStorage() }).create({ kind: 'os-keychain' });
    expect(expectCode(() => new MasterKeyStore(dir).unlock(), 'keychain.unavailable').params).toEqual({
      reason: 'no-keychain',
    });
    // Another keychain (another OS user or machine) cannot unwrap it.
    const other = new MasterKeyStore(dir, { safeStorage: fakeSafeStorage() });
    expect(expectCode(() => other.unlock(), 'keychain.unavailable').params).toEqual({
      reason: 'decrypt-failed',
    });
  });
});

describe('changing protection', () => {
  it('moves key-file → password → keychain → key-file, each time to a new key, scrubbing the clear file', () => {
    const dir = tempProfile();
    const safeStorage = fakeSafeStorage();
    const store = new MasterKeyStore(dir, { safeStorage, pwhashLimits: FAST_PWHASH });
    const first = Uint8Array.from(store.create({ kind: 'key-file' }));
    const rotate = (from: Uint8Array, request: ProtectionRequest) => {
      const next = Uint8Array.from(store.beginRotation(from as MasterKey, request));
      expect(next).not.toEqual(from);
      // Journaled, not yet in force: the old protection still gives the old key.
      expect(store.rotationPending()).toBe(true);
      store.commitRotation();
      expect(store.rotationPending()).toBe(false);
      expect(readdirSync(join(dir, 'keys')).sort()).toEqual(
        request.kind === 'key-file' ? ['master.key', 'protection.json'] : ['protection.json'],
      );
      return next;
    };

    const second = rotate(first, { kind: 'password', password: 'secret' });
    expect(store.protection()).toBe('password');
    expect(existsSync(join(dir, 'keys/master.key'))).toBe(false);
    expect(filesContaining(dir, first)).toEqual([]);
    expect(filesContaining(dir, second)).toEqual([]);
    expect(store.unlock('secret')).toEqual(second);

    const third = rotate(second, { kind: 'os-keychain' });
    expect(store.protection()).toBe('os-keychain');
    expect(store.unlock()).toEqual(third);
    expect(filesContaining(dir, third)).toEqual([]);

    const fourth = rotate(third, { kind: 'key-file' });
    expect(store.protection()).toBe('key-file');
    expect(modeOf(join(dir, 'keys/master.key'))).toBe(0o600);
    expect(new MasterKeyStore(dir).unlock()).toEqual(fourth);
  });

  it('scrubs a clear key file left behind by an interrupted change', () => {
    const dir = tempProfile();
    const key = new MasterKeyStore(dir, { pwhashLimits: FAST_PWHASH }).create({
      kind: 'password',
      password: 'pw-pw-pw',
    });
    writeFileSync(join(dir, 'keys/master.key'), key);
    expect(new MasterKeyStore(dir).unlock('pw-pw-pw')).toEqual(key);
    expect(existsSync(join(dir, 'keys/master.key'))).toBe(false);
  });
});

describe('a damaged header', () => {
  it.each([
    ['not JSON', '\u0000{garbage'],
    ['an unknown version', JSON.stringify({ version: 2, kind: 'key-file' })],
    ['an unknown protection', JSON.stringify({ version: 1, kind: 'smartcard' })],
    [
      'a wrapped key that is not base64',
      JSON.stringify({ version: 1, kind: 'os-keychain', wrappedKey: '%%%' }),
    ],
  ])('is reported as corrupt (%s) and left untouched', (_what, content) => {
    const dir = tempProfile();
    new MasterKeyStore(dir).create({ kind: 'key-file' });
    writeFileSync(join(dir, 'keys/protection.json'), content);
    const store = new MasterKeyStore(dir);
    const error = expectCode(() => store.unlock(), 'storage.corrupt');
    expect(error.params).toEqual({ file: 'keys/protection.json' });
    expectCode(() => store.protection(), 'storage.corrupt');
    expectCode(() => store.create({ kind: 'key-file' }), 'storage.corrupt');
    expect(readFileSync(join(dir, 'keys/protection.json'), 'utf8')).toBe(content);
  });
});
