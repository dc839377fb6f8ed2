/**
 * `account.json`: the identity of the profile. Public fields (Session ID, Ed25519 public key,
 * display name) are in clear so they can be shown while the account is locked; the 16-byte seed —
 * the whole secret, from which every key and the recovery phrase follow — is sealed with
 * XChaCha20-Poly1305 under a subkey of the master key.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { toHex } from '../../crypto/bytes';
import { asSeed16, identityFromSeed, type Identity, type Seed16, type SessionId } from '../../crypto/keys';
import { open, seal } from '../keys/aead';
import { b64 } from '../keys/header';
import { deriveSubkey, wipe, type MasterKey } from '../keys/master-key';
import { readFileIfExists, writeFileAtomic } from '../util/atomic-file';
import { memoByStat } from '../util/stat-memo';
import { corruptError } from './errors';

export const ACCOUNT_FILE = 'account.json';

const accountFileSchema = z.object({
  version: z.literal(1),
  sessionId: z.string().regex(/^05[0-9a-f]{64}$/),
  ed25519PublicKey: z.string().regex(/^[0-9a-f]{64}$/),
  /** null after a restore without a name (the network will supply it in a later version). */
  displayName: z.string().max(1000).nullable(),
  seed: z.object({
    aead: z.literal('xchacha20poly1305-ietf'),
    key: z.literal('master/identity'),
    nonce: z.base64(),
    ciphertext: z.base64(),
  }),
});
export type AccountFile = z.infer<typeof accountFileSchema>;

/** Binds the sealed seed to its Session ID: a seed pasted in from another profile's file won't open. */
function associatedData(sessionId: string): string {
  return `veil/account/v1/seed/${sessionId}`;
}

/** Joined once per profile: the name is read for every message sent, and `join` normalises. */
const accountPaths = new Map<string, string>();

export function accountFilePath(profileDir: string): string {
  let path = accountPaths.get(profileDir);
  if (path === undefined) {
    path = join(profileDir, ACCOUNT_FILE);
    accountPaths.set(profileDir, path);
  }
  return path;
}

const readAccountFileAt = memoByStat((path: string): AccountFile | undefined => {
  const raw = readFileIfExists(path);
  if (raw === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw corruptError(ACCOUNT_FILE, 'not JSON');
  }
  const parsed = accountFileSchema.safeParse(json);
  if (!parsed.success) throw corruptError(ACCOUNT_FILE, 'unexpected content');
  return parsed.data;
});

/** The file's content, validated; re-read only when the file changed (util/stat-memo.ts). */
export function readAccountFile(profileDir: string): AccountFile | undefined {
  return readAccountFileAt(accountFilePath(profileDir));
}

export function writeAccountFile(profileDir: string, file: AccountFile): void {
  writeFileAtomic(accountFilePath(profileDir), `${JSON.stringify(file, null, 2)}\n`);
}

export function sealAccount(
  masterKey: MasterKey,
  seed: Seed16,
  identity: Identity,
  displayName: string | null,
): AccountFile {
  const key = deriveSubkey(masterKey, 'identity');
  try {
    const sealed = seal(key, seed, associatedData(identity.sessionId));
    return {
      version: 1,
      sessionId: identity.sessionId,
      ed25519PublicKey: toHex(identity.ed25519PublicKey),
      displayName,
      seed: {
        aead: 'xchacha20poly1305-ietf',
        key: 'master/identity',
        nonce: b64.encode(sealed.nonce),
        ciphertext: b64.encode(sealed.ciphertext),
      },
    };
  } finally {
    wipe(key);
  }
}

/** The seed and identity; a file that does not open, or opens to another account, is corrupt. */
export function openAccount(masterKey: MasterKey, file: AccountFile): { seed: Seed16; identity: Identity } {
  const key = deriveSubkey(masterKey, 'identity');
  let plain: Uint8Array | undefined;
  try {
    plain = open(
      key,
      { nonce: b64.decode(file.seed.nonce), ciphertext: b64.decode(file.seed.ciphertext) },
      associatedData(file.sessionId),
    );
  } finally {
    wipe(key);
  }
  if (plain?.length !== 16)
    throw corruptError(ACCOUNT_FILE, 'the seed does not open with this profile’s key');
  const seed = asSeed16(plain);
  const identity = identityFromSeed(seed);
  if (
    identity.sessionId !== (file.sessionId as SessionId) ||
    toHex(identity.ed25519PublicKey) !== file.ed25519PublicKey
  ) {
    throw corruptError(ACCOUNT_FILE, 'the seed does not match the Session ID');
  }
  return { seed, identity };
}
