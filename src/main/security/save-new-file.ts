import { closeSync, existsSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { uniqueAttachmentPath } from './attachment-name';

/**
 * Writes `data` as a new file in `dir` under a safe form of `received` (a stranger's file name),
 * never over an existing file: the CLI's `receive --save-dir` and Electron's Save as… both use it.
 */
export function writeNewAttachmentFile(dir: string, received: string, data: Uint8Array): string {
  for (let tries = 0; tries < 5; tries++) {
    const path = uniqueAttachmentPath(dir, received, existsSync);
    let fd: number;
    try {
      // 'wx': fails if the name was taken between the check and now; then we pick the next.
      fd = openSync(path, 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw e;
    }
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return path;
  }
  throw new Error(`no free name for ${received} in ${dir}`);
}
