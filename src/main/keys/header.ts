/**
 * `keys/protection.json`: a small versioned header saying how the master key is protected, plus
 * whatever that protection needs to recover it (a wrapped key, KDF parameters). Validated with
 * zod on every read; a damaged header is reported, never replaced (replacing it would lose the
 * key for good).
 */
import { join } from 'node:path';
// zod's mini build: Electron's main thread and the browser host read this header, and load
// nothing else of zod at their start (issue #15, cold start). The same checks.
import * as z from 'zod/mini';
import { corruptError } from '../account/errors';
import { readFileIfExists, writeFileAtomic } from '../util/atomic-file';
import { memoByStat } from '../util/stat-memo';

export const KEYS_DIR = 'keys';
export const HEADER_FILE = `${KEYS_DIR}/protection.json`;
export const KEY_FILE = `${KEYS_DIR}/master.key`;
/**
 * A master key's length (a key file holds exactly this). Here rather than in master-key.ts, which
 * loads libsodium: Electron's main thread checks the keys it hands over and never loads it.
 */
export const MASTER_KEY_BYTES = 32;

export const PROTECTION_KINDS = ['os-keychain', 'password', 'key-file'] as const;
export type ProtectionKind = (typeof PROTECTION_KINDS)[number];

/**
 * Bounds on Argon2id costs read from disk: a tampered header must not make us allocate gigabytes
 * or spin for minutes, and must not be accepted with costs too low to mean anything.
 */
export const PWHASH_BOUNDS = { opsMin: 1, opsMax: 20, memMin: 8 * 1024, memMax: 1024 * 1024 * 1024 };

const base64 = z.base64();

const keyFileHeader = z.object({ version: z.literal(1), kind: z.literal('key-file') });
const keychainHeader = z.object({
  version: z.literal(1),
  kind: z.literal('os-keychain'),
  /** What Electron's safeStorage.encryptString returned (for the base64 of the key). */
  wrappedKey: base64,
});
const passwordHeader = z.object({
  version: z.literal(1),
  kind: z.literal('password'),
  kdf: z.object({
    alg: z.literal('argon2id13'),
    salt: base64,
    opslimit: z.int().check(z.gte(PWHASH_BOUNDS.opsMin), z.lte(PWHASH_BOUNDS.opsMax)),
    memlimit: z.int().check(z.gte(PWHASH_BOUNDS.memMin), z.lte(PWHASH_BOUNDS.memMax)),
  }),
  aead: z.literal('xchacha20poly1305-ietf'),
  nonce: base64,
  wrappedKey: base64,
});

export const protectionHeaderSchema = z.discriminatedUnion('kind', [
  keyFileHeader,
  keychainHeader,
  passwordHeader,
]);
export type ProtectionHeader = z.infer<typeof protectionHeaderSchema>;
export type KeyFileHeader = z.infer<typeof keyFileHeader>;
export type KeychainHeader = z.infer<typeof keychainHeader>;
export type PasswordHeader = z.infer<typeof passwordHeader>;

export function headerPath(profileDir: string): string {
  return join(profileDir, HEADER_FILE);
}

const readHeaderAt = memoByStat((path: string): ProtectionHeader | undefined => {
  const raw = readFileIfExists(path);
  if (raw === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw corruptError(HEADER_FILE, 'not JSON');
  }
  const parsed = protectionHeaderSchema.safeParse(json);
  if (!parsed.success) throw corruptError(HEADER_FILE, 'unexpected content');
  return parsed.data;
});

/** The header (undefined: no master key yet), validated; re-read only when the file changed (util/stat-memo.ts). */
export function readHeader(profileDir: string): ProtectionHeader | undefined {
  return readHeaderAt(headerPath(profileDir));
}

export function writeHeader(profileDir: string, header: ProtectionHeader): void {
  writeFileAtomic(headerPath(profileDir), `${JSON.stringify(header, null, 2)}\n`);
}

export const b64 = {
  encode: (bytes: Uint8Array): string =>
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  decode: (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64')),
};
