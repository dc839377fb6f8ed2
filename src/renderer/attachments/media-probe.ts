import { blobToBase64 } from './base64';

/** What the renderer learns about a picture or video before staging it. */
export interface MediaProbe {
  readonly width?: number;
  readonly height?: number;
  /** Base64 JPEG of at most THUMBNAIL_MAX_BYTES (the contract's limit). */
  readonly thumbnail?: string;
}

const THUMBNAIL_SIDE = 320;
const THUMBNAIL_MAX_BYTES = 200_000;
const DIMENSION_MAX = 65_535;
const VIDEO_PROBE_MS = 8_000;

function clampDimension(n: number): number | undefined {
  const v = Math.round(n);
  return v >= 1 && v <= DIMENSION_MAX ? v : undefined;
}

/** Draws `source` scaled into a JPEG no larger than the contract allows (lower quality if needed). */
async function thumbnailOf(
  source: CanvasImageSource,
  width: number,
  height: number,
): Promise<string | undefined> {
  const scale = Math.min(1, THUMBNAIL_SIDE / Math.max(width, height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) return undefined;
  ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
  for (const quality of [0.8, 0.6, 0.4]) {
    const blob = await new Promise<Blob | null>((resolve) => {
      canvas.toBlob(resolve, 'image/jpeg', quality);
    });
    if (blob && blob.size <= THUMBNAIL_MAX_BYTES) return blobToBase64(blob);
  }
  return undefined;
}

/**
 * Size and thumbnail of a picture, decoded here (never by main). `imageOrientation: 'from-image'`
 * applies the EXIF orientation, so a phone photo taken upright is upright in its thumbnail and
 * its dimensions are the ones people see.
 */
export async function probeImage(file: Blob): Promise<MediaProbe> {
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    try {
      const width = clampDimension(bitmap.width);
      const height = clampDimension(bitmap.height);
      const thumbnail = await thumbnailOf(bitmap, bitmap.width, bitmap.height);
      return {
        ...(width !== undefined && height !== undefined ? { width, height } : {}),
        ...(thumbnail !== undefined ? { thumbnail } : {}),
      };
    } finally {
      bitmap.close();
    }
  } catch {
    // Not decodable here (a broken or unusual file): it is sent as a file, without a preview.
    return {};
  }
}

/** Size and a poster frame of a video, from a muted <video> that never plays aloud. */
export async function probeVideo(file: Blob): Promise<MediaProbe> {
  const url = URL.createObjectURL(file);
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  video.playsInline = true;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error('video probe timed out'));
      }, VIDEO_PROBE_MS);
      video.onloadeddata = () => {
        clearTimeout(timer);
        resolve();
      };
      video.onerror = () => {
        clearTimeout(timer);
        reject(new Error('not a playable video'));
      };
      video.src = url;
    });
    // The very first frame is often black: a tenth of a second in shows the picture.
    // (A recording without an index may never finish seeking: the first frame then will do.)
    if (video.duration > 0.2) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2_000);
        video.onseeked = () => {
          clearTimeout(timer);
          resolve();
        };
        video.currentTime = 0.1;
      });
    }
    const width = clampDimension(video.videoWidth);
    const height = clampDimension(video.videoHeight);
    if (width === undefined || height === undefined) return {};
    const thumbnail = await thumbnailOf(video, width, height);
    return { width, height, ...(thumbnail !== undefined ? { thumbnail } : {}) };
  } catch {
    return {};
  } finally {
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  }
}
