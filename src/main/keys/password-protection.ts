/**
 * Password protection: the master key sealed with XChaCha20-Poly1305 under a key derived from
 * the password by Argon2id (libsodium crypto_pwhash, ALG_ARGON2ID13). Salt and costs are stored
 * so they can be raised later without breaking old profiles.
 */
import { sodium } from '../../crypto/sodium';
import { AccountError, corruptError } from '../account/errors';
import { open, seal } from './aead';
import { b64, HEADER_FILE, type PasswordHeader } from './header';
import { asMasterKey, wipe, type MasterKey } from './master-key';
import type { KeyProtection, PwhashLimits } from './protection';

/**
 * 3 passes over 128 MiB: measured 0.3–0.45 s in libsodium's WebAssembly build on a laptop-class
 * core — slow for a guesser, tolerable once per start. (INTERACTIVE is 2 × 64 MiB, ~0.2 s.)
 */
export const DEFAULT_PWHASH_LIMITS: PwhashLimits = { opslimit: 3, memlimit: 128 * 1024 * 1024 };

/** Binds the wrapped key to its role and to the KDF costs it was sealed with. */
function associatedData(limits: PwhashLimits): string {
  return `veil/master-key/v1/password/argon2id13/${limits.opslimit}/${limits.memlimit}`;
}

function deriveKey(password: string, salt: Uint8Array, limits: PwhashLimits): Uint8Array {
  const s = sodium();
  // NFC so that the same password typed on another keyboard or OS gives the same key.
  const pw = new TextEncoder().encode(password.normalize('NFC'));
  try {
    return s.crypto_pwhash(
      s.crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
      pw,
      salt,
      limits.opslimit,
      limits.memlimit,
      s.crypto_pwhash_ALG_ARGON2ID13,
    );
  } finally {
    wipe(pw);
  }
}

/**
 * The rule for a new password, enforced here (not only in the UI) so that no caller can seal the
 * key under "a": 6 to 256 characters (code points, so an emoji counts once). Passwords set before
 * this rule still unlock: it applies to sealing, never to opening.
 */
export const PASSWORD_LENGTH = { min: 6, max: 256 } as const;

export function checkPassword(password: string): void {
  // Counted as it will be hashed (NFC), so the count does not depend on the keyboard.
  const length = Array.from(password.normalize('NFC')).length;
  if (length === 0) throw new AccountError('password.empty', 'the password is empty');
  if (length < PASSWORD_LENGTH.min)
    throw new AccountError(
      'password.too-short',
      `a password has at least ${PASSWORD_LENGTH.min} characters`,
      {
        min: PASSWORD_LENGTH.min,
      },
    );
  if (length > PASSWORD_LENGTH.max)
    throw new AccountError('password.too-long', `a password has at most ${PASSWORD_LENGTH.max} characters`, {
      max: PASSWORD_LENGTH.max,
    });
}

export function passwordProtection(
  password: string,
  limits: PwhashLimits = DEFAULT_PWHASH_LIMITS,
): KeyProtection<PasswordHeader> {
  return {
    kind: 'password',
    seal(masterKey) {
      checkPassword(password);
      const salt = sodium().randombytes_buf(sodium().crypto_pwhash_SALTBYTES);
      const key = deriveKey(password, salt, limits);
      try {
        const sealed = seal(key, masterKey, associatedData(limits));
        return {
          version: 1,
          kind: 'password',
          kdf: { alg: 'argon2id13', salt: b64.encode(salt), ...limits },
          aead: 'xchacha20poly1305-ietf',
          nonce: b64.encode(sealed.nonce),
          wrappedKey: b64.encode(sealed.ciphertext),
        };
      } finally {
        wipe(key);
      }
    },
    open(header): MasterKey {
      const limits = { opslimit: header.kdf.opslimit, memlimit: header.kdf.memlimit };
      const salt = b64.decode(header.kdf.salt);
      if (salt.length !== sodium().crypto_pwhash_SALTBYTES) {
        // Not the password's fault: say the file is damaged instead of "wrong password".
        throw corruptError(HEADER_FILE, 'salt');
      }
      const key = deriveKey(password, salt, limits);
      try {
        const plain = open(
          key,
          { nonce: b64.decode(header.nonce), ciphertext: b64.decode(header.wrappedKey) },
          associatedData(limits),
        );
        const master = plain === undefined ? undefined : asMasterKey(plain);
        // An altered blob and a wrong password look the same to an AEAD; the password is far likelier.
        if (master === undefined) throw new AccountError('password.wrong', 'the password is wrong');
        return master;
      } finally {
        wipe(key);
      }
    },
  };
}
