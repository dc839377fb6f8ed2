/**
 * Whether safeStorage can serve as the OS keychain. Apart from keychain-protection.ts because
 * Electron's main thread asks it too (core-worker/keychain-host.ts), and that thread never loads
 * libsodium, which the protections need.
 */
import type { SafeStorageLike } from './protection';

/** safeStorage can decrypt at all (whatever its backend): enough to open an existing header. */
export function canDecrypt(safeStorage: SafeStorageLike | undefined): safeStorage is SafeStorageLike {
  try {
    return safeStorage?.isEncryptionAvailable() === true;
  } catch {
    return false;
  }
}

/**
 * Whether the OS keychain can protect a key. On Linux without a keyring (no GNOME Keyring,
 * KWallet or other Secret Service), Electron still reports encryption as available but uses its
 * `basic_text` backend: a password hard-coded in Chromium, so anyone who copies the profile can
 * unwrap the key. That is no keychain: Veil then uses a key file (or the password) and says so.
 */
export function keychainAvailable(safeStorage: SafeStorageLike | undefined): safeStorage is SafeStorageLike {
  if (!canDecrypt(safeStorage)) return false;
  try {
    return safeStorage.getSelectedStorageBackend?.() !== 'basic_text';
  } catch {
    return true; // not Linux (the method is Linux-only): the platform keychain is real
  }
}
