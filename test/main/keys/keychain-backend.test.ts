/**
 * Linux without a keyring: Electron's safeStorage falls back to its `basic_text` backend (a
 * password hard-coded in Chromium) and still says encryption is available. That is not a
 * keychain (issue #14): it must not be offered or used for new keys, yet a key wrapped that way
 * by an earlier version must still open.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sodiumReady } from '../../../src/crypto/sodium';
import { AccountError } from '../../../src/main/account/errors';
import { MasterKeyStore } from '../../../src/main/keys/key-store';
import { fakeSafeStorage, tempProfile } from './helpers';

beforeAll(async () => {
  await sodiumReady();
});

function withBackend(backend: string | (() => never)) {
  const base = fakeSafeStorage();
  return Object.assign(base, {
    getSelectedStorageBackend: typeof backend === 'string' ? () => backend : backend,
  });
}

describe('safeStorage backends', () => {
  it('treats basic_text as no keychain: not available, and refused for a new key', () => {
    const dir = tempProfile();
    const store = new MasterKeyStore(dir, { safeStorage: withBackend('basic_text') });
    expect(store.keychainAvailable()).toBe(false);
    expect(() => store.create({ kind: 'os-keychain' })).toThrow(AccountError);
    expect(store.exists()).toBe(false);
  });

  it('keeps real keyrings and platforms without the Linux-only method', () => {
    for (const backend of ['gnome_libsecret', 'kwallet5', 'kwallet6']) {
      expect(
        new MasterKeyStore(tempProfile(), { safeStorage: withBackend(backend) }).keychainAvailable(),
      ).toBe(true);
    }
    expect(new MasterKeyStore(tempProfile(), { safeStorage: fakeSafeStorage() }).keychainAvailable()).toBe(
      true,
    );
    const throwing = withBackend(() => {
      throw new Error('not on this platform');
    });
    expect(new MasterKeyStore(tempProfile(), { safeStorage: throwing }).keychainAvailable()).toBe(true);
  });

  it('still opens a key that an earlier version wrapped under basic_text', () => {
    const dir = tempProfile();
    const safeStorage = withBackend('gnome_libsecret');
    const key = new MasterKeyStore(dir, { safeStorage }).create({ kind: 'os-keychain' });
    // Same safeStorage secret, now reporting basic_text (what such a profile looks like).
    safeStorage.getSelectedStorageBackend = () => 'basic_text';
    const store = new MasterKeyStore(dir, { safeStorage });
    expect(store.unlock()).toEqual(key);
    // …and moving it to a key file (a new master key) works from there.
    const next = store.beginRotation(key, { kind: 'key-file' });
    store.commitRotation();
    const reopened = new MasterKeyStore(dir, { safeStorage });
    expect(reopened.protection()).toBe('key-file');
    expect(reopened.unlock()).toEqual(next);
  });
});
