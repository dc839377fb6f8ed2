import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PwhashLimits, SafeStorageLike } from '../../../src/main/keys/protection';
import { tempDir } from '../../helpers/temp-dir';

/** Argon2id at its minimum costs so the tests stay fast (the real costs are in DEFAULT_PWHASH_LIMITS). */
export const FAST_PWHASH: PwhashLimits = { opslimit: 1, memlimit: 8 * 1024 };

/** A new profile folder, removed after the test file's tests. */
export function tempProfile(prefix = 'veil-keys-'): string {
  return tempDir(prefix);
}

/** Every regular file under `dir`, recursively, with its bytes. */
export function profileFiles(dir: string): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...profileFiles(path));
    else if (entry.isFile()) out.push({ path, bytes: readFileSync(path) });
  }
  return out;
}

/** Files of the profile that contain `secret` raw, as hex or as base64. */
export function filesContaining(dir: string, secret: Uint8Array): string[] {
  const raw = Buffer.from(secret);
  const forms = [raw, Buffer.from(raw.toString('hex')), Buffer.from(raw.toString('base64'))];
  return profileFiles(dir)
    .filter(({ bytes }) => forms.some((f) => bytes.includes(f)))
    .map(({ path }) => path);
}

export function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

/** A stand-in for Electron's safeStorage that really encrypts (AES-256-GCM under its own key). */
export function fakeSafeStorage(available = true): SafeStorageLike & { calls: number } {
  const key = randomBytes(32);
  return {
    calls: 0,
    isEncryptionAvailable: () => available,
    encryptString(plainText) {
      this.calls++;
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plainText, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(encrypted) {
      this.calls++;
      const d = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      d.setAuthTag(encrypted.subarray(12, 28));
      return Buffer.concat([d.update(encrypted.subarray(28)), d.final()]).toString('utf8');
    },
  };
}
