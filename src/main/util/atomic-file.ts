import {
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
  openSync,
  fsyncSync,
  closeSync,
} from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes a file so that a crash leaves either the old or the new content, never half of it.
 * `data` may be parts (their concatenation is the content): they are written one after the
 * other, so a 10 MB attachment is not joined into one more 10 MB array only to be written.
 */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array | readonly Uint8Array[],
  mode = 0o600,
): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  if (typeof data === 'string' || data instanceof Uint8Array) writeFileSync(tmp, data, { mode });
  else writeParts(tmp, data, mode);
  const fd = openSync(tmp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

function writeParts(path: string, parts: readonly Uint8Array[], mode: number): void {
  const fd = openSync(path, 'w', mode);
  try {
    for (const part of parts)
      // A write may take fewer bytes than asked: the rest is written from where it stopped.
      for (let off = 0; off < part.length;) off += writeSync(fd, part, off, part.length - off);
  } finally {
    closeSync(fd);
  }
}

/** Reads a file, or returns undefined when it does not exist. */
export function readFileIfExists(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
