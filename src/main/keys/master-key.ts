/**
 * The per-profile master key: 32 random bytes that never touch the disk in clear unless the user
 * chose the key-file protection. Everything secret in the profile is encrypted under keys
 * derived from it (the identity file now; the SQLCipher database later).
 */
import { hkdfSync } from 'node:crypto';
import type { Brand } from '../../crypto/brand';
import { sodium } from '../../crypto/sodium';
import { MASTER_KEY_BYTES } from './header';

export type MasterKey = Brand<Uint8Array, 'MasterKey'>;
export { MASTER_KEY_BYTES };

export function generateMasterKey(): MasterKey {
  return sodium().randombytes_buf(MASTER_KEY_BYTES) as MasterKey;
}

/** Checks the length of bytes read back from a protection; undefined when it is wrong. */
export function asMasterKey(bytes: Uint8Array): MasterKey | undefined {
  return bytes.length === MASTER_KEY_BYTES ? (bytes as MasterKey) : undefined;
}

/**
 * What the master key protects. Each use gets its own subkey (HKDF-SHA256) so that a key leaked
 * from one place (say, a SQLCipher key held by the database driver) says nothing of the others.
 */
export type SubkeyPurpose = 'identity' | 'database' | 'rotation';

export function deriveSubkey(masterKey: MasterKey, purpose: SubkeyPurpose): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', masterKey, new Uint8Array(0), `veil/${purpose}/v1`, 32));
}

/** Overwrites secret bytes we no longer need (JS strings cannot be wiped; buffers can). */
export function wipe(...buffers: readonly (Uint8Array | undefined)[]): void {
  for (const b of buffers) if (b !== undefined) sodium().memzero(b);
}
