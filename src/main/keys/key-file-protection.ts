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

export function keyFileProtection(profileDir: string): KeyProtection<KeyFileHeader> {
  const path = join(profileDir, KEY_FILE);
  return {
    kind: 'key-file',
    seal(masterKey) {
      keysDir(profileDir);
      writeFileAtomic(path, masterKey, 0o600);
      return { version: 1, kind: 'key-file' };
    },
    open() {
      const raw = readFileIfExists(path);
      if (raw === undefined) throw corruptError(KEY_FILE, 'missing');
      const key = asMasterKey(new Uint8Array(raw));
      raw.fill(0);
      if (key === undefined) throw corruptError(KEY_FILE, 'wrong length');
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
  const path = join(profileDir, KEY_FILE);
  if (!existsSync(path)) return;
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, new Uint8Array(fstatSync(fd).size));
  } finally {
    closeSync(fd);
  }
  unlinkSync(path);
}
