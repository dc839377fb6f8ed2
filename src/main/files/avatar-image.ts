/**
 * A profile picture's bytes: fetched and opened (a contact's), shown (as a `data:` URL), and
 * when ours must go up again. What AvatarService builds its bookkeeping on.
 */
import { decryptStreamAttachment } from '../../crypto/attachments-stream';
import { decryptProfileAvatar } from '../../crypto/profile-avatar';
import type { NetworkClient } from '../network';
import { keyFromBase64, type AvatarPointer } from './avatar-store';
import { FileError } from './errors';
import { downloadFile } from './file-client';
import { fileIdOf, type FileServer } from './file-server';
import { AVATAR_MAX_BYTES, imageMimeOf } from './image-type';

const DAY_MS = 86_400_000;
/**
 * The file server forgets files (14 days on mainnet): our picture is uploaded again, under the
 * same profile key, when it is this close to its announced expiry, or, without one, this old
 * (desktop re-uploads after 12–14 days: `AvatarReuploadJob`, `triggerAvatarReUploadIfNeeded`).
 */
export const OWN_RENEW_BEFORE_EXPIRY_MS = 2 * DAY_MS;
export const OWN_RENEW_AFTER_MS = 12 * DAY_MS;

/** Whether our uploaded picture is due to go up again (or be extended) at `now`. */
export function ownPictureIsStale(
  own: { readonly expiresAt: number | null; readonly uploadedAt?: number | null },
  now: number,
): boolean {
  return own.expiresAt !== null
    ? own.expiresAt - now < OWN_RENEW_BEFORE_EXPIRY_MS
    : now - (own.uploadedAt ?? 0) > OWN_RENEW_AFTER_MS;
}

export function dataUrlOf(image: Uint8Array): string | null {
  const mime = imageMimeOf(image);
  return mime ? `data:${mime};base64,${Buffer.from(image).toString('base64')}` : null;
}

/**
 * Downloads the picture a pointer names through the onion and opens it: a PNG, JPEG or WebP
 * within the size limit, or a FileError ('bad-url', 'not-an-image', or the download's own).
 */
export async function fetchAvatarImage(
  network: NetworkClient,
  fileServer: FileServer,
  pointer: Pick<AvatarPointer, 'url' | 'key'>,
): Promise<Uint8Array> {
  const ref = fileIdOf(pointer.url, fileServer);
  if (!ref) throw new FileError('bad-url', 'not a URL of our file server');
  const blob = await downloadFile(network, fileServer, ref.id);
  // `#d`: libsession's stream scheme (§6.2, sent by current mobile clients); else AES-GCM.
  const key = keyFromBase64(pointer.key);
  const dec = ref.deterministic ? decryptStreamAttachment(blob, key) : decryptProfileAvatar(blob, key);
  if (!dec.ok) throw new FileError('not-an-image', `avatar does not decrypt: ${dec.error.kind}`);
  if (dec.data.length > AVATAR_MAX_BYTES || imageMimeOf(dec.data) === undefined)
    throw new FileError('not-an-image', 'the decrypted avatar is not a PNG, JPEG or WebP');
  return dec.data;
}
