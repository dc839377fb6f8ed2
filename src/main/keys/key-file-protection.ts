/**
 * Fallback protection: the master key as 32 raw bytes in `keys/master.key`, readable by the
 * owner only (file 0600, folder 0700). It guards against other local users, not against someone
 * who can read the user's files — Settings says so plainly.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  openSync,
  closeSync,
  writeSync,
  fstatSync,
  fsyncSync,
  renameSync,
  unlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { corruptError } from '../account/errors';
import { readFileIfExists, writeFileAtomic } from '../util/atomic-file';
import { KEYS_DIR, KEY_FILE, type KeyFileHeader } from './header';
import { asMasterKey } from './master-key';
import type { KeyProtection } from './protection';

const isPosix = process.platform !== 'win32';

export function keysDir(profileDir: string): string {
  const dir = join(profileDir, KEYS_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode only applies to a folder it creates; tighten one that already existed.
  if (isPosix) chmodSync(dir, 0o700);
  return dir;
}

/**
 * `file` is `keys/master.key`, or `keys/master.next.key` for the new key of a change of
 * protection that is not complete yet (see key-rotation.ts).
 */
export function keyFileProtection(profileDir: string, file = KEY_FILE): KeyProtection<KeyFileHeader> {
  const path = join(profileDir, file);
  return {
    kind: 'key-file',
    seal(masterKey) {
      keysDir(profileDir);
      writeFileAtomic(path, masterKey, 0o600);
      return { version: 1, kind: 'key-file' };
    },
    open() {
      const raw = readFileIfExists(path);
      if (raw === undefined) throw corruptError(file, 'missing');
      const key = asMasterKey(new Uint8Array(raw));
      raw.fill(0);
      if (key === undefined) throw corruptError(file, 'wrong length');
      if (isPosix) chmodSync(path, 0o600);
      return key;
    },
  };
}

/**
 * Removes a key file left behind once another protection is in force (after a change of
 * protection, or a crash in the middle of one). Overwritten first: unlinking alone leaves the
 * bytes on disk.
 */
export function scrubKeyFile(profileDir: string): void {
  scrubFile(join(profileDir, KEY_FILE));
}

/** Overwrites a file of secrets with zeros, then removes it (no-op when it is not there). */
export function scrubFile(path: string): void {
  if (!existsSync(path)) return;
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, new Uint8Array(fstatSync(fd).size));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  unlinkSync(path);
}

/**
 * Puts `from` in place of `to` in one rename, then zeroes the bytes of the file it replaced
 * (through a descriptor opened before the rename: the old key never has a moment with no key
 * file at `to`).
 */
export function replaceKeyFile(from: string, to: string): void {
  let old: number | undefined;
  try {
    old = openSync(to, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    renameSync(from, to);
    if (old !== undefined) {
      const zeros = new Uint8Array(fstatSync(old).size);
      writeSync(old, zeros, 0, zeros.length, 0);
      fsyncSync(old);
    }
  } finally {
    if (old !== undefined) closeSync(old);
  }
}
