/**
 * The picker's side of a profile picture: only PNG, JPEG or WebP files up to 5 MB are taken, and
 * they are decoded and drawn again on a canvas at 640 px at most (Session's avatars are small;
 * re-encoding also drops metadata such as GPS positions), then sent to main as base64.
 */
import { AVATAR_UPLOAD_MAX_BYTES } from '../../shared/ipc/avatar';

export const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export const AVATAR_MAX_SIDE = 640;

export type AvatarPickProblem = 'type' | 'size' | 'unreadable';

export function checkAvatarFile(file: {
  readonly type: string;
  readonly size: number;
}): AvatarPickProblem | null {
  if (!(AVATAR_TYPES as readonly string[]).includes(file.type)) return 'type';
  if (file.size > AVATAR_UPLOAD_MAX_BYTES || file.size === 0) return 'size';
  return null;
}

/** The largest size within a `max`×`max` box, keeping the proportions. */
export function fitWithin(width: number, height: number, max = AVATAR_MAX_SIDE): { w: number; h: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { w: Math.max(1, Math.round(width * scale)), h: Math.max(1, Math.round(height * scale)) };
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Decodes, resizes and re-encodes (WebP, PNG where WebP cannot be written); base64 of the result. */
export async function reencodeAvatar(file: Blob): Promise<string> {
  const bitmap = await createImageBitmap(file);
  try {
    const { w, h } = fitWithin(bitmap.width, bitmap.height);
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d canvas');
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, w, h);
    const blob = await new Promise<Blob | null>((resolve) => {
      canvas.toBlob(resolve, 'image/webp', 0.9);
    });
    if (!blob) throw new Error('the canvas did not encode');
    const bytes = new Uint8Array(await blob.arrayBuffer());
    if (bytes.length > AVATAR_UPLOAD_MAX_BYTES) throw new Error('re-encoded picture is too large');
    return toBase64(bytes);
  } finally {
    bitmap.close();
  }
}
