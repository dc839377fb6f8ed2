/**
 * Legacy profile-picture encryption: AES-256-GCM under the 32-byte profile key,
 * blob = IV (12) ‖ ciphertext ‖ tag (16).
 *
 * Facts: ../shared/protocol/identity-and-messages.md §6.4; session-desktop
 * `ts/util/crypto/profileEncrypter.ts` (`encryptProfile`/`decryptProfile`: 12-byte IV, 128-bit
 * tag, no additional data). Avatars whose URL fragment carries `d` use the stream scheme instead
 * (./attachments-stream, domain `profile-pic`).
 *
 * Pure: the IV is an argument (12 random bytes from the caller).
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { Brand } from './brand';

/** `DataMessage.profileKey` / the config's profile-picture key: 32 bytes. */
export type ProfileKey = Brand<Uint8Array, 'ProfileKey'>;

export const PROFILE_KEY_BYTES = 32;
export const PROFILE_IV_BYTES = 12;
export const PROFILE_TAG_BYTES = 16;

export function asProfileKey(bytes: Uint8Array): ProfileKey {
  if (bytes.length !== PROFILE_KEY_BYTES) throw new RangeError('profile key: expected 32 bytes');
  return bytes as ProfileKey;
}

export function encryptProfileAvatar(data: Uint8Array, key: ProfileKey, iv: Uint8Array): Uint8Array {
  if (iv.length !== PROFILE_IV_BYTES) throw new RangeError('profile avatar IV: expected 12 bytes');
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: PROFILE_TAG_BYTES });
  const body = Buffer.concat([iv, cipher.update(data), cipher.final(), cipher.getAuthTag()]);
  return new Uint8Array(body);
}

export type ProfileAvatarDecryptError =
  | { readonly kind: 'bad-key-length'; readonly length: number }
  | { readonly kind: 'too-short'; readonly length: number }
  /** Tag check failed: most likely the profile key changed since the upload, or bytes were altered. */
  | { readonly kind: 'bad-tag' };

export type ProfileAvatarDecryptResult =
  | { readonly ok: true; readonly data: Uint8Array }
  | { readonly ok: false; readonly error: ProfileAvatarDecryptError };

/** Never throws: the blob comes from the file server and the key from another user. */
export function decryptProfileAvatar(blob: Uint8Array, key: Uint8Array): ProfileAvatarDecryptResult {
  if (key.length !== PROFILE_KEY_BYTES)
    return { ok: false, error: { kind: 'bad-key-length', length: key.length } };
  if (blob.length < PROFILE_IV_BYTES + PROFILE_TAG_BYTES)
    return { ok: false, error: { kind: 'too-short', length: blob.length } };
  const iv = blob.subarray(0, PROFILE_IV_BYTES);
  const ciphertext = blob.subarray(PROFILE_IV_BYTES, blob.length - PROFILE_TAG_BYTES);
  const tag = blob.subarray(blob.length - PROFILE_TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: PROFILE_TAG_BYTES });
    decipher.setAuthTag(tag);
    return { ok: true, data: new Uint8Array(Buffer.concat([decipher.update(ciphertext), decipher.final()])) };
  } catch {
    return { ok: false, error: { kind: 'bad-tag' } };
  }
}
