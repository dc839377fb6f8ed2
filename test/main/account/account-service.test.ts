import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { toHex } from '../../../src/crypto/bytes';
import { decodeRecoveryPhrase } from '../../../src/crypto/recovery-phrase';
import { sodiumReady } from '../../../src/crypto/sodium';
import { AccountService, type AccountServiceOptions } from '../../../src/main/account/account-service';
import { AccountError } from '../../../src/main/account/errors';
import { toIpcFailure } from '../../../src/main/account/ipc-errors';
import { MasterKeyStore } from '../../../src/main/keys/key-store';
import { loadVectorFile, str } from '../../crypto/vectors';
import { FAST_PWHASH, fakeSafeStorage, filesContaining, profileFiles, tempProfile } from '../keys/helpers';

beforeAll(async () => {
  await sodiumReady();
});

const profile = () => tempProfile('veil-account-');
const service = (dir: string, options: AccountServiceOptions = {}) =>
  new AccountService(dir, { pwhashLimits: FAST_PWHASH, ...options });

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

function seedOf(phrase: string): Uint8Array {
  const r = decodeRecoveryPhrase(phrase);
  if (!r.ok) throw new Error('test phrase does not decode');
  return r.seed;
}

/** No file of the profile holds the phrase, the seed, or any secret key, in any usual encoding. */
function expectNoSecretsOnDisk(dir: string, phrase: string, account: AccountService): void {
  const id = account.identity();
  for (const secret of [seedOf(phrase), id.ed25519SecretKey.slice(0, 32), id.x25519SecretKey]) {
    expect(filesContaining(dir, secret)).toEqual([]);
  }
  for (const { path, bytes } of profileFiles(dir)) {
    const text = bytes.toString('utf8');
    expect(text, path).not.toContain(phrase);
    // Not even a run of four consecutive words of it.
    expect(text, path).not.toContain(phrase.split(' ').slice(0, 4).join(' '));
  }
}

describe('AccountService: create and restore', () => {
  it('creates an account whose phrase restores the same Session ID in a second profile', () => {
    const a = service(profile());
    expect(a.status()).toEqual({ state: 'none' });
    const created = a.create('  Alice  ');
    expect(created.displayName).toBe('Alice');
    expect(created.sessionId).toMatch(/^05[0-9a-f]{64}$/);
    expect(created.mnemonic.split(' ')).toHaveLength(13);
    expect(a.status()).toEqual({
      state: 'ready',
      sessionId: created.sessionId,
      displayName: 'Alice',
      protection: 'key-file',
    });

    const b = service(profile());
    const restored = b.restore(`  ${created.mnemonic.toUpperCase().replaceAll(' ', '   ')}\n`, 'Alice 2');
    expect(restored).toEqual({ sessionId: created.sessionId, displayName: 'Alice 2' });
    expect(b.identity().sessionId).toBe(created.sessionId);
    expect(b.show().ed25519PublicKey).toBe(a.show().ed25519PublicKey);
    expect(b.revealRecoveryPhrase()).toBe(created.mnemonic);
  });

  it('finds every identity vector account from its phrase', () => {
    const vectors = loadVectorFile('identity.json').vectors.filter((v) => v.id.startsWith('account-'));
    expect(vectors.length).toBeGreaterThanOrEqual(2);
    for (const v of vectors) {
      const account = service(profile());
      const r = account.restore(str(v.expected, 'mnemonic'));
      expect(r, v.id).toEqual({ sessionId: str(v.expected, 'session_id'), displayName: null });
      expect(account.show().ed25519PublicKey).toBe(str(v.expected, 'ed25519_pk_hex'));
      expect(toHex(account.identity().x25519SecretKey)).toBe(str(v.expected, 'x25519_sk_hex'));
    }
  });

  it('reopens a key-file account by itself in a new service instance', () => {
    const dir = profile();
    const created = service(dir).create('Bob');
    const again = service(dir);
    expect(again.status()).toMatchObject({ state: 'ready', sessionId: created.sessionId });
    expect(again.revealRecoveryPhrase()).toBe(created.mnemonic);
  });

  it.each([
    ['key-file', {}],
    ['password', { defaultProtection: { kind: 'password', password: 'hunter2' } } as const],
    ['os-keychain', { safeStorage: fakeSafeStorage() }],
  ] as const)('keeps the seed, phrase and secret keys off the disk (%s)', (kind, options) => {
    const dir = profile();
    const account = service(dir, options);
    const { mnemonic } = account.create('Carol');
    expect(account.protection()).toBe(kind);
    expectNoSecretsOnDisk(dir, mnemonic, account);
  });

  it('defaults to the OS keychain when one is available', () => {
    const account = service(profile(), { safeStorage: fakeSafeStorage() });
    account.create('Dan');
    expect(account.show().protection).toBe('os-keychain');
  });

  it('reuses a master key left without an account (crash between the two writes)', () => {
    const dir = profile();
    const key = new MasterKeyStore(dir).create({ kind: 'key-file' });
    const created = service(dir).create('Eve');
    expect(new MasterKeyStore(dir).unlock()).toEqual(key);
    expect(service(dir).status()).toMatchObject({ state: 'ready', sessionId: created.sessionId });
  });
});

describe('AccountService: typed errors', () => {
  it('refuses to create or restore over an existing account, leaving it as it was', () => {
    const dir = profile();
    const account = service(dir);
    const { mnemonic } = account.create('Alice');
    const before = readFileSync(join(dir, 'account.json'));
    expectCode(() => account.create('Mallory'), 'account.exists');
    expectCode(() => service(dir).restore(mnemonic), 'account.exists');
    expect(readFileSync(join(dir, 'account.json'))).toEqual(before);
  });

  it('answers "none" on an empty profile', () => {
    const account = service(profile());
    expectCode(() => account.show(), 'account.none');
    expectCode(() => account.identity(), 'account.none');
    expectCode(() => account.revealRecoveryPhrase(), 'account.none');
    expectCode(() => account.setDisplayName('x'), 'account.none');
    expectCode(() => account.displayName(), 'account.none');
    expectCode(() => account.unlock('x'), 'account.none');
  });

  it.each([
    ['', 'phrase.empty', {}],
    ['abbey '.repeat(12), 'phrase.word-count', { count: 12, expected: 13 }],
    ['abbey '.repeat(14), 'phrase.word-count', { count: 14, expected: 13 }],
    [
      'amaze buffet qqqq entrance symptoms tiger lamb maze nestle python dusted faxed faxed',
      'phrase.unknown-word',
      { position: 3, word: 'qqqq' },
    ],
    // "cake" → "city": a valid word in the wrong place; only the checksum catches it.
    [
      'amaze buffet city entrance symptoms tiger lamb maze nestle python dusted faxed faxed',
      'phrase.checksum',
      {},
    ],
  ])('rejects the phrase %j with %s', (phrase, code, params) => {
    const dir = profile();
    const error = expectCode(() => service(dir).restore(phrase, 'Alice'), code);
    expect(error.params).toEqual(params);
    expect(profileFiles(dir)).toEqual([]);
  });

  it('names the unknown word in the message', () => {
    const error = expectCode(
      () =>
        service(profile()).restore(
          'amaze buffet qzx entrance symptoms tiger lamb maze nestle python dusted faxed faxed',
        ),
      'phrase.unknown-word',
    );
    expect(error.message).toBe('word 3 "qzx" is not in the word list');
  });

  it('checks display names: 1–100 characters after trimming', () => {
    const account = service(profile());
    expectCode(() => account.create('   '), 'name.empty');
    expect(expectCode(() => account.create('x'.repeat(101)), 'name.too-long').params).toEqual({
      length: 101,
      max: 100,
    });
    // Characters, not UTF-16 units: 100 emoji are 100 characters.
    expect(account.create('😀'.repeat(100)).displayName).toBe('😀'.repeat(100));
    expect(account.setDisplayName('  Zoë ').displayName).toBe('Zoë');
    expect(service(account.profileDir).show().displayName).toBe('Zoë');
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      expect(account.displayName()).toBe('Zoë');
      // Renamed here: the next message carries the new name at once.
      account.setDisplayName('Zoé');
      expect(account.displayName()).toBe('Zoé');
      // Another process (the CLI) renaming the same profile: the name is read again within a second.
      service(account.profileDir).setDisplayName('Zed');
      vi.advanceTimersByTime(1000);
      expect(account.displayName()).toBe('Zed');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('AccountService: password', () => {
  it('is locked after a restart until the right password is given', () => {
    const dir = profile();
    const created = service(dir).create('Alice', { kind: 'password', password: 'pw-pw-pw' });
    const account = service(dir);
    expect(account.status()).toEqual({ state: 'locked' });
    // Public fields stay readable (Settings, CLI `account show`).
    expect(account.show()).toMatchObject({ sessionId: created.sessionId, protection: 'password' });
    expectCode(() => account.identity(), 'account.locked');
    expectCode(() => account.revealRecoveryPhrase('pw-pw-pw'), 'account.locked');
    expectCode(() => account.setDisplayName('x'), 'account.locked');
    expectCode(() => account.unlock('nope'), 'password.wrong');
    expect(account.unlock('pw-pw-pw')).toMatchObject({ state: 'ready', sessionId: created.sessionId });
    expect(account.revealRecoveryPhrase('pw-pw-pw')).toBe(created.mnemonic);
    account.lock();
    expect(account.status()).toEqual({ state: 'locked' });
  });

  it('sets and removes a password without changing the account', () => {
    const dir = profile();
    const safeStorage = fakeSafeStorage();
    const account = service(dir, { defaultProtection: { kind: 'key-file' }, safeStorage });
    const created = account.create('Alice');
    account.setPassword('s3cret');
    expect(service(dir).status()).toEqual({ state: 'locked' });
    expect(service(dir).unlock('s3cret')).toMatchObject({ state: 'ready', protection: 'password' });
    account.removePassword('s3cret');
    expect(service(dir, { safeStorage }).status()).toMatchObject({
      state: 'ready',
      protection: 'os-keychain',
    });
    account.removePassword(undefined, 'key-file');
    expect(service(dir).status()).toMatchObject({
      state: 'ready',
      sessionId: created.sessionId,
      protection: 'key-file',
    });
  });

  it('with a password set, the phrase and every change of password need the current one', () => {
    const dir = profile();
    const account = service(dir, { defaultProtection: { kind: 'key-file' } });
    const created = account.create('Alice');
    // Without a password there is nothing to ask for.
    expect(account.revealRecoveryPhrase()).toBe(created.mnemonic);
    account.setPassword('first password');
    // An unlocked window is not enough: someone at the computer must not get the phrase.
    expectCode(() => account.revealRecoveryPhrase(), 'password.needed');
    expectCode(() => account.revealRecoveryPhrase(''), 'password.needed');
    expectCode(() => account.revealRecoveryPhrase('wrong password'), 'password.wrong');
    expect(account.revealRecoveryPhrase('first password')).toBe(created.mnemonic);
    expectCode(() => account.setPassword('second password'), 'password.needed');
    expectCode(() => account.setPassword('second password', 'wrong password'), 'password.wrong');
    expectCode(() => account.removePassword(), 'password.needed');
    expectCode(() => account.removePassword('wrong password'), 'password.wrong');
    // Nothing of the above changed the protection.
    expect(service(dir).unlock('first password')).toMatchObject({ state: 'ready', protection: 'password' });
    // The new password follows the 6–256 rule in main, whatever the UI checked.
    expect(expectCode(() => account.setPassword('a', 'first password'), 'password.too-short').params).toEqual(
      { min: 6 },
    );
    expectCode(() => account.setPassword('x'.repeat(257), 'first password'), 'password.too-long');
    account.setPassword('second password', 'first password');
    expectCode(() => service(dir).unlock('first password'), 'password.wrong');
    account.removePassword('second password', 'key-file');
    expect(service(dir).status()).toMatchObject({ state: 'ready', protection: 'key-file' });
  });
});

describe('AccountService: damaged files', () => {
  it.each([
    ['not JSON', (_text: string) => '{"version":1,'],
    ['a wrong version', (text: string) => text.replace('"version": 1', '"version": 9')],
    [
      'an altered seed',
      (text: string) =>
        text.replace(/"ciphertext": "(.)/, (_m, c: string) => `"ciphertext": "${c === 'A' ? 'B' : 'A'}`),
    ],
    [
      'another Session ID',
      (text: string) =>
        text.replace(/"sessionId": "05(.)/, (_m, c: string) => `"sessionId": "05${c === 'a' ? 'b' : 'a'}`),
    ],
  ])('reports %s as storage.corrupt and never overwrites it', (_what, damage) => {
    const dir = profile();
    service(dir).create('Alice');
    const path = join(dir, 'account.json');
    const damaged = damage(readFileSync(path, 'utf8'));
    writeFileSync(path, damaged);
    const account = service(dir);
    expect(expectCode(() => account.status(), 'storage.corrupt').params).toEqual({ file: 'account.json' });
    // A readable-but-wrong file is still "an account here"; an unreadable one is "damaged".
    expect(() => account.create('Bob')).toThrow(AccountError);
    expect(readFileSync(path, 'utf8')).toBe(damaged);
  });

  it('reports a missing key header as corrupt rather than "no account"', () => {
    const dir = profile();
    service(dir).create('Alice');
    writeFileSync(join(dir, 'keys/protection.json'), '');
    expectCode(() => service(dir).status(), 'storage.corrupt');
  });
});

describe('toIpcFailure', () => {
  it('forwards code and params as reason and params', () => {
    const failure = toIpcFailure(
      new AccountError('phrase.unknown-word', 'word 3 "qzx" is not in the word list', {
        position: 3,
        word: 'qzx',
      }),
    );
    expect(failure).toMatchObject({
      code: 'invalid-arguments',
      reason: 'phrase.unknown-word',
      params: { position: 3, word: 'qzx' },
    });
    expect(toIpcFailure(new AccountError('password.wrong', 'the password is wrong')).code).toBe(
      'unauthorized',
    );
  });
});
