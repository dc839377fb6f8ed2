/**
 * Staging: a file picked, dropped, pasted or named on the command line becomes an encrypted copy
 * in the profile and a staged row, before any message exists. Here, and only here, the limits are
 * applied (10,000,000 bytes, Session's `MAX_ATTACHMENT_FILESIZE_BYTES`), JPEG metadata is removed
 * and an image's size is read from its header (never trusted from the caller).
 */
import { imageSize } from 'image-size';
import { newAttachmentId, type AttachmentId, type VeilDatabase } from '../db';
import { ATTACHMENT_MAX_BYTES, type StagedAttachment } from '../../shared/ipc/attachments';
import { IpcFailure } from '../../shared/ipc/result';
import type { AttachmentBlobStore } from './blob-store';
import { isImageType } from './content-type';
import { isJpeg, stripJpegMetadata } from './jpeg-metadata';
import { VOICE_FLAG } from './pointer';
import { ATTACHMENT_REASONS } from './reasons';

export interface StageInput {
  readonly fileName: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly width?: number;
  readonly height?: number;
  readonly voice?: boolean;
  readonly thumbnail?: Uint8Array;
}

const THUMBNAIL_MAX = 200_000;

/** Thrown when a file is over the limit: the reason names the file. */
export function tooLarge(fileName: string): IpcFailure {
  return new IpcFailure(
    'invalid-arguments',
    `${fileName} is over 10,000,000 bytes`,
    ATTACHMENT_REASONS.tooLarge.replace(/^reasons\./, ''),
    {
      name: fileName,
    },
  );
}

/** Width and height from an image's header, when it is a picture we can read. */
export function headerSize(data: Uint8Array): { width: number; height: number } | undefined {
  try {
    const s = imageSize(data);
    const swap = s.orientation !== undefined && s.orientation >= 5;
    const w = swap ? s.height : s.width;
    const h = swap ? s.width : s.height;
    if (w === undefined || h === undefined || w <= 0 || h <= 0 || w > 65_535 || h > 65_535) return undefined;
    return { width: w, height: h };
  } catch {
    return undefined;
  }
}

function thumbnailType(data: Uint8Array): string | undefined {
  if (isJpeg(data)) return 'image/jpeg';
  if (data.length > 8 && data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47)
    return 'image/png';
  if (data.length > 12 && String.fromCharCode(...data.subarray(8, 12)) === 'WEBP') return 'image/webp';
  return undefined;
}

export function stageFile(
  db: VeilDatabase,
  blobs: AttachmentBlobStore,
  input: StageInput,
  now: number,
): StagedAttachment {
  if (input.data.length > ATTACHMENT_MAX_BYTES) throw tooLarge(input.fileName);
  let data = input.data;
  const contentType = input.contentType.toLowerCase();
  if (contentType === 'image/jpeg' || isJpeg(data)) {
    const stripped = stripJpegMetadata(data);
    if (stripped.ok) data = stripped.data;
  }
  // Images: the header says (a caller's numbers are only used for videos, which main cannot read).
  const fromHeader = isImageType(contentType) ? headerSize(data) : undefined;
  const width = fromHeader?.width ?? (isImageType(contentType) ? null : (input.width ?? null));
  const height = fromHeader?.height ?? (isImageType(contentType) ? null : (input.height ?? null));
  const thumbType = input.thumbnail ? thumbnailType(input.thumbnail) : undefined;
  const thumbnail =
    input.thumbnail && thumbType && input.thumbnail.length <= THUMBNAIL_MAX
      ? { ...blobs.put(input.thumbnail), contentType: thumbType }
      : null;
  const blob = blobs.put(data);
  const id: AttachmentId = newAttachmentId();
  const flags = input.voice === true ? VOICE_FLAG : 0;
  try {
    db.attachments.insertStaged(
      { id, size: data.length, contentType, fileName: input.fileName, flags, width, height, blob, thumbnail },
      now,
    );
  } catch (e) {
    blobs.remove(blob.name);
    if (thumbnail) blobs.remove(thumbnail.name);
    throw e;
  }
  return {
    stagedId: id,
    fileName: input.fileName,
    contentType,
    size: data.length,
    width,
    height,
    voice: flags === VOICE_FLAG,
  };
}
