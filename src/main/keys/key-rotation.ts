/**
 * `keys/rotation.json`: a change of protection in progress. Changing protection replaces the
 * master key (a copy of the old key file, or the old password, must not open what is written
 * afterwards), and three things are encrypted under it: the key's own protection, the account
 * file and the database. They cannot all be replaced in one atomic step, so the change is
 * journaled here first:
 *
 * - `next`: the protection header of the new key (for a key file, the key is staged in
 *   `keys/master.next.key`);
 * - `forward`: the new key sealed under the old one, and `backward`: the old sealed under the new.
 *
 * With this file present, whichever key the user can open (the old protection, or the new one
 * once in force) gives the other, so a crash at any point leaves an account that opens, and the
 * next unlock finishes the change. The file goes once the change is complete; without it, the old
 * key says nothing of the new one.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-file';
import { open, seal } from './aead';
import { b64, type ProtectionHeader } from './header';
import { scrubFile } from './key-file-protection';
import { asMasterKey, deriveSubkey, wipe, type MasterKey } from './master-key';
import { NEXT_KEY_FILE, rotationPath, type Rotation, type Sealed } from './rotation-file';

export { NEXT_KEY_FILE, ROTATION_FILE, readRotation, rotationPath, type Rotation } from './rotation-file';

const FORWARD = 'veil/master-key/v1/rotation/forward';
const BACKWARD = 'veil/master-key/v1/rotation/backward';

function sealKey(wrapping: MasterKey, key: MasterKey, ad: string): Sealed {
  const k = deriveSubkey(wrapping, 'rotation');
  try {
    const sealed = seal(k, key, ad);
    return { nonce: b64.encode(sealed.nonce), ciphertext: b64.encode(sealed.ciphertext) };
  } finally {
    wipe(k);
  }
}

function openKey(wrapping: MasterKey, sealed: Sealed, ad: string): MasterKey | undefined {
  const k = deriveSubkey(wrapping, 'rotation');
  try {
    const plain = open(k, { nonce: b64.decode(sealed.nonce), ciphertext: b64.decode(sealed.ciphertext) }, ad);
    return plain === undefined ? undefined : asMasterKey(plain);
  } finally {
    wipe(k);
  }
}

export function writeRotation(
  profileDir: string,
  previous: MasterKey,
  next: MasterKey,
  nextHeader: ProtectionHeader,
): void {
  const rotation: Rotation = {
    version: 1,
    next: nextHeader,
    forward: sealKey(previous, next, FORWARD),
    backward: sealKey(next, previous, BACKWARD),
  };
  writeFileAtomic(rotationPath(profileDir), `${JSON.stringify(rotation, null, 2)}\n`);
}

/**
 * Given one key of the change (whichever opened), both: `previous` and `next`. Undefined when
 * `key` is neither, which means the file does not belong to this profile's key.
 */
export function bothKeys(
  rotation: Rotation,
  key: MasterKey,
): { previous: MasterKey; next: MasterKey } | undefined {
  const next = openKey(key, rotation.forward, FORWARD);
  if (next !== undefined) return { previous: key, next };
  const previous = openKey(key, rotation.backward, BACKWARD);
  if (previous !== undefined) return { previous, next: key };
  return undefined;
}

/** Ends a change of protection: the journal, and with it the link between old and new key, goes. */
export function removeRotation(profileDir: string): void {
  scrubFile(join(profileDir, NEXT_KEY_FILE));
  scrubFile(rotationPath(profileDir));
}
