/**
 * What an image claims to be, from its first bytes only (never from a name or a header from the
 * network). Avatars are PNG, JPEG or WebP; anything else is refused before it reaches a window.
 */
export type ImageMime = 'image/png' | 'image/jpeg' | 'image/webp';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(b: Uint8Array, sig: readonly number[], at = 0): boolean {
  return b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
}

export function imageMimeOf(bytes: Uint8Array): ImageMime | undefined {
  if (startsWith(bytes, PNG)) return 'image/png';
  // SOI then the first marker's 0xFF.
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  // RIFF <size> WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return 'image/webp';
  return undefined;
}

/** Our own limit for avatars (set or received): the picker refuses bigger files too. */
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;
