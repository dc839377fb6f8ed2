/** Attachment rows → the IPC shape the windows see (nothing secret: no keys, no URLs). */
import type { AttachmentRecord } from '../db';
import type { Attachment } from '../../shared/ipc/attachments';
import { VOICE_FLAG } from './pointer';

export function toAttachment(a: AttachmentRecord, progress: number | null = null): Attachment {
  const moving = a.state === 'uploading' || a.state === 'downloading';
  return {
    id: a.id,
    fileName: a.fileName,
    contentType: a.contentType,
    size: a.size,
    width: a.width,
    height: a.height,
    voice: (a.flags & VOICE_FLAG) !== 0,
    state: a.state,
    progress: moving ? (progress ?? 0) : null,
    error: a.state === 'failed' || a.state === 'expired' ? (a.error ?? null) : null,
    hasThumbnail: a.thumbnail !== null,
  };
}
