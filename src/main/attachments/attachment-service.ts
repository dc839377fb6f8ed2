/**
 * Attachments of one unlocked profile: staging, the encrypted store, uploads before sending,
 * downloads of received files, and what the IPC calls `attachments.*` answer. Created with the
 * profile session; messaging reaches it through MessageAttachmentHooks.
 */
import type { AttachmentPointer } from '../../swarm/messages/index';
import {
  isAttachmentId,
  type AttachmentId,
  type AttachmentRecord,
  type MessageId,
  type VeilDatabase,
} from '../db';
import type { DomainBus } from '../domain/bus';
import type { NetworkClient } from '../network';
import type { FileServerSource } from '../files/file-server-source';
import { safeAttachmentName } from '../security/attachment-name';
import type { Attachment, StagedAttachment } from '../../shared/ipc/attachments';
import { IpcFailure } from '../../shared/ipc/result';
import { AttachmentBlobStore } from './blob-store';
import { DownloadQueue } from './download-queue';
import type { MessageAttachmentHooks } from './hooks';
import { remoteOf, VOICE_FLAG } from './pointer';
import { ProgressReporter } from './progress';
import { ATTACHMENT_REASONS } from './reasons';
import { stageFile, type StageInput } from './stage';
import { UploadStage } from './upload-stage';
import { toAttachment } from './views';

export interface AttachmentServiceDeps {
  readonly profileDir: string;
  readonly db: VeilDatabase;
  readonly bus: DomainBus;
  readonly network: NetworkClient | undefined;
  readonly fileServer: FileServerSource;
  readonly log: (line: string) => void;
  /** Marks a message failed after a cancelled upload (the outbox's verdict). */
  readonly failMessage: (messageId: MessageId, reason: string) => void;
  readonly now?: () => number;
  readonly uploadTtlSeconds?: number;
}

/** Trash and automatic downloads are looked at this often (and after each change). */
const TICK_MS = 2_000;

export class AttachmentService implements MessageAttachmentHooks {
  readonly blobs: AttachmentBlobStore;
  private readonly progress: ProgressReporter;
  private readonly uploads: UploadStage;
  private readonly downloads: DownloadQueue;
  private readonly startedAt: number;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly d: AttachmentServiceDeps) {
    this.blobs = new AttachmentBlobStore(d.profileDir);
    this.startedAt = this.now();
    this.progress = new ProgressReporter(d.db, d.bus);
    this.uploads = new UploadStage({
      db: d.db,
      blobs: this.blobs,
      network: d.network,
      fileServer: d.fileServer,
      progress: this.progress,
      log: d.log,
      ...(d.uploadTtlSeconds !== undefined ? { ttlSeconds: d.uploadTtlSeconds } : {}),
    });
    this.downloads = new DownloadQueue({
      db: d.db,
      blobs: this.blobs,
      network: d.network,
      fileServer: d.fileServer,
      progress: this.progress,
      log: d.log,
      settled: (a) => {
        this.announceMessage(a);
      },
    });
  }

  private now(): number {
    return (this.d.now ?? Date.now)();
  }

  /**
   * A new run: staged files of the last one are gone with its composer, interrupted downloads
   * wait again, the trash is emptied and files no row knows (a crash between writing a file and
   * its row) are removed.
   */
  start(): void {
    this.d.db.attachments.removeStagedBefore(this.startedAt);
    this.d.db.attachments.resetInterrupted();
    this.sweepTrash();
    this.blobs.removeStray(this.d.db.attachments.liveBlobs());
    this.timer = setInterval(() => {
      this.tick();
    }, TICK_MS);
    this.timer.unref();
    this.tick();
  }

  /** Resolves once no download is left running (the database closes after this). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.downloads.stop();
  }

  private tick(): void {
    try {
      this.sweepTrash();
      this.downloads.kick();
    } catch (e) {
      this.d.log(`attachments: ${e instanceof Error ? e.message : 'error'}`);
    }
  }

  /** Removes the files of rows that went away (whoever deleted them: see migration 0006). */
  sweepTrash(): void {
    for (const name of this.d.db.attachments.trash()) {
      this.blobs.remove(name);
      this.d.db.attachments.untrash(name);
    }
  }

  // ——— IPC ———

  stage(input: StageInput): StagedAttachment {
    return stageFile(this.d.db, this.blobs, input, this.now());
  }

  unstage(stagedId: string): void {
    if (isAttachmentId(stagedId) && this.d.db.attachments.removeStaged(stagedId)) this.sweepTrash();
  }

  private record(id: string): AttachmentRecord {
    const a = isAttachmentId(id) ? this.d.db.attachments.get(id) : undefined;
    if (!a) throw new IpcFailure('not-found', 'no such attachment', 'attachment.none');
    return a;
  }

  /** The decrypted bytes of a file (or its thumbnail) kept in the profile. */
  read(id: string, variant: 'file' | 'thumbnail' = 'file'): { contentType: string; data: Uint8Array } {
    const a = this.record(id);
    const blob = variant === 'thumbnail' ? a.thumbnail : a.blob;
    const data = blob ? this.blobs.get(blob) : undefined;
    if (!data)
      throw new IpcFailure(
        'not-found',
        'this file is not on this computer',
        ATTACHMENT_REASONS.missing.replace(/^reasons\./, ''),
      );
    return {
      contentType: variant === 'thumbnail' && a.thumbnail ? a.thumbnail.contentType : a.contentType,
      data,
    };
  }

  /** Starts (or retries) a download; resolves when it settled (the CLI waits, the app does not). */
  download(id: string): Promise<void> {
    const a = this.record(id);
    if (a.origin !== 'remote') throw new IpcFailure('conflict', 'only received files are downloaded');
    return this.downloads.start(a.id);
  }

  /** Stops an upload (the message fails; Resend restarts it) or a download (back to waiting). */
  cancel(id: string): void {
    const a = this.record(id);
    if (a.origin === 'remote') {
      this.downloads.cancel(a.id);
      return;
    }
    if (a.messageId === null || a.state !== 'uploading') return;
    this.uploads.cancel(a.messageId);
    this.d.db.attachments.setState(a.id, 'failed', ATTACHMENT_REASONS.cancelled);
    this.d.failMessage(a.messageId, 'cancelled');
    this.progress.changed(a.id);
  }

  /** The safe name to save a file under (the core never writes outside the profile itself). */
  saveAs(id: string): { saved: false; safeName: string } {
    const a = this.record(id);
    return { saved: false, safeName: safeAttachmentName(a.fileName ?? 'attachment') };
  }

  usage(): { bytes: number; files: number; downloadedBytes: number } {
    return this.d.db.attachments.usage();
  }

  clearDownloaded(): { freedBytes: number } {
    const freedBytes = this.d.db.attachments.clearDownloaded();
    this.sweepTrash();
    return { freedBytes };
  }

  /** The rows of a message (the CLI prints pointers from them). */
  recordsOf(messageId: MessageId): AttachmentRecord[] {
    return this.d.db.attachments.forMessage(messageId);
  }

  // ——— messaging hooks ———

  attachStaged(messageId: MessageId, stagedIds: readonly string[]): void {
    const ids = stagedIds.filter(isAttachmentId);
    if (
      ids.length !== stagedIds.length ||
      new Set(ids).size !== ids.length ||
      !this.d.db.attachments.attachStaged(messageId, ids)
    )
      throw new IpcFailure(
        'not-found',
        'a staged file is not staged any more',
        ATTACHMENT_REASONS.notStaged.replace(/^reasons\./, ''),
      );
  }

  has(messageId: MessageId): boolean {
    return this.d.db.attachments.forMessage(messageId).length > 0;
  }

  pointersFor(messageId: MessageId): Promise<AttachmentPointer[]> {
    return this.uploads.pointersFor(messageId);
  }

  resend(messageId: MessageId): void {
    this.d.db.attachments.retryUploads(messageId);
  }

  received(messageId: MessageId, pointers: readonly AttachmentPointer[]): boolean {
    const usable = pointers.map(remoteOf).filter((p) => p !== undefined);
    if (usable.length === 0) return false;
    this.d.db.attachments.insertRemote(messageId, usable.slice(0, 32), this.now());
    // After the receive transaction commits: accepted conversations download at once.
    setImmediate(() => {
      this.tick();
    });
    return true;
  }

  viewsOf(messageIds: readonly MessageId[]): Map<MessageId, Attachment[]> {
    const out = new Map<MessageId, Attachment[]>();
    for (const [id, list] of this.d.db.attachments.forMessages(messageIds))
      out.set(
        id,
        list.map((a) => toAttachment(a, this.progress.fraction(a.id))),
      );
    return out;
  }

  firstOf(messageId: MessageId): { contentType: string; voice: boolean } | null {
    const first = this.d.db.attachments.forMessage(messageId)[0];
    return first ? { contentType: first.contentType, voice: (first.flags & VOICE_FLAG) !== 0 } : null;
  }

  private announceMessage(a: AttachmentRecord): void {
    if (a.messageId === null || a.conversationId === null) return;
    this.d.bus.emit({ type: 'messages.changed', conversationId: a.conversationId, ids: [a.messageId] });
  }
}

export type { AttachmentId };
