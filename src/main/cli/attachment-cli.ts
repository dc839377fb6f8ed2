/**
 * Files on the command line: `send … --attach FILE [--voice]` and `receive --json --save-dir DIR`.
 * Every file is read and checked before anything is staged, so a file too large or unreadable
 * stops the command (exit 2, one line on stderr) with nothing sent.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { toHex } from '../../crypto/bytes';
import type { AttachmentService } from '../attachments/attachment-service';
import { contentTypeOf } from '../attachments/content-type';
import { VOICE_FLAG } from '../attachments/pointer';
import { isMessageId, type AttachmentRecord } from '../db';
import { writeNewAttachmentFile } from '../security/save-new-file';
import { ATTACHMENT_MAX_BYTES } from '../../shared/ipc/attachments';
import type { Message } from '../../shared/ipc/messaging';
import { UsageError } from './context';
import { fillCatalog } from './id-words';
import type { Catalog } from '../../shared/i18n';

export interface FileToSend {
  readonly fileName: string;
  readonly contentType: string;
  readonly data: Uint8Array;
}

/** Reads the files named by --attach, refusing one over 10,000,000 bytes or unreadable. */
export function readFilesToSend(words: Catalog, paths: readonly string[]): FileToSend[] {
  return paths.map((path) => {
    let size: number;
    try {
      const st = statSync(path);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      throw new UsageError(fillCatalog(words.cliErrors.cannotRead, { path }));
    }
    if (size > ATTACHMENT_MAX_BYTES)
      throw new UsageError(fillCatalog(words.cliErrors.tooLarge, { path, size }));
    let data: Uint8Array;
    try {
      data = new Uint8Array(readFileSync(path));
    } catch {
      throw new UsageError(fillCatalog(words.cliErrors.cannotRead, { path }));
    }
    // It may have grown since stat.
    if (data.length > ATTACHMENT_MAX_BYTES)
      throw new UsageError(fillCatalog(words.cliErrors.tooLarge, { path, size: data.length }));
    const fileName = basename(path);
    return { fileName, contentType: contentTypeOf(fileName), data };
  });
}

/** Stages the files (after all were read); their staged ids, in order. */
export function stageFiles(
  service: AttachmentService,
  files: readonly FileToSend[],
  voice: boolean,
): string[] {
  return files.map((f) => service.stage({ ...f, voice }).stagedId);
}

/** `send --json`'s attachments: what the recipient's pointers say. */
export function sentAttachmentsJson(records: readonly AttachmentRecord[]) {
  return records.map((a) => ({
    fileName: a.fileName,
    contentType: a.contentType,
    size: a.size,
    url: a.url,
  }));
}

/** `receive --json`'s attachments (key and digest in hex, as they travel in the pointer). */
export function receivedAttachmentJson(a: AttachmentRecord, path?: string) {
  return {
    fileName: a.fileName,
    contentType: a.contentType,
    size: a.size,
    ...(a.width !== null ? { width: a.width } : {}),
    ...(a.height !== null ? { height: a.height } : {}),
    ...(a.flags !== 0 ? { flags: a.flags } : {}),
    url: a.url,
    key: a.key ? toHex(a.key) : null,
    digest: a.digest ? toHex(a.digest) : null,
    ...(path !== undefined ? { path } : {}),
    ...(a.state === 'failed' || a.state === 'expired' ? { error: a.error } : {}),
  };
}

/**
 * A message's line in the text form of `receive` and `history`: time, sender, text, then its files
 * in brackets (the saved paths with --save-dir), e.g. `… 05ab…: holidays [photo.png]`.
 */
export function messageTextLine(
  words: Catalog,
  m: Pick<Message, 'sentAt' | 'sender' | 'body'>,
  files: readonly ReturnType<typeof receivedAttachmentJson>[] | undefined,
): string {
  const names =
    files && files.length > 0
      ? `[${files.map((f) => f.path ?? f.fileName ?? words.cliOut.file).join(', ')}]`
      : '';
  const what = [m.body, names].filter((part) => part !== '').join(' ');
  return `${new Date(m.sentAt).toISOString()} ${m.sender}: ${what}`;
}

/**
 * A stored message's files as `receive --json` prints them without `--save-dir` (nothing
 * downloaded): `history` shows the same objects.
 */
export function storedAttachmentsJson(
  service: AttachmentService,
  messageId: string,
): ReturnType<typeof receivedAttachmentJson>[] {
  return isMessageId(messageId) ? service.recordsOf(messageId).map((a) => receivedAttachmentJson(a)) : [];
}

/**
 * Downloads, checks and decrypts each file of a received message and saves it in `dir`;
 * the JSON of each (with `path` when saved, `error` when it could not be).
 */
export async function saveAttachments(
  service: AttachmentService,
  messageId: string,
  dir: string | undefined,
): Promise<ReturnType<typeof receivedAttachmentJson>[]> {
  if (dir === undefined || !isMessageId(messageId)) return storedAttachmentsJson(service, messageId);
  const out: ReturnType<typeof receivedAttachmentJson>[] = [];
  for (const a of service.recordsOf(messageId)) {
    if (a.state !== 'ready' || a.blob === null) await service.download(a.id);
    const now = service.recordsOf(messageId).find((r) => r.id === a.id) ?? a;
    if (now.state !== 'ready') {
      out.push(receivedAttachmentJson(now));
      continue;
    }
    const data = service.read(now.id).data;
    const fallback = (now.flags & VOICE_FLAG) !== 0 ? 'voice-message' : 'attachment';
    out.push(receivedAttachmentJson(now, writeNewAttachmentFile(dir, now.fileName ?? fallback, data)));
  }
  return out;
}
