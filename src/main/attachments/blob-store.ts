/**
 * The profile's attachment files, encrypted at rest: `attachments/<32 hex>`, each under its own
 * random AES-256-GCM key that lives only in the (SQLCipher-encrypted) database row. A file here is
 * never a readable picture or document, and one key opens one file. The name is random (never
 * from the sender), bound into the tag so files cannot be swapped. Written atomically: a crash
 * leaves the old state or the new one, never half a file.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-file';
import { releaseBytes } from '../../crypto/owned-bytes';
import type { LocalBlob } from '../db';

export const ATTACHMENT_DIR = 'attachments';
const NAME = /^[0-9a-f]{32}$/;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
/** Stored files are encrypted this many bytes at a time (see `put`). */
const SLICE = 256 * 1024;
const aad = (name: string) => Buffer.from(`veil/attachment/${name}`, 'utf8');

export class AttachmentBlobStore {
  readonly dir: string;

  constructor(profileDir: string) {
    this.dir = join(profileDir, ATTACHMENT_DIR);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  private path(name: string): string {
    if (!NAME.test(name)) throw new Error('bad attachment file name');
    return join(this.dir, name);
  }

  /**
   * Encrypts and stores `data` (or parts whose concatenation is the data, as a download is
   * deciphered) under a fresh name and key. Encrypted slice by slice and written in those
   * slices: the whole-file `update()` and the join of nonce, ciphertext and tag were two more
   * arrays of the file's size (10 MB each for a large attachment) on top of the one encryption.
   */
  put(data: Uint8Array | readonly Uint8Array[]): LocalBlob {
    const name = randomBytes(16).toString('hex');
    const key = new Uint8Array(randomBytes(KEY_BYTES));
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(aad(name));
    const body: Uint8Array[] = [nonce];
    const slices: Uint8Array[] = [];
    for (const part of data instanceof Uint8Array ? [data] : data)
      for (let off = 0; off < part.length; off += SLICE) {
        const slice = cipher.update(part.subarray(off, off + SLICE));
        slices.push(slice);
        body.push(slice);
      }
    body.push(cipher.final(), cipher.getAuthTag());
    writeFileAtomic(this.path(name), body);
    const bytes = body.reduce((n, p) => n + p.length, 0);
    // Written (synchronously): the ciphertext is freed now rather than counted against V8's
    // external memory until a collection (releaseBytes; 10 MB for a large download).
    for (const slice of slices) releaseBytes(slice);
    return { name, key, bytes };
  }

  /** The plaintext, or undefined when the file is missing, altered or not this key's. */
  get(blob: Pick<LocalBlob, 'name' | 'key'>): Uint8Array | undefined {
    let raw: Buffer;
    try {
      raw = readFileSync(this.path(blob.name));
    } catch {
      return undefined;
    }
    if (raw.length < NONCE_BYTES + TAG_BYTES || blob.key.length !== KEY_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', blob.key, raw.subarray(0, NONCE_BYTES));
      decipher.setAAD(aad(blob.name));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      const out = decipher.update(raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES));
      // GCM gives nothing more at the end (it is a stream mode): final() only checks the tag,
      // and joining its empty output to the plaintext copied the whole file once more.
      if (decipher.final().length !== 0) return undefined;
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    } catch {
      return undefined;
    }
  }

  remove(name: string): void {
    if (NAME.test(name)) rmSync(this.path(name), { force: true });
  }

  /** Files (and leftovers of interrupted writes) that no row refers to: removed. */
  removeStray(live: ReadonlySet<string>): number {
    let removed = 0;
    for (const entry of readdirSync(this.dir)) {
      if (live.has(entry)) continue;
      rmSync(join(this.dir, entry), { force: true });
      removed++;
    }
    return removed;
  }
}
