/**
 * Writes an encrypted export of the whole profile, streamed: rows in batches from a snapshot,
 * files in pieces, every chunk sealed and written before the next is read. The file appears only
 * when complete (a temporary file beside it, synced, then linked or renamed in place), readable by
 * its owner only, and never replaces an existing file unless the caller says the user chose to.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { link, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { sodium } from '../../crypto/sodium';
import type { AccountService } from '../account/account-service';
import { checkPassword } from '../keys/password-protection';
import { wipe } from '../keys/master-key';
import type { PwhashLimits } from '../keys/protection';
import { openRowSnapshot } from '../db/portable-rows';
import { DATABASE_FILE } from '../db/rekey-file';
import { APP_NAME, APP_VERSION } from '../version';
import { PortabilityError } from './errors';
import { ChunkSealer, deriveExportKey, EXPORT_PWHASH_LIMITS, SALT_BYTES } from './format';
import {
  FILE_PIECE_BYTES,
  isPortablePath,
  record,
  RecordKind,
  ROWS_BATCH_BYTES,
  ROWS_PER_BATCH,
  type Manifest,
} from './records';

export interface Progress {
  readonly done: number;
  readonly total: number;
}

export interface ExportOptions {
  readonly profileDir: string;
  readonly account: AccountService;
  /** Where the export goes. */
  readonly out: string;
  readonly password: string;
  /** Replace an existing file (only when the user chose it, as in a native Save dialog). */
  readonly overwrite?: boolean;
  readonly limits?: PwhashLimits;
  readonly onProgress?: (p: Progress) => void;
  readonly signal?: AbortSignal;
}

export interface ExportSummary {
  readonly path: string;
  readonly bytes: number;
  readonly files: number;
  readonly rows: number;
}

/** Profile files, then attachments and avatars: paths relative to the profile, sizes now. */
function profileFiles(profileDir: string): { path: string; size: number }[] {
  const out: { path: string; size: number }[] = [];
  const add = (path: string) => {
    if (!isPortablePath(path)) return;
    try {
      const st = statSync(join(profileDir, path));
      if (st.isFile()) out.push({ path, size: st.size });
    } catch {
      /* gone meanwhile (a deleted attachment): nothing to carry */
    }
  };
  add('account.json');
  add('settings.json');
  for (const dir of ['attachments', 'avatars']) {
    let names: string[] = [];
    try {
      names = readdirSync(join(profileDir, dir)).sort();
    } catch {
      /* no such folder yet */
    }
    for (const name of names) add(`${dir}/${name}`);
  }
  return out;
}

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new PortabilityError('cancelled', 'the export was cancelled');
}

export async function exportProfile(o: ExportOptions): Promise<ExportSummary> {
  const status = o.account.status();
  if (status.state === 'none')
    throw new PortabilityError('no-account', 'this profile has no account to export');
  if (status.state === 'locked')
    throw new PortabilityError('locked', 'the account is locked: unlock it first');
  checkPassword(o.password);
  if (o.overwrite !== true && existsSync(o.out)) {
    throw new PortabilityError('exists', `${o.out} exists already: choose another name`);
  }
  const tmp = join(dirname(o.out), `.${basename(o.out)}.${randomBytes(6).toString('hex')}.part`);
  let handle: FileHandle | undefined;
  const masterKey = o.account.masterKeyForExport();
  const dbKey = o.account.databaseKey();
  let snapshot;
  try {
    snapshot = openRowSnapshot(join(o.profileDir, DATABASE_FILE), dbKey);
  } finally {
    wipe(dbKey);
  }
  let written = 0;
  try {
    handle = await open(tmp, 'wx', 0o600);
    const files = profileFiles(o.profileDir);
    const fileBytes = files.reduce((n, f) => n + f.size, 0);
    const rowsTotal = snapshot.tables.reduce((n, t) => n + t.rows, 0);
    // Progress counts file bytes and rows (a row weighs like 256 bytes): both known up front.
    const total = fileBytes + rowsTotal * 256 + 1;
    let done = 0;
    const report = () => o.onProgress?.({ done: Math.min(done, total - 1), total });
    report();

    const salt = sodium().randombytes_buf(SALT_BYTES);
    const limits = o.limits ?? EXPORT_PWHASH_LIMITS;
    const key = deriveExportKey(o.password, salt, limits);
    let sealer: ChunkSealer;
    try {
      sealer = new ChunkSealer(key, limits, salt);
    } finally {
      wipe(key);
    }
    const fh = handle;
    const write = async (plain: Uint8Array, final = false) => {
      const framed = sealer.seal(plain, final);
      await fh.write(framed);
      written += framed.length;
    };
    await fh.write(sealer.header);
    written += sealer.header.length;

    const manifest: Manifest = {
      kind: 'veil-profile',
      createdAt: Date.now(),
      app: { name: APP_NAME, version: APP_VERSION },
      sessionId: o.account.show().sessionId,
      schemaVersion: snapshot.schemaVersion,
      tables: snapshot.tables.map((t) => ({ name: t.name, columns: [...t.columns], rows: t.rows })),
      files: files.length,
      fileBytes,
    };
    await write(record(RecordKind.Manifest, manifest));
    const keyRecord = record(RecordKind.MasterKey, masterKey);
    await write(keyRecord);
    wipe(keyRecord);

    const copyFile = async (file: { path: string; size: number }) => {
      checkCancelled(o.signal);
      const src = await open(join(o.profileDir, file.path), 'r').catch(() => undefined);
      if (src === undefined) return false; // deleted since listed
      try {
        // The size as it is now: a file rewritten since listing is carried whole, as it is.
        const size = (await src.stat()).size;
        await write(record(RecordKind.FileBegin, { path: file.path, size }));
        const piece = Buffer.alloc(FILE_PIECE_BYTES);
        let left = size;
        while (left > 0) {
          const { bytesRead } = await src.read(piece, 0, Math.min(piece.length, left), size - left);
          if (bytesRead === 0) throw new PortabilityError('io', `${file.path} changed while it was exported`);
          await write(record(RecordKind.FileData, piece.subarray(0, bytesRead)));
          left -= bytesRead;
          done += bytesRead;
          report();
          checkCancelled(o.signal);
        }
        piece.fill(0);
        await write(record(RecordKind.FileEnd));
        return true;
      } finally {
        await src.close();
      }
    };

    let carried = 0;
    const [profileJson, blobs] = [
      files.filter((f) => !f.path.includes('/')),
      files.filter((f) => f.path.includes('/')),
    ];
    for (const f of profileJson) if (await copyFile(f)) carried++;

    let rows = 0;
    for (const table of snapshot.tables) {
      checkCancelled(o.signal);
      await write(record(RecordKind.TableBegin, { name: table.name, columns: [...table.columns] }));
      for (const batch of snapshot.rows(table, ROWS_PER_BATCH)) {
        // Cut a batch whose JSON would be too large for one chunk (long messages, inline blobs).
        let start = 0;
        while (start < batch.length) {
          let end = batch.length;
          let json = JSON.stringify(batch.slice(start, end));
          while (json.length > ROWS_BATCH_BYTES && end - start > 1) {
            end = start + Math.ceil((end - start) / 2);
            json = JSON.stringify(batch.slice(start, end));
          }
          await write(record(RecordKind.Rows, json));
          rows += end - start;
          done += (end - start) * 256;
          start = end;
        }
        report();
        checkCancelled(o.signal);
      }
    }
    snapshot.close();

    for (const f of blobs) if (await copyFile(f)) carried++;
    await write(record(RecordKind.End, { files: carried, rows }), true);
    await fh.sync();
    await fh.close();
    handle = undefined;
    await place(tmp, o.out, o.overwrite === true);
    o.onProgress?.({ done: total, total });
    return { path: o.out, bytes: written, files: carried, rows };
  } catch (error) {
    snapshot.close();
    await handle?.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw error;
  } finally {
    wipe(masterKey);
  }
}

/** Puts the finished file in place: link() refuses an existing name atomically; rename() replaces. */
async function place(tmp: string, out: string, overwrite: boolean): Promise<void> {
  if (overwrite) {
    await rename(tmp, out);
    return;
  }
  try {
    await link(tmp, out);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new PortabilityError('exists', `${out} exists already: choose another name`);
    // File systems without hard links (FAT, some network shares): check, then rename.
    if (existsSync(out)) throw new PortabilityError('exists', `${out} exists already: choose another name`);
    await rename(tmp, out);
    return;
  }
  await unlink(tmp);
}
