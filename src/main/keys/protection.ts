/** The three ways a master key can be kept at rest, behind one interface. */
import type { MasterKey } from './master-key';
import type { ProtectionHeader, ProtectionKind } from './header';

export type { ProtectionKind } from './header';

/**
 * Electron's `safeStorage` shape (OS keychain: Keychain on macOS, DPAPI on Windows, libsecret or
 * kwallet on Linux). Injected so this module never imports electron and tests can fake it.
 */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only: 'basic_text' when no keyring answered (see keychain-protection.ts). */
  getSelectedStorageBackend?(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Argon2id costs: `opslimit` passes, `memlimit` bytes. */
export interface PwhashLimits {
  readonly opslimit: number;
  readonly memlimit: number;
}

/** What the caller asks for when creating a key or changing its protection. */
export type ProtectionRequest =
  | { readonly kind: 'key-file' }
  | { readonly kind: 'os-keychain' }
  | { readonly kind: 'password'; readonly password: string };

export interface KeyProtection<H extends ProtectionHeader = ProtectionHeader> {
  readonly kind: ProtectionKind;
  /** Puts the master key under this protection (may write files) and returns the header to store. */
  seal(masterKey: MasterKey): H;
  /** Recovers the master key; throws an AccountError (wrong password, damaged file, no keychain). */
  open(header: H): MasterKey;
}
