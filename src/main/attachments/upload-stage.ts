/**
 * The upload stage of the outbox: before a message with files goes to a swarm, each of its files
 * that has no URL yet is encrypted from its local copy and uploaded; the pointers are kept in the
 * database, so a retry of the store (or the sync copy) reuses them. A crash mid-upload leaves the
 * file without a URL: the next run starts its upload again from the encrypted local copy. The
 * message never leaves without every one of its files.
 */
import type { AttachmentPointer } from '../../swarm/messages/index';
import type { AttachmentRecord, MessageId, VeilDatabase } from '../db';
import type { NetworkClient } from '../network';
import { FileError } from '../files/errors';
import type { FileServerSource } from '../files/file-server-source';
import type { AttachmentBlobStore } from './blob-store';
import { pointerOf } from './pointer';
import type { ProgressReporter } from './progress';
import { ATTACHMENT_REASONS } from './reasons';
import { uploadAttachment } from './transfer';

/** Why an upload stage failed; `code` feeds the outbox's decision (offline waits, others fail). */
export class UploadStageError extends Error {
  constructor(
    readonly code: 'offline' | 'stopped' | 'cancelled' | 'upload-failed' | 'missing',
    message: string,
  ) {
    super(message);
    this.name = 'UploadStageError';
  }
}

export interface UploadStageDeps {
  readonly db: VeilDatabase;
  readonly blobs: AttachmentBlobStore;
  readonly network: NetworkClient | undefined;
  readonly fileServer: FileServerSource;
  readonly progress: ProgressReporter;
  readonly log: (line: string) => void;
  /** `X-FS-TTL` for uploads (tests of expiry). */
  readonly ttlSeconds?: number;
}

export class UploadStage {
  /** One upload run per message: the recipient's row and the sync copy's share it. */
  private readonly running = new Map<MessageId, Promise<AttachmentPointer[]>>();
  private readonly controllers = new Map<MessageId, AbortController>();

  constructor(private readonly d: UploadStageDeps) {}

  /** The message's pointers, uploading what is not uploaded yet. */
  pointersFor(messageId: MessageId): Promise<AttachmentPointer[]> {
    const running = this.running.get(messageId);
    if (running) return running;
    const controller = new AbortController();
    this.controllers.set(messageId, controller);
    const run = this.run(messageId, controller.signal).finally(() => {
      this.running.delete(messageId);
      this.controllers.delete(messageId);
    });
    this.running.set(messageId, run);
    return run;
  }

  /** Stops the message's uploads (its files become failed: Resend uploads them again). */
  cancel(messageId: MessageId): boolean {
    const c = this.controllers.get(messageId);
    c?.abort();
    return c !== undefined;
  }

  private async run(messageId: MessageId, signal: AbortSignal): Promise<AttachmentPointer[]> {
    const pointers: AttachmentPointer[] = [];
    for (const a of this.d.db.attachments.forMessage(messageId)) {
      pointers.push(await this.one(a, signal));
    }
    return pointers;
  }

  private async one(a: AttachmentRecord, signal: AbortSignal): Promise<AttachmentPointer> {
    const done = pointerOf(a);
    if (done) {
      if (a.state !== 'ready') {
        this.d.db.attachments.setState(a.id, 'ready');
        this.d.progress.changed(a.id);
      }
      return done;
    }
    const fail = (code: UploadStageError['code'], reason: string, message: string): never => {
      this.d.db.attachments.setState(a.id, code === 'offline' ? 'uploading' : 'failed', reason);
      this.d.progress.changed(a.id);
      throw new UploadStageError(code, message);
    };
    const plain = a.blob ? this.d.blobs.get(a.blob) : undefined;
    if (!plain) return fail('missing', ATTACHMENT_REASONS.missing, 'the local copy of a file is missing');
    const server = await this.d.fileServer();
    if (!this.d.network || !server)
      return fail('upload-failed', ATTACHMENT_REASONS.noFileServer, 'no file server on this network');
    if (a.state !== 'uploading') this.d.db.attachments.setState(a.id, 'uploading');
    this.d.progress.changed(a.id);
    try {
      const up = await uploadAttachment(this.d.network, server, plain, {
        signal,
        onProgress: (f) => {
          this.d.progress.progress(a.id, f);
        },
        ...(this.d.ttlSeconds !== undefined ? { ttlSeconds: this.d.ttlSeconds } : {}),
      });
      if (signal.aborted) return fail('cancelled', ATTACHMENT_REASONS.cancelled, 'cancelled');
      this.d.db.attachments.setUploaded(a.id, up);
    } catch (e) {
      if (signal.aborted) return fail('cancelled', ATTACHMENT_REASONS.cancelled, 'cancelled');
      const code = e instanceof FileError ? e.code : 'offline';
      this.d.log(`attachment upload failed: ${code}`);
      if (code === 'stopped') throw new UploadStageError('stopped', 'the network stopped');
      if (code === 'offline') return fail('offline', ATTACHMENT_REASONS.uploadFailed, 'offline');
      return fail('upload-failed', ATTACHMENT_REASONS.uploadFailed, `upload failed: ${code}`);
    }
    this.d.progress.changed(a.id);
    const stored = this.d.db.attachments.get(a.id);
    const pointer = stored ? pointerOf(stored) : undefined;
    if (!pointer) throw new UploadStageError('missing', 'the uploaded file vanished');
    return pointer;
  }
}
