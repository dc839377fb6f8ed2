/**
 * Downloads of received files: automatic for accepted conversations (as Session: message
 * requests wait for a click), at most three at once (desktop `MAX_ATTACHMENT_JOB_PARALLELISM`).
 * A file is checked (MAC and digest, or every stream chunk) and decrypted before anything is
 * kept; its plaintext is then stored encrypted in the profile like our own files.
 */
import type { AttachmentId, AttachmentRecord, VeilDatabase } from '../db';
import type { NetworkClient } from '../network';
import type { FileServerSource } from '../files/file-server-source';
import type { AttachmentBlobStore } from './blob-store';
import type { ProgressReporter } from './progress';
import { ATTACHMENT_REASONS } from './reasons';
import { downloadAttachment } from './transfer';
import { releaseBytes } from '../../crypto/owned-bytes';

export const PARALLEL_DOWNLOADS = 3;

export interface DownloadQueueDeps {
  readonly db: VeilDatabase;
  readonly blobs: AttachmentBlobStore;
  readonly network: NetworkClient | undefined;
  readonly fileServer: FileServerSource;
  readonly progress: ProgressReporter;
  readonly log: (line: string) => void;
  /** A download settled (ready, failed, expired): the message is announced again. */
  readonly settled: (a: AttachmentRecord) => void;
}

export class DownloadQueue {
  private readonly running = new Map<AttachmentId, { controller: AbortController; done: Promise<void> }>();
  private stopped = false;

  constructor(private readonly d: DownloadQueueDeps) {}

  /** Starts the automatic downloads that fit (accepted, unblocked conversations). */
  kick(): void {
    if (this.stopped) return;
    const room = PARALLEL_DOWNLOADS - this.running.size;
    if (room <= 0) return;
    for (const a of this.d.db.attachments.pendingAutomatic(room + this.running.size)) {
      if (this.running.size >= PARALLEL_DOWNLOADS) break;
      void this.start(a.id);
    }
  }

  /** Downloads (or retries) one file; resolves once it settled. */
  start(id: AttachmentId): Promise<void> {
    const running = this.running.get(id);
    if (running) return running.done;
    const controller = new AbortController();
    const done = this.run(id, controller.signal)
      .catch((e: unknown) => {
        // After stop the database may be closed under a late step: that is the expected end.
        if (!this.stopped)
          this.d.log(`attachment download ${id}: ${e instanceof Error ? e.message : String(e)}`);
      })
      .finally(() => {
        this.running.delete(id);
        this.kick();
      });
    this.running.set(id, { controller, done });
    return done;
  }

  cancel(id: AttachmentId): boolean {
    const r = this.running.get(id);
    r?.controller.abort();
    return r !== undefined;
  }

  /**
   * Cancels every download and resolves once none is running: the caller closes the database
   * after this, and a transfer finishing later must find nothing left to write to.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    const running = [...this.running.values()];
    for (const r of running) r.controller.abort();
    await Promise.all(running.map((r) => r.done));
  }

  /** Stopped or cancelled: nothing more may be written for this download. */
  private gone(signal: AbortSignal): boolean {
    return this.stopped || signal.aborted;
  }

  private async run(id: AttachmentId, signal: AbortSignal): Promise<void> {
    const a = this.d.db.attachments.get(id);
    if (a?.origin !== 'remote' || a.url === null || a.key === null) return;
    if (a.state === 'ready' && a.blob !== null) return;
    const settle = (state: 'failed' | 'expired' | 'pending', reason: string | null) => {
      if (this.stopped) return;
      this.d.db.attachments.setState(id, state, reason);
      this.d.progress.changed(id);
      const now = this.d.db.attachments.get(id);
      if (now) this.d.settled(now);
    };
    const server = await untilAborted(this.d.fileServer(), signal);
    if (this.stopped) return;
    if (signal.aborted) {
      settle('pending', null);
      return;
    }
    if (!this.d.network || !server) {
      settle('failed', ATTACHMENT_REASONS.noFileServer);
      return;
    }
    this.d.db.attachments.setState(id, 'downloading');
    this.d.progress.changed(id);
    const got = await untilAborted(
      downloadAttachment(
        this.d.network,
        server,
        { url: a.url, key: a.key, digest: a.digest, size: a.size },
        {
          signal,
          onProgress: (f) => {
            if (!this.gone(signal)) this.d.progress.progress(id, f);
          },
        },
      ),
      signal,
    );
    // Stopped (settle writes nothing then) or cancelled: the file waits for a new attempt.
    if (this.gone(signal) || got === undefined) {
      settle('pending', null);
      return;
    }
    if (!got.ok) {
      this.d.log(`attachment download failed: ${got.detail}`);
      settle(got.state, got.reason);
      return;
    }
    // The row may have gone meanwhile (message deleted): keep nothing then.
    if (!this.d.db.attachments.get(id)) return;
    const blob = this.d.blobs.put(got.parts);
    // The plaintext is now on disk, encrypted: its slices (the download's own memory) are
    // freed at once instead of waiting for a collection (releaseBytes).
    for (const part of got.parts) releaseBytes(part);
    try {
      this.d.db.attachments.setDownloaded(id, blob);
    } catch (e) {
      this.d.blobs.remove(blob.name);
      throw e;
    }
    this.d.progress.changed(id);
    const now = this.d.db.attachments.get(id);
    if (now) this.d.settled(now);
  }
}

/**
 * `work`'s value, or undefined as soon as `signal` aborts: a stop never waits for a lookup or a
 * transfer that cannot be interrupted (the transfer's own abort ends its request; its late result,
 * if any, is dropped).
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.resolve(undefined);
  }
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = (): void => {
      resolve(undefined);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
