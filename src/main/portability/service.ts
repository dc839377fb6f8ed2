/**
 * Export and import jobs for the app (the CLI calls export.ts and import.ts directly). One job at
 * a time per profile. Files live in `<profile>/transfers/` while a job needs them: a finished
 * export (already encrypted) until it is saved or discarded, an uploaded file until its import
 * ends. What is left there at the next start is removed.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AccountService } from '../account/account-service';
import { AccountError } from '../account/errors';
import { checkPassword } from '../keys/password-protection';
import type { DomainBus } from '../domain/bus';
import type { ProtectionRequest, PwhashLimits, SafeStorageLike } from '../keys/protection';
import { IpcFailure } from '../../shared/ipc/result';
import { PORTABILITY_PIECE_BYTES } from '../../shared/ipc/portability';
import { PortabilityError } from './errors';
import { exportProfile, type Progress } from './export';
import { importProfile } from './import';
import { recoverInterruptedImport } from './staging';

export const TRANSFERS_DIR = 'transfers';
const PROGRESS_EVERY_MS = 100;

export interface PortabilityDeps {
  readonly profileDir: string;
  readonly account: AccountService;
  readonly bus: DomainBus;
  readonly safeStorage?: SafeStorageLike;
  /** Argon2id costs of new exports (tests lower them; imports use the file's). */
  readonly exportLimits?: PwhashLimits;
  /** After an import moved in: the core reloads settings and opens the account. */
  readonly imported: () => void;
  readonly log?: (line: string) => void;
}

interface Job {
  readonly id: string;
  readonly operation: 'export' | 'import';
  readonly abort: AbortController;
}

const newId = () => randomBytes(16).toString('hex');

export class PortabilityService {
  private job: Job | undefined;
  /** Finished exports waiting to be saved. */
  private readonly exports = new Set<string>();
  /** Uploads: how many bytes came, of how many. */
  private readonly uploads = new Map<string, { size: number; received: number }>();
  private readonly dir: string;

  constructor(private readonly d: PortabilityDeps) {
    this.dir = join(d.profileDir, TRANSFERS_DIR);
    // Leftovers of an earlier run (a crash, a quit mid-job) are never reused.
    rmSync(this.dir, { recursive: true, force: true });
    recoverInterruptedImport(d.profileDir);
  }

  private path(id: string, kind: 'export' | 'upload'): string {
    return join(this.dir, `${id}.${kind === 'export' ? 'veil' : 'upload'}`);
  }

  private begin(operation: 'export' | 'import'): Job {
    if (this.job)
      throw new IpcFailure('conflict', 'an export or import is already running', 'portability.errors.busy');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.job = { id: newId(), operation, abort: new AbortController() };
    return this.job;
  }

  private progress(job: Job): (p: Progress) => void {
    let last = 0;
    return (p) => {
      const now = Date.now();
      if (now - last < PROGRESS_EVERY_MS && p.done < p.total) return;
      last = now;
      this.d.bus.emit({ type: 'portability.progress', jobId: job.id, operation: job.operation, ...p });
    };
  }

  private finish(job: Job, error?: unknown): void {
    this.job = undefined;
    if (error === undefined) {
      this.d.bus.emit({ type: 'portability.finished', jobId: job.id, operation: job.operation });
      return;
    }
    const code =
      error instanceof PortabilityError ? error.code : error instanceof AccountError ? error.code : 'io';
    const message = error instanceof Error ? error.message : 'unexpected failure';
    if (code === 'io') this.d.log?.(`${job.operation} failed: ${message}`);
    this.d.bus.emit({
      type: 'portability.finished',
      jobId: job.id,
      operation: job.operation,
      error: { code, message: message.slice(0, 500) },
    });
  }

  exportStart(password: string): { jobId: string } {
    const status = this.d.account.status();
    if (status.state !== 'ready') throw new IpcFailure('conflict', 'no unlocked account to export');
    // Checked before the job starts, so the answer itself says what is wrong with the password.
    try {
      checkPassword(password);
    } catch (error) {
      if (error instanceof AccountError) {
        throw new IpcFailure(
          'invalid-arguments',
          error.message,
          `portability.errors.${error.code.replace('.', '-')}`,
          {
            ...error.params,
          },
        );
      }
      throw error;
    }
    const job = this.begin('export');
    const out = this.path(job.id, 'export');
    void exportProfile({
      profileDir: this.d.profileDir,
      account: this.d.account,
      out,
      password,
      ...(this.d.exportLimits ? { limits: this.d.exportLimits } : {}),
      onProgress: this.progress(job),
      signal: job.abort.signal,
    }).then(
      () => {
        this.exports.add(job.id);
        this.finish(job);
      },
      (error: unknown) => {
        this.finish(job, error);
      },
    );
    return { jobId: job.id };
  }

  /** The name proposed for a saved export: the date, never anything personal. */
  exportName(jobId: string): { saved: false; fileName: string } {
    this.ownExport(jobId);
    return { saved: false, fileName: `veil-profile-${new Date().toISOString().slice(0, 10)}.veilexport` };
  }

  private ownExport(jobId: string): void {
    if (!this.exports.has(jobId)) throw new IpcFailure('not-found', 'no such export');
  }

  async exportRead(jobId: string, offset: number): Promise<{ data: string; size: number }> {
    this.ownExport(jobId);
    const fh = await open(this.path(jobId, 'export'), 'r');
    try {
      const size = (await fh.stat()).size;
      const buf = Buffer.alloc(Math.max(0, Math.min(PORTABILITY_PIECE_BYTES, size - offset)));
      const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
      return { data: buf.subarray(0, bytesRead).toString('base64'), size };
    } finally {
      await fh.close();
    }
  }

  exportDiscard(jobId: string): null {
    this.exports.delete(jobId);
    rmSync(this.path(jobId, 'export'), { force: true });
    return null;
  }

  async importBegin(size: number): Promise<{ uploadId: string }> {
    this.requireEmpty();
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const id = newId();
    await (await open(this.path(id, 'upload'), 'wx', 0o600)).close();
    this.uploads.set(id, { size, received: 0 });
    return { uploadId: id };
  }

  async importAppend(uploadId: string, offset: number, data: string): Promise<null> {
    const upload = this.uploads.get(uploadId);
    if (!upload) throw new IpcFailure('not-found', 'no such upload');
    const bytes = Buffer.from(data, 'base64');
    // In order and within the announced size: a piece sent twice or out of place is refused.
    if (offset !== upload.received || upload.received + bytes.length > upload.size) {
      throw new IpcFailure('conflict', 'a piece out of order');
    }
    const fh = await open(this.path(uploadId, 'upload'), 'a');
    try {
      await fh.write(bytes);
    } finally {
      await fh.close();
    }
    upload.received += bytes.length;
    return null;
  }

  private requireEmpty(): void {
    if (this.d.account.status().state !== 'none') {
      throw new IpcFailure('conflict', 'this profile has an account already', 'portability.errors.not-empty');
    }
  }

  async importStart(uploadId: string, password: string): Promise<{ jobId: string }> {
    const upload = this.uploads.get(uploadId);
    if (!upload) throw new IpcFailure('not-found', 'no such upload');
    const input = this.path(uploadId, 'upload');
    if (upload.received !== upload.size || (await stat(input)).size !== upload.size) {
      throw new IpcFailure('conflict', 'the file has not fully arrived');
    }
    this.requireEmpty();
    const job = this.begin('import');
    const protection: ProtectionRequest = {
      kind: this.d.account.keychainAvailable() ? 'os-keychain' : 'key-file',
    };
    void importProfile({
      profileDir: this.d.profileDir,
      input,
      password,
      protection,
      ...(this.d.safeStorage ? { safeStorage: this.d.safeStorage } : {}),
      onProgress: this.progress(job),
      signal: job.abort.signal,
    })
      .then(
        () => {
          this.d.imported();
          this.finish(job);
        },
        (error: unknown) => {
          this.finish(job, error);
        },
      )
      .finally(() => {
        // A failed import may be retried with another password: keep the upload then.
        if (this.d.account.status().state !== 'none') {
          this.uploads.delete(uploadId);
          rmSync(input, { force: true });
        }
      });
    return { jobId: job.id };
  }

  cancel(jobId: string): null {
    if (this.job?.id === jobId) this.job.abort.abort();
    return null;
  }

  /** Stops a running job and removes what it left (quit). */
  close(): void {
    this.job?.abort.abort();
  }
}
