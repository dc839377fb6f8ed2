/**
 * Reads a QR code from an image the user picked, pasted or dropped (a screenshot of someone's
 * Session QR). Decoded locally with jsQR on the image's pixels: nothing leaves the computer.
 */

/**
 * jsQR builds its tables when its module is evaluated (≈ 0.2 MB of script): fetched on the first
 * image read, not with the first screen (issue #15, cold start).
 */
const loadJsQr = () => import('jsqr').then((m) => m.default);

export type QrRead =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'unreadable' };

/** Big screenshots are scaled down first: jsQR's time grows with the pixel count. */
const MAX_SIDE = 1600;

/** Session's QR codes hold the Account ID itself (session-desktop `SessionQRCode`). */
export function sessionIdInQr(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  return /^05[0-9a-f]{64}$/.test(t) ? t : undefined;
}

export async function readQrFromImage(file: Blob): Promise<QrRead> {
  // Fetched while the image decodes; a failed fetch is a read that could not be made.
  const jsQRing = loadJsQr().catch(() => undefined);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return { kind: 'unreadable' };
  }
  try {
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const w = Math.max(1, Math.round(bitmap.width * scale));
    const h = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return { kind: 'unreadable' };
    ctx.drawImage(bitmap, 0, 0, w, h);
    const pixels = ctx.getImageData(0, 0, w, h);
    const jsQR = await jsQRing;
    if (!jsQR) return { kind: 'unreadable' };
    // Both polarities: a QR shown in a dark theme is light on dark.
    const code = jsQR(pixels.data, w, h, { inversionAttempts: 'attemptBoth' });
    return code ? { kind: 'text', text: code.data } : { kind: 'none' };
  } finally {
    bitmap.close();
  }
}

/** The first image among pasted or dropped items, if any. */
export function imageIn(items: DataTransferItemList | undefined): File | undefined {
  if (!items) return undefined;
  for (const item of items) {
    if (item.kind === 'file' && item.type.startsWith('image/')) return item.getAsFile() ?? undefined;
  }
  return undefined;
}
