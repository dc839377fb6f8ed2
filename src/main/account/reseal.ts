/**
 * Re-sealing the account file's seed under a new master key, during a change of protection.
 * Idempotent: a file already sealed under `to` is left as it is (a change finished again after a
 * crash runs this again).
 */
import type { MasterKey } from '../keys/master-key';
import { wipe } from '../keys/master-key';
import {
  openAccount,
  readAccountFile,
  sealAccount,
  writeAccountFile,
  type AccountFile,
} from './account-file';
import { noAccountError } from './errors';

/** Whether the account file's seal opens with `key` (the secrets it gives are wiped at once). */
function opens(key: MasterKey, file: AccountFile): boolean {
  try {
    const { seed, identity } = openAccount(key, file);
    wipe(seed, identity.ed25519SecretKey, identity.x25519SecretKey);
    return true;
  } catch {
    return false;
  }
}

export function resealAccountFile(profileDir: string, from: MasterKey, to: MasterKey): void {
  const file = readAccountFile(profileDir);
  if (file === undefined) throw noAccountError();
  if (opens(to, file)) return;
  const { seed, identity } = openAccount(from, file);
  try {
    // Only the seal changes: whatever else the file holds (name, later fields) is kept as it is.
    writeAccountFile(profileDir, { ...file, seed: sealAccount(to, seed, identity, file.displayName).seed });
  } finally {
    wipe(seed, identity.ed25519SecretKey, identity.x25519SecretKey);
  }
}
