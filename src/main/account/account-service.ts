/**
 * The account of one profile: create, restore, unlock, show — over `account.json` (identity,
 * seed sealed) and the master-key store (`keys/`). Main-process only: `identity()` hands out
 * secret keys and must never be exposed over IPC; everything else returns public data, and the
 * recovery phrase only through the explicit `revealRecoveryPhrase()`.
 *
 * All methods are synchronous and need libsodium loaded: use `AccountService.open()` or await
 * `sodiumReady()` first.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { decodeRecoveryPhrase, encodeRecoveryPhrase } from '../../crypto/recovery-phrase';
import {
  generateSeed16,
  identityFromSeed,
  type Identity,
  type Seed16,
  type SessionId,
} from '../../crypto/keys';
import { sodium, sodiumReady } from '../../crypto/sodium';
import { ensureProfileDir } from '../core/profile';
import { DATABASE_FILE, rekeyDatabaseFile } from '../db/rekey-file';
import { HEADER_FILE } from '../keys/header';
import { MasterKeyStore, type KeyStoreOptions, type OpenedKeys } from '../keys/key-store';
import { deriveSubkey, wipe, type MasterKey } from '../keys/master-key';
import type { ProtectionKind, ProtectionRequest } from '../keys/protection';
import { accountFilePath, openAccount, readAccountFile, sealAccount, writeAccountFile } from './account-file';
import { resealAccountFile } from './reseal';
import { normalizeDisplayName } from './display-name';
import {
  AccountError,
  corruptError,
  isAccountError,
  lockedError,
  noAccountError,
  phraseError,
} from './errors';

export interface AccountServiceOptions extends KeyStoreOptions {
  /** Protection of a new account's master key. Default: the OS keychain when available, else a key file. */
  readonly defaultProtection?: ProtectionRequest;
  /**
   * Re-encrypts the database from one key to another when the master key changes. Default: the
   * profile's closed `veil.db`; the core passes its open connection when a session holds one.
   * Must be idempotent (a change finished again after a crash calls it again).
   */
  readonly rekeyDatabase?: (from: Uint8Array, to: Uint8Array) => void;
}

export type AccountStatus =
  | { readonly state: 'none' }
  | { readonly state: 'locked' }
  | {
      readonly state: 'ready';
      readonly sessionId: SessionId;
      readonly displayName: string | null;
      readonly protection: ProtectionKind;
    };

/** Public facts about the account, readable even while it is locked. */
export interface AccountSummary {
  readonly sessionId: SessionId;
  readonly displayName: string | null;
  readonly ed25519PublicKey: string;
  readonly protection: ProtectionKind;
}

export interface CreatedAccount {
  readonly sessionId: SessionId;
  readonly mnemonic: string;
  readonly displayName: string;
}

export interface RestoredAccount {
  readonly sessionId: SessionId;
  readonly displayName: string | null;
}

interface Unlocked {
  readonly masterKey: MasterKey;
  readonly seed: Seed16;
  readonly identity: Identity;
}

/** How long a display name read from the account file is used before the file is looked at again. */
const NAME_RECHECK_MS = 1000;

export class AccountService {
  private readonly keys: MasterKeyStore;
  private unlocked: Unlocked | undefined;
  private nameRead: { readonly name: string | null; readonly at: number } | undefined;

  constructor(
    readonly profileDir: string,
    private readonly options: AccountServiceOptions = {},
  ) {
    this.keys = new MasterKeyStore(profileDir, options);
  }

  /** Loads libsodium, then builds the service. */
  static async open(profileDir: string, options: AccountServiceOptions = {}): Promise<AccountService> {
    await sodiumReady();
    return new AccountService(profileDir, options);
  }

  /** Unlocks by itself when no password is needed, so the app starts straight into the account. */
  status(): AccountStatus {
    const file = readAccountFile(this.profileDir);
    if (file === undefined) return { state: 'none' };
    try {
      this.ensureUnlocked();
    } catch (error) {
      if (isAccountError(error, 'account.locked')) return { state: 'locked' };
      throw error;
    }
    return {
      state: 'ready',
      sessionId: file.sessionId as SessionId,
      displayName: file.displayName,
      protection: this.protection(),
    };
  }

  /** A new account with a fresh random seed; the phrase is returned once, for the backup screen. */
  create(displayName: string, protection?: ProtectionRequest): CreatedAccount {
    const name = normalizeDisplayName(displayName);
    const seed = generateSeed16();
    const { identity } = this.install(seed, name, protection);
    return { sessionId: identity.sessionId, mnemonic: encodeRecoveryPhrase(seed), displayName: name };
  }

  /** The account of a recovery phrase (same Session ID as on any other device). */
  restore(phrase: string, displayName?: string, protection?: ProtectionRequest): RestoredAccount {
    const decoded = decodeRecoveryPhrase(phrase);
    if (!decoded.ok) throw phraseError(decoded.error);
    const name = displayName === undefined ? null : normalizeDisplayName(displayName);
    const { identity } = this.install(decoded.seed, name, protection);
    return { sessionId: identity.sessionId, displayName: name };
  }

  show(): AccountSummary {
    const file = readAccountFile(this.profileDir);
    if (file === undefined) throw noAccountError();
    return {
      sessionId: file.sessionId as SessionId,
      displayName: file.displayName,
      ed25519PublicKey: file.ed25519PublicKey,
      protection: this.protection(),
    };
  }

  /**
   * The 13-word phrase — only when the user explicitly asks to see it, and with the current
   * password when there is one (someone at an unlocked computer must not walk away with it).
   */
  revealRecoveryPhrase(currentPassword?: string): string {
    const { seed } = this.ensureUnlocked();
    this.confirmPassword(currentPassword);
    return encodeRecoveryPhrase(seed);
  }

  /**
   * Our display name alone: every outgoing message carries it (two stores each). `show()` also
   * asks the key header for the protection in force, a second `stat` the name does not need.
   * Even the account file's `stat` was about 50 µs of each message sent in a burst (issue #15's
   * CPU per message), so the name read is kept for NAME_RECHECK_MS: a change made by this
   * process forgets it at once (`forgetName`), one made by another process (the CLI) is seen
   * within that time, which only decides the name the next message carries.
   */
  displayName(): string | null {
    const now = performance.now();
    if (this.nameRead !== undefined && now - this.nameRead.at < NAME_RECHECK_MS) return this.nameRead.name;
    const file = readAccountFile(this.profileDir);
    if (file === undefined) throw noAccountError();
    this.nameRead = { name: file.displayName, at: now };
    return file.displayName;
  }

  private forgetName(): void {
    this.nameRead = undefined;
  }

  setDisplayName(displayName: string): AccountSummary {
    const name = normalizeDisplayName(displayName);
    this.ensureUnlocked();
    const file = readAccountFile(this.profileDir);
    if (file === undefined) throw noAccountError();
    this.forgetName();
    writeAccountFile(this.profileDir, { ...file, displayName: name });
    return this.show();
  }

  /** Unlocks a password-protected account ('password.wrong' when it does not match). */
  unlock(password: string): AccountStatus {
    if (readAccountFile(this.profileDir) === undefined) throw noAccountError();
    this.unlocked ??= this.load(this.keys.open(password));
    return this.status();
  }

  /**
   * Forgets the keys held in memory (wiped: an Identity handed out earlier becomes unusable);
   * a password-protected account then needs unlock() again.
   */
  lock(): void {
    if (this.unlocked === undefined) return;
    const { masterKey, seed, identity } = this.unlocked;
    wipe(masterKey, seed, identity.ed25519SecretKey, identity.x25519SecretKey);
    this.unlocked = undefined;
  }

  /** The account's keys, for main-process modules (signing, decrypting). NEVER send over IPC. */
  identity(): Identity {
    return this.ensureUnlocked().identity;
  }

  /** Key for the SQLCipher database (a subkey of the master key; caller wipes it after use). */
  databaseKey(): Uint8Array {
    return deriveSubkey(this.ensureUnlocked().masterKey, 'database');
  }

  /**
   * A copy of the master key, for the encrypted profile export only (the caller wipes it). The
   * export carries it so the account file, database rows and avatars need no re-encryption.
   * NEVER send over IPC.
   */
  masterKeyForExport(): MasterKey {
    return new Uint8Array(this.ensureUnlocked().masterKey) as MasterKey;
  }

  protection(): ProtectionKind {
    const kind = this.keys.protection();
    if (kind !== undefined) return kind;
    // An account whose key header vanished cannot be opened: say so rather than "no account".
    if (existsSync(accountFilePath(this.profileDir))) throw corruptError(HEADER_FILE, 'missing');
    throw noAccountError();
  }

  keychainAvailable(): boolean {
    return this.keys.keychainAvailable();
  }

  /**
   * Sets or changes the password (the account must be unlocked; `currentPassword` is needed when
   * one is set already). The new one has 6 to 256 characters.
   */
  setPassword(password: string, currentPassword?: string): void {
    this.changeProtection({ kind: 'password', password }, currentPassword);
  }

  /** Drops the password (the current one is needed): back to the OS keychain when there is one, else a key file. */
  removePassword(currentPassword?: string, to?: 'os-keychain' | 'key-file'): void {
    this.changeProtection(
      { kind: to ?? (this.keys.keychainAvailable() ? 'os-keychain' : 'key-file') },
      currentPassword,
    );
  }

  /**
   * Puts the account under another protection with a NEW master key: a copy of the old key file,
   * or the old password with a copy of the old header, must not open anything written later. The
   * account file is re-sealed and the database re-keyed before the new key is put in force and
   * the old one removed; a crash in between is finished at the next unlock (see key-rotation.ts).
   */
  changeProtection(request: ProtectionRequest, currentPassword?: string): void {
    this.ensureUnlocked();
    this.confirmPassword(currentPassword);
    // A change that failed and could not be undone is still journaled: finish it first, so the
    // new journal starts from the key the files are under.
    if (this.keys.rotationPending()) {
      const finished = this.finishRotation(this.keys.open(currentPassword));
      const stale = this.ensureUnlocked().masterKey;
      this.unlocked = { ...this.ensureUnlocked(), masterKey: finished };
      wipe(stale);
    }
    const unlocked = this.ensureUnlocked();
    const previous = unlocked.masterKey;
    const next = this.keys.beginRotation(previous, request);
    try {
      this.reencrypt(previous, next);
    } catch (error) {
      this.undoRotation(previous, next);
      wipe(next);
      throw error;
    }
    // Memory follows the disk before the commit: if the commit fails halfway, the next unlock
    // finishes it, and meanwhile this process already uses the key the files are under.
    this.unlocked = { ...unlocked, masterKey: next };
    wipe(previous);
    this.keys.commitRotation();
  }

  /**
   * With a password in force, checks that `given` is it ('password.needed' when absent,
   * 'password.wrong' when not it); without a password, there is nothing to check.
   */
  private confirmPassword(given: string | undefined): void {
    if (this.protection() !== 'password') return;
    if (given === undefined || given === '')
      throw new AccountError('password.needed', 'type the current password first');
    // open(), not unlock(): with a change journaled, the password gives both keys, and the one in
    // memory is either of them.
    const { key, previous } = this.keys.open(given);
    const held = this.ensureUnlocked().masterKey;
    const same = sodium().memcmp(key, held) || (previous !== undefined && sodium().memcmp(previous, held));
    wipe(key, previous);
    if (!same) throw new AccountError('password.wrong', 'the password is wrong');
  }

  /** Re-seals the account file and re-keys the database from `from` to `to`; idempotent. */
  private reencrypt(from: MasterKey, to: MasterKey): void {
    resealAccountFile(this.profileDir, from, to);
    const fromDb = deriveSubkey(from, 'database');
    const toDb = deriveSubkey(to, 'database');
    try {
      (this.options.rekeyDatabase ?? this.rekeyClosedDatabase)(fromDb, toDb);
    } finally {
      wipe(fromDb, toDb);
    }
  }

  private readonly rekeyClosedDatabase = (from: Uint8Array, to: Uint8Array): void => {
    rekeyDatabaseFile(join(this.profileDir, DATABASE_FILE), from, to);
  };

  /** A change that failed before its commit goes back to the old key; if even that fails, the next unlock finishes it. */
  private undoRotation(previous: MasterKey, next: MasterKey): void {
    try {
      this.reencrypt(next, previous);
      this.keys.abandonRotation();
    } catch {
      // Left journaled: both keys still open everything, and the next unlock completes the change.
    }
  }

  /** Finishes a change of protection a crash interrupted, before anything else uses the keys. */
  private finishRotation(opened: OpenedKeys): MasterKey {
    if (opened.previous === undefined) return opened.key;
    try {
      this.reencrypt(opened.previous, opened.key);
      this.keys.commitRotation();
    } catch (error) {
      wipe(opened.key);
      throw error;
    } finally {
      wipe(opened.previous);
    }
    return opened.key;
  }

  private defaultProtection(): ProtectionRequest {
    return (
      this.options.defaultProtection ?? { kind: this.keys.keychainAvailable() ? 'os-keychain' : 'key-file' }
    );
  }

  /** Writes a new account. The master key comes first so the seed is never on disk unprotected. */
  private install(seed: Seed16, displayName: string | null, protection?: ProtectionRequest): Unlocked {
    // readAccountFile throws on a damaged file: it is reported, never overwritten.
    if (readAccountFile(this.profileDir) !== undefined) {
      throw new AccountError('account.exists', 'this profile already has an account');
    }
    ensureProfileDir(this.profileDir);
    // A key without an account is what a crash between the two writes leaves: reuse it.
    const masterKey = this.keys.exists()
      ? (this.unlocked?.masterKey ??
        this.keys.unlock(protection?.kind === 'password' ? protection.password : undefined))
      : this.keys.create(protection ?? this.defaultProtection());
    const identity = identityFromSeed(seed);
    this.forgetName();
    writeAccountFile(this.profileDir, sealAccount(masterKey, seed, identity, displayName));
    this.unlocked = { masterKey, seed, identity };
    return this.unlocked;
  }

  private ensureUnlocked(): Unlocked {
    if (this.unlocked !== undefined) return this.unlocked;
    if (readAccountFile(this.profileDir) === undefined) throw noAccountError();
    if (this.protection() === 'password') throw lockedError();
    this.unlocked = this.load(this.keys.open());
    return this.unlocked;
  }

  private load(opened: OpenedKeys): Unlocked {
    const masterKey = this.finishRotation(opened);
    const file = readAccountFile(this.profileDir);
    if (file === undefined) throw noAccountError();
    try {
      return { masterKey, ...openAccount(masterKey, file) };
    } catch (error) {
      wipe(masterKey);
      throw error;
    }
  }
}
