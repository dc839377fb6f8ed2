/**
 * The master key of one profile: created once, then unlocked at each start through whichever
 * protection is in force. Changing the protection replaces the key (see key-rotation.ts): this
 * store journals and commits the change; the account service re-encrypts what the key protects
 * in between.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AccountError } from '../account/errors';
import { KEY_FILE, readHeader, writeHeader, type ProtectionHeader, type ProtectionKind } from './header';
import { keychainAvailable } from './keychain-available';
import { keychainProtection } from './keychain-protection';
import { keyFileProtection, keysDir, replaceKeyFile, scrubKeyFile } from './key-file-protection';
import {
  bothKeys,
  NEXT_KEY_FILE,
  ROTATION_FILE,
  readRotation,
  removeRotation,
  writeRotation,
} from './key-rotation';
import { generateMasterKey, wipe, type MasterKey } from './master-key';
import { passwordProtection } from './password-protection';
import type { KeyProtection, ProtectionRequest, PwhashLimits, SafeStorageLike } from './protection';

export interface KeyStoreOptions {
  /** Electron's safeStorage; absent in the browser host and the CLI. */
  readonly safeStorage?: SafeStorageLike;
  /** Argon2id costs for new passwords (tests lower them); unlock always uses the stored ones. */
  readonly pwhashLimits?: PwhashLimits;
}

/** What unlocking gives: the key, and the one it replaces while a change of protection is unfinished. */
export interface OpenedKeys {
  readonly key: MasterKey;
  /** Present while a change of protection is unfinished: finish it, then call commitRotation(). */
  readonly previous?: MasterKey;
}

export class MasterKeyStore {
  constructor(
    readonly profileDir: string,
    private readonly options: KeyStoreOptions = {},
  ) {}

  /** True once a master key has been created in this profile. */
  exists(): boolean {
    return readHeader(this.profileDir) !== undefined;
  }

  /** The protection in force (for Settings), or undefined when there is no key yet. */
  protection(): ProtectionKind | undefined {
    return readHeader(this.profileDir)?.kind;
  }

  /** Whether `os-keychain` can be chosen here (Electron with a working keychain). */
  keychainAvailable(): boolean {
    return keychainAvailable(this.options.safeStorage);
  }

  /** A new random master key under `request`. Refuses to replace an existing one. */
  create(request: ProtectionRequest): MasterKey {
    if (this.exists()) throw new AccountError('account.exists', 'this profile already has a master key');
    const key = generateMasterKey();
    this.store(key, request);
    return key;
  }

  /**
   * Puts an existing master key (from a profile export) under `request` in a profile that has none
   * yet: the imported account file, database and avatars are sealed under that very key.
   */
  adopt(key: MasterKey, request: ProtectionRequest): void {
    if (this.exists()) throw new AccountError('account.exists', 'this profile already has a master key');
    this.store(key, request);
  }

  /**
   * The master key. `password` is needed only under password protection; a wrong one throws
   * AccountError 'password.wrong', a missing one 'account.locked'. With a change of protection
   * unfinished, use open() instead (this throws then, rather than return a key that may not open
   * the account yet).
   */
  unlock(password?: string): MasterKey {
    const { key, previous } = this.open(password);
    if (previous !== undefined) {
      wipe(key, previous);
      throw new AccountError('storage.corrupt', 'a change of protection is unfinished', {
        file: ROTATION_FILE,
      });
    }
    return key;
  }

  /**
   * The master key, and while a change of protection is unfinished, the key it replaces. Either
   * protection opens both then: the old one (the change never got in force) or the new one (a
   * crash after it did), so the user's old or new password both work until the change is done.
   */
  open(password?: string): OpenedKeys {
    const header = readHeader(this.profileDir);
    if (header === undefined) throw new AccountError('account.none', 'this profile has no master key yet');
    if (header.kind === 'password' && password === undefined) {
      throw new AccountError('account.locked', 'the account is locked: enter its password first');
    }
    const rotation = readRotation(this.profileDir);
    if (rotation === undefined) {
      const key = this.openHeader(header, password ?? '');
      // A key file left over by an interrupted change of protection must not outlive it.
      if (header.kind !== 'key-file') scrubKeyFile(this.profileDir);
      return { key };
    }
    let key: MasterKey;
    try {
      key = this.openHeader(header, password ?? '');
    } catch (error) {
      // The password the user just chose, typed after a crash in the middle of setting it.
      const next = this.tryOpenNext(rotation.next, password);
      if (next === undefined) throw error;
      key = next;
    }
    const both = bothKeys(rotation, key);
    if (both === undefined) {
      wipe(key);
      throw new AccountError('storage.corrupt', `${ROTATION_FILE} does not belong to this key`, {
        file: ROTATION_FILE,
      });
    }
    return { key: both.next, previous: both.previous };
  }

  /** True while a change of protection is journaled but not committed. */
  rotationPending(): boolean {
    return readRotation(this.profileDir) !== undefined;
  }

  /**
   * Starts replacing `current` by a new random key under `request`: the new key is sealed (a key
   * file goes to `keys/master.next.key`) and the change journaled, while `current` stays in force.
   * Returns the new key; re-encrypt what the old one protects, then call commitRotation().
   */
  beginRotation(current: MasterKey, request: ProtectionRequest): MasterKey {
    if (!this.exists()) throw new AccountError('account.none', 'this profile has no master key yet');
    // One change at a time: a journal in progress holds the only link to its new key.
    if (this.rotationPending()) {
      throw new AccountError('storage.corrupt', 'a change of protection is unfinished', {
        file: ROTATION_FILE,
      });
    }
    keysDir(this.profileDir);
    const next = generateMasterKey();
    try {
      const header = this.protectionFor(request, NEXT_KEY_FILE).seal(next);
      writeRotation(this.profileDir, current, next, header);
    } catch (error) {
      wipe(next);
      removeRotation(this.profileDir);
      throw error;
    }
    return next;
  }

  /**
   * Puts the journaled key in force, then removes the old one and the journal. Each step can be
   * repeated after a crash: the key file is moved in one rename, the header replaced in one rename.
   */
  commitRotation(): void {
    const rotation = readRotation(this.profileDir);
    if (rotation === undefined) return;
    const staged = join(this.profileDir, NEXT_KEY_FILE);
    if (rotation.next.kind === 'key-file' && existsSync(staged)) replaceKeyFile(staged, this.keyFilePath());
    writeHeader(this.profileDir, rotation.next);
    if (rotation.next.kind !== 'key-file') scrubKeyFile(this.profileDir);
    removeRotation(this.profileDir);
  }

  /** Drops an unfinished change (it failed before anything was re-encrypted, or was undone). */
  abandonRotation(): void {
    removeRotation(this.profileDir);
  }

  private store(key: MasterKey, request: ProtectionRequest): void {
    keysDir(this.profileDir);
    // Order matters for crash safety: the new protection is complete on disk before the header
    // points at it, and the clear key file goes only after the header no longer needs it.
    const header: ProtectionHeader = this.protectionFor(request).seal(key);
    writeHeader(this.profileDir, header);
    if (header.kind !== 'key-file') scrubKeyFile(this.profileDir);
  }

  private tryOpenNext(next: ProtectionHeader, password: string | undefined): MasterKey | undefined {
    if (next.kind === 'password' && password === undefined) return undefined;
    try {
      return this.openHeader(next, password ?? '', true);
    } catch {
      return undefined;
    }
  }

  private protectionFor(request: ProtectionRequest, keyFile = KEY_FILE): KeyProtection {
    switch (request.kind) {
      case 'key-file':
        return keyFileProtection(this.profileDir, keyFile);
      case 'os-keychain':
        return keychainProtection(this.options.safeStorage);
      case 'password':
        return passwordProtection(request.password, this.options.pwhashLimits);
    }
  }

  /**
   * Dispatches on the header's kind so each protection only ever sees its own header type.
   * `staged`: the header of an unfinished change, whose key file may still be the staged one.
   */
  private openHeader(header: ProtectionHeader, password: string, staged = false): MasterKey {
    switch (header.kind) {
      case 'key-file':
        return keyFileProtection(
          this.profileDir,
          staged && existsSync(join(this.profileDir, NEXT_KEY_FILE)) ? NEXT_KEY_FILE : KEY_FILE,
        ).open(header);
      case 'os-keychain':
        return keychainProtection(this.options.safeStorage).open(header);
      case 'password':
        return passwordProtection(password, this.options.pwhashLimits).open(header);
    }
  }

  /** Path of the clear key file (exists only under key-file protection). */
  keyFilePath(): string {
    return join(this.profileDir, KEY_FILE);
  }

  hasKeyFile(): boolean {
    return existsSync(this.keyFilePath());
  }
}
