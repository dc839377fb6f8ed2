/**
 * Issue 20 item 5, without a network: an export made here opens only with its password, and a
 * wrong password, any flipped byte (header, a chunk, the last chunk), a cut file, appended bytes,
 * a newer format or database version are refused with their reason while the target profile
 * stays exactly as it was. The archive holds no plaintext of a message, a file or a key.
 */
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sodiumReady } from '../../../src/crypto/sodium';
import { AccountService } from '../../../src/main/account/account-service';
import { AttachmentBlobStore } from '../../../src/main/attachments/blob-store';
import { openDatabase } from '../../../src/main/db';
import { DATABASE_FILE } from '../../../src/main/db/rekey-file';
import { wipe } from '../../../src/main/keys/master-key';
import { isPortabilityError, type PortabilityErrorCode } from '../../../src/main/portability/errors';
import { exportProfile } from '../../../src/main/portability/export';
import { ChunkSealer, deriveExportKey, HEADER_BYTES } from '../../../src/main/portability/format';
import { importProfile } from '../../../src/main/portability/import';
import { record, RecordKind } from '../../../src/main/portability/records';
import { recoverInterruptedImport } from '../../../src/main/portability/staging';

/** Low Argon2id costs keep the test quick; the importer reads them from the header. */
const LIMITS = { opslimit: 1, memlimit: 8 * 1024 * 1024 };
const PASSWORD = 'correct horse battery';
const SECRET_TEXT = 'the launch code is 7Y2Q-unique-plaintext';

const dirs: string[] = [];
const tmp = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};

let source = '';
let archive = Buffer.alloc(0);
let archivePath = '';
let blobPlain: Uint8Array = new Uint8Array(0);
let seed: Uint8Array = new Uint8Array(0);
let masterKey: Uint8Array = new Uint8Array(0);
let sessionId = '';

function listing(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true }).map(String).sort();
}

async function refusedWith(bytes: Uint8Array, codes: readonly PortabilityErrorCode[]): Promise<void> {
  const target = tmp('veil-imp-');
  const file = join(target, '..', `${target.split('/').pop() ?? 'x'}.veil`);
  writeFileSync(file, bytes);
  dirs.push(file);
  const before = listing(target);
  const error = await importProfile({
    profileDir: target,
    input: file,
    password: PASSWORD,
    protection: { kind: 'key-file' },
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isPortabilityError(error), String(error)).toBe(true);
  if (isPortabilityError(error)) expect(codes).toContain(error.code);
  expect(listing(target)).toEqual(before);
}

beforeAll(async () => {
  await sodiumReady();
  source = tmp('veil-exp-');
  const account = new AccountService(source, { defaultProtection: { kind: 'key-file' } });
  const created = account.create('Ann');
  sessionId = created.sessionId;
  masterKey = new Uint8Array(readFileSync(join(source, 'keys/master.key')));
  const key = account.databaseKey();
  const db = openDatabase(join(source, DATABASE_FILE), key);
  wipe(key);
  for (let i = 0; i < 1200; i++) db.kv.set(`note.${i}`, `${SECRET_TEXT} #${i}`);
  db.close();
  const blobs = new AttachmentBlobStore(source);
  blobPlain = randomBytes(700_000);
  blobs.put(blobPlain);
  archivePath = join(tmp('veil-out-'), 'profile.veil');
  const progress: number[] = [];
  await exportProfile({
    profileDir: source,
    account,
    out: archivePath,
    password: PASSWORD,
    limits: LIMITS,
    onProgress: (p) => progress.push(p.done / p.total),
  });
  expect(progress.length).toBeGreaterThan(3);
  expect(progress.at(-1)).toBe(1);
  archive = readFileSync(archivePath);
  // The seed as the phrase encodes it: 16 bytes, findable in hex or raw.
  const { decodeRecoveryPhrase } = await import('../../../src/crypto/recovery-phrase');
  const decoded = decodeRecoveryPhrase(created.mnemonic);
  if (!decoded.ok) throw new Error('phrase');
  seed = decoded.seed;
}, 60_000);

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('profile export: what the file holds', () => {
  it('is owner-only and holds no plaintext of a message, a file, the seed or the master key', () => {
    if (process.platform !== 'win32') expect(statSync(archivePath).mode & 0o777).toBe(0o600);
    const hay = archive;
    for (const needle of [
      Buffer.from(SECRET_TEXT),
      Buffer.from(sessionId.slice(2)), // not even the account's public id
      Buffer.from(blobPlain.subarray(1000, 1064)),
      Buffer.from(seed),
      Buffer.from(Buffer.from(seed).toString('hex')),
      Buffer.from(masterKey),
      Buffer.from(Buffer.from(masterKey).toString('hex')),
      Buffer.from(Buffer.from(masterKey).toString('base64')),
    ]) {
      expect(hay.indexOf(needle)).toBe(-1);
    }
  });

  it('refuses to replace an existing file unless asked, and leaves no temporary file', async () => {
    const account = new AccountService(source, { defaultProtection: { kind: 'key-file' } });
    const error = await exportProfile({
      profileDir: source,
      account,
      out: archivePath,
      password: PASSWORD,
      limits: LIMITS,
    }).catch((e: unknown) => e);
    expect(isPortabilityError(error, 'exists')).toBe(true);
    expect(readFileSync(archivePath).equals(archive)).toBe(true);
    expect(readdirSync(join(archivePath, '..'))).toEqual(['profile.veil']);
  });
});

describe('profile import: refusals leave the target untouched', () => {
  it('imports into an empty profile: same account, rows and files', async () => {
    const target = tmp('veil-imp-');
    const summary = await importProfile({
      profileDir: target,
      input: archivePath,
      password: PASSWORD,
      protection: { kind: 'key-file' },
    });
    expect(summary.sessionId).toBe(sessionId);
    expect(readdirSync(target).filter((n) => n.startsWith('.import') || n.includes('pending'))).toEqual([]);
    const account = new AccountService(target);
    expect(account.status()).toMatchObject({ state: 'ready', sessionId });
    const key = account.databaseKey();
    const db = openDatabase(join(target, DATABASE_FILE), key);
    wipe(key);
    const { z } = await import('zod');
    expect(db.kv.get('note.1199', z.string())).toBe(`${SECRET_TEXT} #1199`);
    db.close();
    const names = readdirSync(join(target, 'attachments'));
    expect(names).toHaveLength(1);
    expect(
      readFileSync(join(target, 'attachments', names[0] ?? '')).equals(
        readFileSync(join(source, 'attachments', names[0] ?? '')),
      ),
    ).toBe(true);
  }, 60_000);

  it('refuses a profile that has an account', async () => {
    const error = await importProfile({
      profileDir: source,
      input: archivePath,
      password: PASSWORD,
      protection: { kind: 'key-file' },
    }).catch((e: unknown) => e);
    expect(isPortabilityError(error, 'not-empty')).toBe(true);
  });

  it('refuses a wrong password', async () => {
    const target = tmp('veil-imp-');
    const error = await importProfile({
      profileDir: target,
      input: archivePath,
      password: 'not the password',
      protection: { kind: 'key-file' },
    }).catch((e: unknown) => e);
    expect(isPortabilityError(error, 'wrong-password')).toBe(true);
    expect(listing(target)).toEqual([]);
  });

  it('refuses a flipped byte in the header, the first, a middle and the last chunk', async () => {
    const flip = (at: number) => {
      const copy = Buffer.from(archive);
      copy[at] = (copy[at] ?? 0) ^ 0x01;
      return copy;
    };
    await refusedWith(flip(0), ['not-an-export']);
    await refusedWith(flip(HEADER_BYTES - 1), ['wrong-password']); // secretstream header
    await refusedWith(flip(20), ['wrong-password', 'damaged']); // salt / costs
    await refusedWith(flip(HEADER_BYTES + 10), ['wrong-password']); // first chunk
    await refusedWith(flip(Math.floor(archive.length / 2)), ['damaged', 'truncated']);
    await refusedWith(flip(archive.length - 1), ['damaged']); // last chunk's tag
    await refusedWith(flip(archive.length - 30), ['damaged']);
  }, 60_000);

  it('refuses any single flipped byte (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: archive.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (at, x) => {
          const copy = Buffer.from(archive);
          copy[at] = (copy[at] ?? 0) ^ x;
          await refusedWith(copy, [
            'not-an-export',
            'newer-version',
            'wrong-password',
            'damaged',
            'truncated',
          ]);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  it('refuses a cut file and bytes after the end', async () => {
    await refusedWith(archive.subarray(0, 5), ['not-an-export']);
    await refusedWith(archive.subarray(0, HEADER_BYTES - 3), ['truncated']);
    await refusedWith(archive.subarray(0, HEADER_BYTES), ['truncated']);
    await refusedWith(archive.subarray(0, archive.length - 1), ['truncated']);
    await refusedWith(archive.subarray(0, Math.floor(archive.length * 0.7)), ['truncated']);
    // Cut exactly at a chunk boundary before the final chunk: only TAG_FINAL can tell.
    const fh = await open(archivePath, 'r');
    let pos = HEADER_BYTES;
    let lastBoundary = pos;
    const len = Buffer.alloc(4);
    while (pos < archive.length) {
      lastBoundary = pos;
      await fh.read(len, 0, 4, pos);
      pos += 4 + len.readUInt32BE(0);
    }
    await fh.close();
    await refusedWith(archive.subarray(0, lastBoundary), ['truncated']);
    await refusedWith(Buffer.concat([archive, Buffer.from([0])]), ['damaged']);
  }, 60_000);

  it('refuses a newer format version and a newer database version', async () => {
    const newer = Buffer.from(archive);
    newer.writeUInt16BE(2, 8);
    await refusedWith(newer, ['newer-version']);
    // A well-sealed export whose database is newer than this Veil's.
    const salt = new Uint8Array(randomBytes(16));
    const key = deriveExportKey(PASSWORD, salt, LIMITS);
    const sealer = new ChunkSealer(key, LIMITS, salt);
    const manifest = {
      kind: 'veil-profile',
      createdAt: 1,
      app: { name: 'Veil', version: '99.0.0' },
      sessionId,
      schemaVersion: 999,
      tables: [],
      files: 0,
      fileBytes: 0,
    };
    const bytes = Buffer.concat([
      sealer.header,
      sealer.seal(record(RecordKind.Manifest, manifest), false),
      sealer.seal(record(RecordKind.End, { files: 0, rows: 0 }), true),
    ]);
    await refusedWith(bytes, ['newer-schema']);
  });

  it('rolls back an import that a crash stopped halfway through its move', () => {
    const target = tmp('veil-imp-');
    writeFileSync(join(target, 'veil.db'), 'half-moved');
    writeFileSync(
      join(target, 'import.pending.json'),
      JSON.stringify({ staging: '.import-0123456789abcdef', items: ['veil.db'] }),
    );
    mkdirSync(join(target, '.import-0123456789abcdef'));
    recoverInterruptedImport(target);
    expect(listing(target)).toEqual([]);
  });
});
