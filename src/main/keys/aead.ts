/**
 * XChaCha20-Poly1305 (IETF) with a random 24-byte nonce: random nonces are safe at this size, so
 * no counter has to be kept on disk. The associated data binds each ciphertext to its role, so a
 * blob copied from one field or file into another fails to open instead of being misread.
 */
import { sodium } from '../../crypto/sodium';

export interface Sealed {
  readonly nonce: Uint8Array;
  readonly ciphertext: Uint8Array;
}

export function seal(key: Uint8Array, plaintext: Uint8Array, associatedData: string): Sealed {
  const s = sodium();
  const nonce = s.randombytes_buf(s.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  const ciphertext = s.crypto_aead_xchacha20poly1305_ietf_encrypt(
    plaintext,
    associatedData,
    null,
    nonce,
    key,
  );
  return { nonce, ciphertext };
}

/** The plaintext, or undefined when the key is wrong or the bytes were altered. */
export function open(key: Uint8Array, sealed: Sealed, associatedData: string): Uint8Array | undefined {
  const s = sodium();
  if (sealed.nonce.length !== s.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES) return undefined;
  try {
    return s.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      sealed.ciphertext,
      associatedData,
      sealed.nonce,
      key,
    );
  } catch {
    return undefined;
  }
}
