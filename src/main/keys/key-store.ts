/**
 * The master key of one profile: created once, then unlocked at each start through whichever
 * protection is in force. Changing the protection re-wraps the same key, so nothing encrypted
 * under it has to be rewritten.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AccountError } from '../account/errors';
import { KEY_FILE, readHeader, writeHeader, type ProtectionHeader, type ProtectionKind } from './header';
import { keychainAvailable, keychainProtection } from './keychain-protection';
import { keyFileProtection, keysDir, scrubKeyFile } from './key-file-protection';
import { generateMasterKey, type MasterKey } from './master-key';
import { passwordProtection } from './password-protection';
import type { KeyProtection, ProtectionRequest, PwhashLimits, SafeStorageLike } from './protection';

export interface KeyStoreOptions {
  /** Electron's safeStorage; absent in the browser host and the CLI. */
  readonly safeStorage?: SafeStorageLike;
  /** Argon2id costs for new passwords (tests lower them); unlock always uses the stored ones. */
  readonly pwhashLimits?: PwhashLimits;
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
   * The master key. `password` is needed only under password protection; a wrong one throws
   * AccountError 'password.wrong', a missing one 'account.locked'.
   */
  unlock(password?: string): MasterKey {
    const header = readHeader(this.profileDir);
    if (header === undefined) throw new AccountError('account.none', 'this profile has no master key yet');
    if (header.kind === 'password' && password === undefined) {
      throw new AccountError('account.locked', 'the account is locked: enter its password first');
    }
    const key = this.open(header, password ?? '');
    // A key file left over by an interrupted change of protection must not outlive it.
    if (header.kind !== 'key-file') scrubKeyFile(this.profileDir);
    return key;
  }

  /** Re-wraps `masterKey` (the one unlock() returned) under another protection. */
  changeProtection(masterKey: MasterKey, request: ProtectionRequest): void {
    if (!this.exists()) throw new AccountError('account.none', 'this profile has no master key yet');
    this.store(masterKey, request);
  }

  private store(key: MasterKey, request: ProtectionRequest): void {
    keysDir(this.profileDir);
    const protection = this.protectionFor(request.kind, request.kind === 'password' ? request.password : '');
    // Order matters for crash safety: the new protection is complete on disk before the header
    // points at it, and the clear key file goes only after the header no longer needs it.
    const header: ProtectionHeader = protection.seal(key);
    writeHeader(this.profileDir, header);
    if (header.kind !== 'key-file') scrubKeyFile(this.profileDir);
  }

  private protectionFor(kind: ProtectionKind, password: string): KeyProtection {
    switch (kind) {
      case 'key-file':
        return keyFileProtection(this.profileDir);
      case 'os-keychain':
        return keychainProtection(this.options.safeStorage);
      case 'password':
        return passwordProtection(password, this.options.pwhashLimits);
    }
  }

  /** Dispatches on the header's kind so each protection only ever sees its own header type. */
  private open(header: ProtectionHeader, password: string): MasterKey {
    switch (header.kind) {
      case 'key-file':
        return keyFileProtection(this.profileDir).open(header);
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
