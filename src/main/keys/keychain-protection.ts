/**
 * OS-keychain protection: the master key wrapped by Electron's safeStorage. The wrapped blob lives
 * in the header; only this user's OS session can unwrap it.
 */
import { AccountError } from '../account/errors';
import { b64, type KeychainHeader } from './header';
import { asMasterKey, type MasterKey } from './master-key';
import { canDecrypt, keychainAvailable } from './keychain-available';
import type { KeyProtection, SafeStorageLike } from './protection';

function unavailable(reason: 'no-keychain' | 'decrypt-failed'): AccountError {
  return new AccountError(
    'keychain.unavailable',
    reason === 'no-keychain'
      ? 'the OS keychain is not available here'
      : 'the OS keychain could not unlock the key of this profile',
    { reason },
  );
}

export function keychainProtection(safeStorage: SafeStorageLike | undefined): KeyProtection<KeychainHeader> {
  return {
    kind: 'os-keychain',
    seal(masterKey) {
      if (!keychainAvailable(safeStorage)) throw unavailable('no-keychain');
      // safeStorage takes strings; base64 is the narrowest lossless text form of the key.
      const wrapped = safeStorage.encryptString(b64.encode(masterKey));
      return { version: 1, kind: 'os-keychain', wrappedKey: wrapped.toString('base64') };
    },
    open(header): MasterKey {
      // A key wrapped earlier under basic_text must still open (then Settings offers better).
      if (!canDecrypt(safeStorage)) throw unavailable('no-keychain');
      let text: string;
      try {
        text = safeStorage.decryptString(Buffer.from(header.wrappedKey, 'base64'));
      } catch {
        throw unavailable('decrypt-failed');
      }
      const key = asMasterKey(b64.decode(text));
      if (key === undefined) throw unavailable('decrypt-failed');
      return key;
    },
  };
}
