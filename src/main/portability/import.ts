/**
 * Reads an export into an EMPTY profile, streamed: each chunk is read, authenticated and applied
 * to a staging folder before the next is read. Nothing reaches the profile until the whole file
 * checked out (final chunk seen, nothing after it, counts as announced, the account opening with
 * the carried key); a wrong password, a damaged, cut or newer file leaves the profile untouched.
 */
import { mkdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { openAccount, readAccountFile } from '../account/account-file';
import { AccountError } from '../account/errors';
import { createRowLoader, PortableSchemaError, type RowLoader } from '../db/portable-rows';
import { MIGRATIONS } from '../db/migrations';
import { DATABASE_FILE } from '../db/rekey-file';
import { MasterKeyStore } from '../keys/key-store';
import { asMasterKey, deriveSubkey, wipe, type MasterKey } from '../keys/master-key';
import type { ProtectionRequest, SafeStorageLike } from '../keys/protection';
import { damaged, PortabilityError } from './errors';
import type { Progress } from './export';
import { ChunkOpener, decodeHeader, deriveExportKey, HEADER_BYTES, MAX_CHUNK_CIPHERTEXT } from './format';
import {
  endSchema,
  fileBeginSchema,
  manifestSchema,
  parseJson,
  RecordKind,
  rowsSchema,
  tableBeginSchema,
  type Manifest,
} from './records';
import {
  assertEmptyProfile,
  dropStaging,
  moveIntoPlace,
  newStaging,
  recoverInterruptedImport,
} from './staging';

export interface ImportOptions {
  readonly profileDir: string;
  /** The export file. */
  readonly input: string;
  readonly password: string;
  /** How the imported master key is kept here (the export does not carry the old protection). */
  readonly protection: ProtectionRequest;
  readonly safeStorage?: SafeStorageLike;
  readonly onProgress?: (p: Progress) => void;
  readonly signal?: AbortSignal;
}

export interface ImportSummary {
  readonly sessionId: string;
  readonly displayName: string | null;
  readonly files: number;
  readonly rows: number;
}

async function readExactly(fh: FileHandle, length: number, position: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === length ? buf : buf.subarray(0, got);
}

const truncated = () => new PortabilityError('truncated', 'the export file is cut short (incomplete copy?)');

export async function importProfile(o: ImportOptions): Promise<ImportSummary> {
  recoverInterruptedImport(o.profileDir);
  assertEmptyProfile(o.profileDir);
  if (o.password === '') throw new AccountError('password.empty', 'the password is empty');
  let input: FileHandle;
  try {
    input = await open(o.input, 'r');
  } catch (error) {
    throw new PortabilityError(
      'io',
      `cannot read ${o.input}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  let staging: string | undefined;
  let loader: RowLoader | undefined;
  let masterKey: MasterKey | undefined;
  let out: FileHandle | undefined;
  try {
    const size = (await input.stat()).size;
    const report = (done: number) => o.onProgress?.({ done: Math.min(done, size), total: size });
    const headerBytes = await readExactly(input, HEADER_BYTES, 0);
    const header = decodeHeader(headerBytes);
    report(0);
    const key = deriveExportKey(o.password, header.salt, header.limits);
    let opener: ChunkOpener;
    try {
      opener = new ChunkOpener(key, headerBytes, header.streamHeader);
    } finally {
      wipe(key);
    }
    staging = newStaging(o.profileDir);
    const stagingDir = staging;

    let position = HEADER_BYTES;
    let manifest: Manifest | undefined;
    let file: { path: string; size: number; written: number } | undefined;
    let table: { name: string; rows: number } | undefined;
    const tableRows = new Map<string, number>();
    let files = 0;
    let rows = 0;
    let ended = false;

    const closeTable = () => {
      if (table === undefined) return;
      const announced = manifest?.tables.find((t) => t.name === table?.name)?.rows;
      // More rows than the snapshot held, or fewer: not what was exported.
      if (announced !== table.rows) throw damaged(`rows of ${table.name}`);
      tableRows.set(table.name, table.rows);
      table = undefined;
    };

    while (!ended) {
      if (o.signal?.aborted === true) throw new PortabilityError('cancelled', 'the import was cancelled');
      const lengthBytes = await readExactly(input, 4, position);
      if (lengthBytes.length < 4) throw truncated();
      const length = lengthBytes.readUInt32BE(0);
      if (length > MAX_CHUNK_CIPHERTEXT || length < 17) throw damaged('chunk length');
      const cipher = await readExactly(input, length, position + 4);
      if (cipher.length < length) throw truncated();
      position += 4 + length;
      const { plaintext, final } = opener.open(cipher);
      report(position);
      if (plaintext.length === 0) throw damaged('empty record');
      const kind = plaintext[0];
      const payload = plaintext.subarray(1);
      // The end record and the final chunk go together: one without the other is damage.
      if ((kind === RecordKind.End) !== final) throw damaged('end');
      if (manifest === undefined && kind !== RecordKind.Manifest) throw damaged('order');
      if (manifest !== undefined && masterKey === undefined && kind !== RecordKind.MasterKey) {
        throw damaged('order');
      }
      if (file !== undefined && kind !== RecordKind.FileData && kind !== RecordKind.FileEnd)
        throw damaged('order');
      switch (kind) {
        case RecordKind.Manifest: {
          if (manifest !== undefined) throw damaged('order');
          manifest = parseJson(manifestSchema, payload, 'manifest');
          if (manifest.schemaVersion > MIGRATIONS.length) {
            throw new PortabilityError(
              'newer-schema',
              `this export was made by a newer Veil (database version ${manifest.schemaVersion}): update Veil`,
            );
          }
          break;
        }
        case RecordKind.MasterKey: {
          if (masterKey !== undefined) throw damaged('order');
          const k = asMasterKey(new Uint8Array(payload));
          if (k === undefined) throw damaged('key');
          masterKey = k;
          wipe(plaintext);
          break;
        }
        case RecordKind.FileBegin: {
          closeTable();
          const begin = parseJson(fileBeginSchema, payload, 'file');
          const path = join(stagingDir, begin.path);
          mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
          // 'wx': a path given twice is damage, not an overwrite.
          out = await open(path, 'wx', 0o600).catch(() => {
            throw damaged(`file ${begin.path}`);
          });
          file = { ...begin, written: 0 };
          break;
        }
        case RecordKind.FileData: {
          if (file === undefined || out === undefined) throw damaged('order');
          file.written += payload.length;
          if (file.written > file.size) throw damaged(`size of ${file.path}`);
          await out.write(payload);
          break;
        }
        case RecordKind.FileEnd: {
          if (file === undefined || out === undefined) throw damaged('order');
          if (file.written !== file.size) throw damaged(`size of ${file.path}`);
          await out.sync();
          await out.close();
          out = undefined;
          file = undefined;
          files++;
          break;
        }
        case RecordKind.TableBegin: {
          closeTable();
          const begin = parseJson(tableBeginSchema, payload, 'table');
          const announced = manifest?.tables.find((t) => t.name === begin.name);
          if (announced === undefined || tableRows.has(begin.name)) throw damaged(`table ${begin.name}`);
          if (loader === undefined) {
            const dbKey = deriveSubkey(masterKey as MasterKey, 'database');
            try {
              loader = createRowLoader(join(stagingDir, DATABASE_FILE), dbKey, manifest?.schemaVersion ?? 0);
            } finally {
              wipe(dbKey);
            }
          }
          loader.beginTable(begin.name, begin.columns);
          table = { name: begin.name, rows: 0 };
          break;
        }
        case RecordKind.Rows: {
          if (table === undefined || loader === undefined) throw damaged('order');
          const batch = parseJson(rowsSchema, payload, `rows of ${table.name}`);
          loader.insert(batch);
          table.rows += batch.length;
          rows += batch.length;
          break;
        }
        case RecordKind.End: {
          closeTable();
          const end = parseJson(endSchema, payload, 'end');
          if (end.files !== files || end.rows !== rows) throw damaged('counts');
          if (tableRows.size !== manifest?.tables.length) throw damaged('tables');
          ended = true;
          break;
        }
        default:
          throw damaged('record kind');
      }
    }
    // Nothing may follow the final chunk: appended bytes are not part of what was sealed.
    if (position !== size) throw damaged('bytes after the end');
    loader?.finish();
    loader = undefined;

    const account = readAccountFile(stagingDir);
    if (account === undefined || masterKey === undefined || manifest === undefined) throw damaged('account');
    if (account.sessionId !== manifest.sessionId) throw damaged('account');
    const opened = openAccount(masterKey, account);
    wipe(opened.seed, opened.identity.ed25519SecretKey, opened.identity.x25519SecretKey);

    new MasterKeyStore(stagingDir, o.safeStorage ? { safeStorage: o.safeStorage } : {}).adopt(
      masterKey,
      o.protection,
    );
    moveIntoPlace(stagingDir, o.profileDir);
    staging = undefined;
    report(size);
    return { sessionId: account.sessionId, displayName: account.displayName, files, rows };
  } catch (error) {
    if (error instanceof PortableSchemaError) throw damaged(error.message);
    if (error instanceof AccountError && error.code === 'storage.corrupt') throw damaged('account');
    throw error;
  } finally {
    loader?.abort();
    await out?.close().catch(() => undefined);
    await input.close().catch(() => undefined);
    if (staging !== undefined) dropStaging(staging);
    wipe(masterKey);
  }
}
