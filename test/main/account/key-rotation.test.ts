/**
 * Changing protection replaces the master key: a copy of the old key (the key file, or the old
 * header with the old password) opens nothing written afterwards, and a crash at any step of the
 * change leaves an account that opens and finishes the change.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sodiumReady } from '../../../src/crypto/sodium';
import {
  openAccount,
  readAccountFile,
  sealAccount,
  writeAccountFile,
} from '../../../src/main/account/account-file';
import { AccountService } from '../../../src/main/account/account-service';
import { AccountError } from '../../../src/main/account/errors';
import { DatabaseKeyError, openDatabase } from '../../../src/main/db';
import { rekeyDatabaseFile } from '../../../src/main/db/rekey-file';
import { writeHeader } from '../../../src/main/keys/header';
import { replaceKeyFile } from '../../../src/main/keys/key-file-protection';
import { readRotation } from '../../../src/main/keys/key-rotation';
import { MasterKeyStore } from '../../../src/main/keys/key-store';
import { deriveSubkey, wipe, type MasterKey } from '../../../src/main/keys/master-key';
import type { ProtectionRequest } from '../../../src/main/keys/protection';
import { FAST_PWHASH, tempProfile } from '../keys/helpers';

beforeAll(async () => {
  await sodiumReady();
});

const OLD_PW = 'old password 1';
const NEW_PW = 'new password 2';
const service = (dir: string, rekeyDatabase?: (from: Uint8Array, to: Uint8Array) => void) =>
  new AccountService(dir, {
    pwhashLimits: FAST_PWHASH,
    defaultProtection: { kind: 'key-file' },
    ...(rekeyDatabase ? { rekeyDatabase } : {}),
  });
const dbPath = (dir: string) => join(dir, 'veil.db');
const keysIn = (dir: string) => readdirSync(join(dir, 'keys')).sort();

/** Writes `value` into the profile's database with the account's current key. */
function writeProbe(account: AccountService, value: string): void {
  const key = account.databaseKey();
  const db = openDatabase(dbPath(account.profileDir), key);
  wipe(key);
  db.kv.set('probe', value);
  db.close();
}

function readProbe(account: AccountService): string | undefined {
  const key = account.databaseKey();
  const db = openDatabase(dbPath(account.profileDir), key);
  wipe(key);
  try {
    return db.kv.get('probe', z.string());
  } finally {
    db.close();
  }
}

/** Whether `key` opens the account file or the database of `dir` (what a thief would try). */
function opensAnything(dir: string, key: Uint8Array): { account: boolean; database: boolean } {
  const file = readAccountFile(dir);
  let account = false;
  try {
    if (file) openAccount(key as MasterKey, file);
    account = true;
  } catch {
    account = false;
  }
  let database = false;
  const dbKey = deriveSubkey(key as MasterKey, 'database');
  try {
    openDatabase(dbPath(dir), dbKey).close();
    database = true;
  } catch (error) {
    expect(error).toBeInstanceOf(DatabaseKeyError);
  } finally {
    wipe(dbKey);
  }
  return { account, database };
}

/** The key an old copy of `keys/protection.json` gives with `password`, as an attacker would get it. */
function keyFromOldHeader(header: Buffer, password: string): Uint8Array {
  const scratch = tempProfile('veil-thief-');
  mkdirSync(join(scratch, 'keys'), { recursive: true });
  writeFileSync(join(scratch, 'keys/protection.json'), header);
  return Uint8Array.from(new MasterKeyStore(scratch).unlock(password));
}

function expectCode(fn: () => unknown, code: string): void {
  expect(fn).toThrow(AccountError);
  try {
    fn();
  } catch (error) {
    expect((error as AccountError).code).toBe(code);
  }
}

describe('changing protection replaces the master key', () => {
  it('a copy of the old key file, or of the old header with the old password, opens nothing written later', () => {
    const dir = tempProfile('veil-rotate-');
    const account = service(dir);
    const { sessionId } = account.create('Alice');
    writeProbe(account, 'before');
    const keyFileCopy = readFileSync(join(dir, 'keys/master.key'));

    account.setPassword(OLD_PW);
    writeProbe(account, 'after a password');
    expect(opensAnything(dir, keyFileCopy)).toEqual({ account: false, database: false });
    expect(keysIn(dir)).toEqual(['protection.json']);

    const passwordHeader = readFileSync(join(dir, 'keys/protection.json'));
    const withOldPassword = keyFromOldHeader(passwordHeader, OLD_PW);
    account.setPassword(NEW_PW, OLD_PW);
    expect(opensAnything(dir, withOldPassword)).toEqual({ account: false, database: false });
    expect(keysIn(dir)).toEqual(['protection.json']);

    const secondHeader = readFileSync(join(dir, 'keys/protection.json'));
    const withNewPassword = keyFromOldHeader(secondHeader, NEW_PW);
    account.removePassword(NEW_PW);
    expect(opensAnything(dir, withNewPassword)).toEqual({ account: false, database: false });
    expect(opensAnything(dir, keyFileCopy)).toEqual({ account: false, database: false });
    expect(keysIn(dir)).toEqual(['master.key', 'protection.json']);
    // The new key file opens everything, and nothing was lost on the way.
    expect(opensAnything(dir, readFileSync(join(dir, 'keys/master.key')))).toEqual({
      account: true,
      database: true,
    });
    const again = service(dir);
    expect(again.status()).toMatchObject({ state: 'ready', sessionId, protection: 'key-file' });
    expect(readProbe(again)).toBe('after a password');
  });

  it('re-keys the database through the open connection when a session holds it', () => {
    const dir = tempProfile('veil-rotate-');
    const session: { db?: ReturnType<typeof openDatabase> } = {};
    const account = service(dir, (_from, to) => session.db?.rekey(to));
    account.create('Alice');
    const key = account.databaseKey();
    const open = openDatabase(dbPath(dir), key);
    session.db = open;
    wipe(key);
    open.kv.set('probe', 'open');
    const keyFileCopy = readFileSync(join(dir, 'keys/master.key'));
    account.setPassword(OLD_PW);
    // The same connection keeps working under the new key…
    open.kv.set('probe', 'still open');
    open.close();
    // …and the file is under the new key only.
    expect(opensAnything(dir, keyFileCopy)).toEqual({ account: false, database: false });
    const again = service(dir);
    again.unlock(OLD_PW);
    expect(readProbe(again)).toBe('still open');
  });

  it('a failure before the new key is in force leaves the old protection working, and no journal', () => {
    const dir = tempProfile('veil-rotate-');
    // The database cannot be re-keyed once (disk full, say); going back to the old key works.
    let failures = 1;
    const account = service(dir, (from, to) => {
      if (failures-- > 0) throw new Error('disk full');
      rekeyDatabaseFile(dbPath(dir), from, to);
    });
    const { sessionId } = account.create('Alice');
    const keyFile = readFileSync(join(dir, 'keys/master.key'));
    expect(() => {
      account.setPassword(OLD_PW);
    }).toThrow('disk full');
    expect(keysIn(dir)).toEqual(['master.key', 'protection.json']);
    expect(readFileSync(join(dir, 'keys/master.key'))).toEqual(keyFile);
    expect(opensAnything(dir, keyFile).account).toBe(true);
    expect(service(dir).status()).toMatchObject({ state: 'ready', sessionId, protection: 'key-file' });
  });
});

describe('a change that fails and cannot be undone', () => {
  it('stays journaled, opens with either password, and the next change finishes it first', () => {
    const dir = tempProfile('veil-rotate-');
    // The database refuses twice: the change, then going back.
    let failures = 2;
    const account = service(dir, (from, to) => {
      if (failures-- > 0) throw new Error('disk full');
      rekeyDatabaseFile(dbPath(dir), from, to);
    });
    const { sessionId } = account.create('Alice', { kind: 'password', password: OLD_PW });
    writeProbe(account, 'kept');
    expect(() => {
      account.setPassword(NEW_PW, OLD_PW);
    }).toThrow('disk full');
    expect(keysIn(dir)).toContain('rotation.json');
    // This window still works, and checks the current password against either key.
    expect(account.status()).toMatchObject({ state: 'ready', sessionId });
    expectCode(() => account.revealRecoveryPhrase('wrong password'), 'password.wrong');
    expect(account.revealRecoveryPhrase(OLD_PW).split(' ')).toHaveLength(13);
    // Another change finishes the journaled one, then makes its own.
    account.setPassword('third password', OLD_PW);
    expect(keysIn(dir)).toEqual(['protection.json']);
    const again = service(dir);
    expectCode(() => again.unlock(OLD_PW), 'password.wrong');
    expectCode(() => again.unlock(NEW_PW), 'password.wrong');
    again.unlock('third password');
    expect(readProbe(again)).toBe('kept');
  });
});

type Step = 'journaled' | 'account re-sealed' | 'database re-keyed' | 'key file moved' | 'header switched';
const STEPS: readonly Step[] = [
  'journaled',
  'account re-sealed',
  'database re-keyed',
  'key file moved',
  'header switched',
];

interface Transition {
  readonly name: string;
  readonly from: ProtectionRequest;
  readonly to: ProtectionRequest;
}
const TRANSITIONS: readonly Transition[] = [
  {
    name: 'password → password',
    from: { kind: 'password', password: OLD_PW },
    to: { kind: 'password', password: NEW_PW },
  },
  { name: 'key file → password', from: { kind: 'key-file' }, to: { kind: 'password', password: NEW_PW } },
  { name: 'password → key file', from: { kind: 'password', password: OLD_PW }, to: { kind: 'key-file' } },
];

const passwordOf = (r: ProtectionRequest) => (r.kind === 'password' ? r.password : undefined);

/**
 * A profile as a crash after `step` of a change `t` leaves it (the steps of
 * AccountService.changeProtection and MasterKeyStore.commitRotation, in their order), with the old key.
 */
function crashedAfter(t: Transition, step: Step): { dir: string; sessionId: string; oldKey: Uint8Array } {
  const dir = tempProfile('veil-crash-');
  const account = service(dir);
  const { sessionId } = account.create('Alice', t.from);
  writeProbe(account, 'kept');
  const store = new MasterKeyStore(dir, { pwhashLimits: FAST_PWHASH });
  const previous = store.unlock(passwordOf(t.from));
  const oldKey = Uint8Array.from(previous);
  const next = store.beginRotation(previous, t.to);
  const upTo = STEPS.indexOf(step);
  if (upTo >= 1) {
    const file = readAccountFile(dir);
    if (!file) throw new Error('no account file');
    const { seed, identity } = openAccount(previous, file);
    writeAccountFile(dir, { ...file, seed: sealAccount(next, seed, identity, file.displayName).seed });
  }
  if (upTo >= 2) {
    rekeyDatabaseFile(dbPath(dir), deriveSubkey(previous, 'database'), deriveSubkey(next, 'database'));
  }
  if (upTo >= 3 && t.to.kind === 'key-file') {
    replaceKeyFile(join(dir, 'keys/master.next.key'), join(dir, 'keys/master.key'));
  }
  if (upTo >= 4) {
    const rotation = readRotation(dir);
    if (!rotation) throw new Error('no journal');
    writeHeader(dir, rotation.next);
  }
  return { dir, sessionId, oldKey };
}

describe('a crash in the middle of a change of protection', () => {
  for (const t of TRANSITIONS) {
    for (const step of STEPS) {
      if (step === 'key file moved' && t.to.kind !== 'key-file') continue;
      // Which credential opens the profile then: the old one until the new header is in force;
      // the new password too (the user may type the one they just chose).
      const credentials: (string | undefined)[] = [];
      if (step !== 'header switched') credentials.push(passwordOf(t.from));
      if (t.to.kind === 'password') credentials.push(NEW_PW);
      if (step === 'header switched' && t.to.kind !== 'password') credentials.push(undefined);
      for (const typed of [...new Set(credentials)]) {
        it(`${t.name}, crash after "${step}": opens with ${typed ?? 'no password'} and finishes the change`, () => {
          const crashed = crashedAfter(t, step);
          const dir = tempProfile('veil-crash-copy-');
          cpSync(crashed.dir, dir, { recursive: true });
          const account = service(dir);
          if (typed !== undefined) account.unlock(typed);
          expect(account.status()).toMatchObject({ state: 'ready', sessionId: crashed.sessionId });
          // The change is complete: journal and staged key gone, new protection in force.
          expect(keysIn(dir)).toEqual(
            t.to.kind === 'key-file' ? ['master.key', 'protection.json'] : ['protection.json'],
          );
          expect(account.protection()).toBe(t.to.kind);
          expect(readProbe(account)).toBe('kept');
          expect(opensAnything(dir, crashed.oldKey)).toEqual({ account: false, database: false });
          const after = service(dir);
          if (t.to.kind === 'password') {
            if (t.from.kind === 'password') expectCode(() => after.unlock(OLD_PW), 'password.wrong');
            expect(after.unlock(NEW_PW)).toMatchObject({ state: 'ready' });
          } else {
            expect(after.status()).toMatchObject({ state: 'ready' });
          }
          expect(existsSync(join(dir, 'keys/rotation.json'))).toBe(false);
        });
      }
    }
  }
});
