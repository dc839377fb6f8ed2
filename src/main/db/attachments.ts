/**
 * Attachments (migration 0006): staged files, the files of messages, their transfer state and
 * their encrypted local copies. The only SQL about attachments; every row is parsed by zod.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Brand } from '../../crypto/brand';
import type { SessionId } from '../../crypto/keys';
import type { MessageId } from './ids';
import { parseOptionalRow, parseRow, zMessageId, zConversationId, zTime } from './rows';
import { limitedStatement } from './limited';
import type { Sqlite } from './sqlite';
import type { Transact } from './transact';

/** Our local id of an attachment (also of a staged file): 32 random hex digits. */
export type AttachmentId = Brand<string, 'AttachmentId'>;
const ATTACHMENT_ID = /^[0-9a-f]{32}$/;

export function isAttachmentId(s: unknown): s is AttachmentId {
  return typeof s === 'string' && ATTACHMENT_ID.test(s);
}

export function newAttachmentId(): AttachmentId {
  return randomBytes(16).toString('hex') as AttachmentId;
}

export type AttachmentRowState = 'pending' | 'uploading' | 'downloading' | 'ready' | 'failed' | 'expired';

/** A local encrypted file: its name in the profile's attachments folder and its AES-256-GCM key. */
export type LocalBlob = { readonly name: string; readonly key: Uint8Array; readonly bytes: number };

export type AttachmentRecord = {
  readonly id: AttachmentId;
  /** null while staged. */
  readonly messageId: MessageId | null;
  readonly conversationId: SessionId | null;
  readonly position: number;
  readonly origin: 'local' | 'remote';
  readonly url: string | null;
  readonly key: Uint8Array | null;
  readonly digest: Uint8Array | null;
  readonly size: number;
  readonly contentType: string;
  readonly fileName: string | null;
  readonly flags: number;
  readonly width: number | null;
  readonly height: number | null;
  readonly caption: string | null;
  readonly state: AttachmentRowState;
  readonly error: string | null;
  readonly blob: LocalBlob | null;
  readonly thumbnail: (LocalBlob & { readonly contentType: string }) | null;
  readonly expiresAt: number | null;
  readonly createdAt: number;
};

const zBytes = z.instanceof(Uint8Array).transform((b) => new Uint8Array(b));
const zBlobName = z.string().regex(/^[0-9a-f]{32}$/);

const zRow = z
  .object({
    id: z.string().regex(ATTACHMENT_ID),
    message_id: zMessageId.nullable(),
    conversation_id: zConversationId.nullable(),
    position: z.number().int().nonnegative(),
    origin: z.enum(['local', 'remote']),
    url: z.string().nullable(),
    key: zBytes.nullable(),
    digest: zBytes.nullable(),
    size: z.number().int().nonnegative(),
    content_type: z.string(),
    file_name: z.string().nullable(),
    flags: z.number().int().nonnegative(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    caption: z.string().nullable(),
    state: z.enum(['pending', 'uploading', 'downloading', 'ready', 'failed', 'expired']),
    error: z.string().nullable(),
    blob: zBlobName.nullable(),
    blob_key: zBytes.nullable(),
    blob_bytes: z.number().int().nonnegative(),
    thumb_blob: zBlobName.nullable(),
    thumb_key: zBytes.nullable(),
    thumb_type: z.string().nullable(),
    expires_at: zTime.nullable(),
    created_at: zTime,
  })
  .transform((r): AttachmentRecord => ({
    id: r.id as AttachmentId,
    messageId: r.message_id,
    conversationId: r.conversation_id,
    position: r.position,
    origin: r.origin,
    url: r.url,
    key: r.key,
    digest: r.digest,
    size: r.size,
    contentType: r.content_type,
    fileName: r.file_name,
    flags: r.flags,
    width: r.width,
    height: r.height,
    caption: r.caption,
    state: r.state,
    error: r.error,
    blob:
      r.blob !== null && r.blob_key !== null ? { name: r.blob, key: r.blob_key, bytes: r.blob_bytes } : null,
    thumbnail:
      r.thumb_blob !== null && r.thumb_key !== null
        ? { name: r.thumb_blob, key: r.thumb_key, bytes: 0, contentType: r.thumb_type ?? 'image/jpeg' }
        : null,
    expiresAt: r.expires_at,
    createdAt: r.created_at,
  }));

const zUsage = z.object({ bytes: z.number(), files: z.number(), downloaded: z.number() });

const COLUMNS = `a.id, a.message_id, m.conversation_id, a.position, a.origin, a.url, a.key, a.digest, a.size,
  a.content_type, a.file_name, a.flags, a.width, a.height, a.caption, a.state, a.error, a.blob, a.blob_key,
  a.blob_bytes, a.thumb_blob, a.thumb_key, a.thumb_type, a.expires_at, a.created_at`;
const FROM = 'FROM attachments a LEFT JOIN messages m ON m.id = a.message_id';

/** A file picked for the next message, already stored encrypted. */
export type NewStaged = {
  readonly id: AttachmentId;
  readonly size: number;
  readonly contentType: string;
  readonly fileName: string;
  readonly flags: number;
  readonly width: number | null;
  readonly height: number | null;
  readonly blob: LocalBlob;
  readonly thumbnail: (LocalBlob & { readonly contentType: string }) | null;
};

/** An AttachmentPointer received in a message (checked by the caller). */
export type NewRemote = {
  readonly url: string;
  readonly key: Uint8Array;
  readonly digest: Uint8Array | null;
  readonly size: number;
  readonly contentType: string;
  readonly fileName: string | null;
  readonly flags: number;
  readonly width: number | null;
  readonly height: number | null;
  readonly caption: string | null;
};

/** `transaction` is the connection's one wrapper (transact.ts): BEGIN IMMEDIATE, savepoint inside. */
export function attachmentsRepository(db: Sqlite, transaction: Transact) {
  const parse = (r: unknown) => parseRow(zRow, r, 'attachment');
  const byId = db.prepare<[string]>(`SELECT ${COLUMNS} ${FROM} WHERE a.id = ?`);
  const byMessage = db.prepare<[string]>(
    `SELECT ${COLUMNS} ${FROM} WHERE a.message_id = ? ORDER BY a.position`,
  );
  const insertStaged = db.prepare<{
    id: string;
    size: number;
    type: string;
    name: string;
    flags: number;
    width: number | null;
    height: number | null;
    blob: string;
    blobKey: Buffer;
    blobBytes: number;
    thumb: string | null;
    thumbKey: Buffer | null;
    thumbType: string | null;
    now: number;
  }>(
    `INSERT INTO attachments (id, message_id, origin, size, content_type, file_name, flags, width, height, state,
                              blob, blob_key, blob_bytes, thumb_blob, thumb_key, thumb_type, created_at)
     VALUES (:id, NULL, 'local', :size, :type, :name, :flags, :width, :height, 'ready',
             :blob, :blobKey, :blobBytes, :thumb, :thumbKey, :thumbType, :now)`,
  );
  const insertRemote = db.prepare<{
    id: string;
    messageId: string;
    position: number;
    url: string;
    key: Buffer;
    digest: Buffer | null;
    size: number;
    type: string;
    name: string | null;
    flags: number;
    width: number | null;
    height: number | null;
    caption: string | null;
    now: number;
  }>(
    `INSERT INTO attachments (id, message_id, position, origin, url, key, digest, size, content_type, file_name,
                              flags, width, height, caption, state, created_at)
     VALUES (:id, :messageId, :position, 'remote', :url, :key, :digest, :size, :type, :name,
             :flags, :width, :height, :caption, 'pending', :now)`,
  );
  const attach = db.prepare<[string, number, string]>(
    `UPDATE attachments SET message_id = ?, position = ?, state = 'uploading', error = NULL
     WHERE id = ? AND message_id IS NULL`,
  );
  const removeStaged = db.prepare<[string]>('DELETE FROM attachments WHERE id = ? AND message_id IS NULL');
  const staleStaged = db.prepare<[number]>(
    'DELETE FROM attachments WHERE message_id IS NULL AND created_at < ?',
  );
  const uploaded = db.prepare<[string, Buffer, Buffer | null, number | null, string]>(
    `UPDATE attachments SET url = ?, key = ?, digest = ?, expires_at = ?, state = 'ready', error = NULL
     WHERE id = ?`,
  );
  const setState = db.prepare<[string, string | null, string]>(
    'UPDATE attachments SET state = ?, error = ? WHERE id = ?',
  );
  const downloaded = db.prepare<[string, Buffer, number, string]>(
    `UPDATE attachments SET blob = ?, blob_key = ?, blob_bytes = ?, state = 'ready', error = NULL WHERE id = ?`,
  );
  const retryUploads = db.prepare<[string]>(
    `UPDATE attachments SET state = 'uploading', error = NULL
     WHERE message_id = ? AND origin = 'local' AND state IN ('failed', 'uploading')`,
  );
  const usage = db.prepare(
    `SELECT coalesce(sum(blob_bytes), 0) AS bytes, count(blob) AS files,
            coalesce(sum(CASE WHEN origin = 'remote' THEN blob_bytes ELSE 0 END), 0) AS downloaded
     FROM attachments WHERE blob IS NOT NULL`,
  );
  const clearDownloaded = db.prepare(
    `UPDATE attachments SET blob = NULL, blob_key = NULL, blob_bytes = 0, state = 'pending', error = NULL
     WHERE origin = 'remote' AND blob IS NOT NULL`,
  );
  // Run by the download queue's tick every 2 s even when idle: a literal LIMIT (limited.ts).
  const pendingAuto = limitedStatement<[]>(
    db,
    (n) => `SELECT ${COLUMNS} ${FROM} JOIN conversations c ON c.id = m.conversation_id
     WHERE a.origin = 'remote' AND a.state = 'pending' AND c.is_request = 0 AND c.blocked = 0
     ORDER BY a.created_at LIMIT ${n}`,
  );
  const interrupted = db.prepare(`UPDATE attachments SET state = 'pending' WHERE state = 'downloading'`);
  // A quit between "failed" and the file's own state: the message waits for Resend, so does its file.
  // EXISTS looks each uploading file's message up by its key; `IN (SELECT id FROM messages WHERE
  // status = 'failed')` scanned (and decrypted) the whole messages table at every start (issue #15).
  const orphanUploads = db.prepare(
    `UPDATE attachments SET state = 'failed', error = coalesce(error, 'reasons.attachment.uploadFailed')
     WHERE origin = 'local' AND state = 'uploading'
       AND EXISTS (SELECT 1 FROM messages m WHERE m.id = attachments.message_id AND m.status = 'failed')`,
  );
  const trash = db.prepare('SELECT blob FROM attachment_trash LIMIT 500').pluck();
  const untrash = db.prepare<[string]>('DELETE FROM attachment_trash WHERE blob = ?');
  const allBlobs = db
    .prepare(
      `SELECT blob FROM attachments WHERE blob IS NOT NULL
       UNION ALL SELECT thumb_blob FROM attachments WHERE thumb_blob IS NOT NULL`,
    )
    .pluck();

  const buf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

  return {
    get(id: AttachmentId): AttachmentRecord | undefined {
      return parseOptionalRow(zRow, byId.get(id), 'attachment');
    },

    forMessage(messageId: MessageId): AttachmentRecord[] {
      return byMessage.all(messageId).map(parse);
    },

    /** Attachments of several messages, each list in the order sent. */
    forMessages(ids: readonly MessageId[]): Map<MessageId, AttachmentRecord[]> {
      const out = new Map<MessageId, AttachmentRecord[]>();
      for (const id of ids) {
        const list = byMessage.all(id).map(parse);
        if (list.length > 0) out.set(id, list);
      }
      return out;
    },

    insertStaged(s: NewStaged, now: number): void {
      insertStaged.run({
        id: s.id,
        size: s.size,
        type: s.contentType,
        name: s.fileName,
        flags: s.flags,
        width: s.width,
        height: s.height,
        blob: s.blob.name,
        blobKey: buf(s.blob.key),
        blobBytes: s.blob.bytes,
        thumb: s.thumbnail?.name ?? null,
        thumbKey: s.thumbnail ? buf(s.thumbnail.key) : null,
        thumbType: s.thumbnail?.contentType ?? null,
        now,
      });
    },

    /** Forgets a staged file (its blob goes to the trash); false if it was not staged. */
    removeStaged(id: AttachmentId): boolean {
      return removeStaged.run(id).changes > 0;
    },

    /** Staged files left from an earlier run (the composer that staged them is gone). */
    removeStagedBefore(time: number): number {
      return staleStaged.run(time).changes;
    },

    /**
     * Moves staged files onto a message being queued (call inside its transaction), in order;
     * false when one of them is not staged any more (then the caller rolls back).
     */
    attachStaged(messageId: MessageId, ids: readonly AttachmentId[]): boolean {
      return ids.every((id, position) => attach.run(messageId, position, id).changes === 1);
    },

    insertRemote(messageId: MessageId, list: readonly NewRemote[], now: number): AttachmentId[] {
      return list.map((p, position) => {
        const id = newAttachmentId();
        insertRemote.run({
          id,
          messageId,
          position,
          url: p.url,
          key: buf(p.key),
          digest: p.digest ? buf(p.digest) : null,
          size: p.size,
          type: p.contentType,
          name: p.fileName,
          flags: p.flags,
          width: p.width,
          height: p.height,
          caption: p.caption,
          now,
        });
        return id;
      });
    },

    setUploaded(
      id: AttachmentId,
      u: { url: string; key: Uint8Array; digest: Uint8Array | null; expiresAt: number | null },
    ): void {
      uploaded.run(u.url, buf(u.key), u.digest ? buf(u.digest) : null, u.expiresAt, id);
    },

    setState(id: AttachmentId, state: AttachmentRowState, error: string | null = null): void {
      setState.run(state, error, id);
    },

    setDownloaded(id: AttachmentId, blob: LocalBlob): void {
      downloaded.run(blob.name, buf(blob.key), blob.bytes, id);
    },

    /** Resend: our files of this message that did not upload are tried again. */
    retryUploads(messageId: MessageId): void {
      retryUploads.run(messageId);
    },

    usage(): { bytes: number; files: number; downloadedBytes: number } {
      const r = parseRow(zUsage, usage.get(), 'attachment usage');
      return { bytes: r.bytes, files: r.files, downloadedBytes: r.downloaded };
    },

    /** Drops the local copies of received files (they can be downloaded again); bytes freed. */
    clearDownloaded: (): number =>
      transaction(() => {
        const before = parseRow(zUsage, usage.get(), 'attachment usage').downloaded;
        clearDownloaded.run();
        return before;
      }),

    /** Received files waiting for the automatic download (accepted, unblocked conversations). */
    pendingAutomatic(limit = 20): AttachmentRecord[] {
      return pendingAuto(limit).all().map(parse);
    },

    /** A new run: downloads a quit interrupted are pending again; uploads of failed messages failed. */
    resetInterrupted(): void {
      interrupted.run();
      orphanUploads.run();
    },

    /** Names of local files no row refers to any more. */
    trash(): string[] {
      return trash.all().map((n) => parseRow(zBlobName, n, 'attachment trash'));
    },

    untrash(name: string): void {
      untrash.run(name);
    },

    /** Every local file a row refers to (the sweep of stray files keeps these). */
    liveBlobs(): Set<string> {
      return new Set(allBlobs.all().map((n) => parseRow(zBlobName, n, 'attachment blob')));
    },
  };
}

export type AttachmentsRepository = ReturnType<typeof attachmentsRepository>;
