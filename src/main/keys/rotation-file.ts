/**
 * The journal of a change of protection, `keys/rotation.json` (see key-rotation.ts), as read
 * from disk. Apart from key-rotation.ts because Electron's main thread reads it too (the
 * keychain-wrapped key of a change to the keychain, core-worker/keychain-host.ts), and that
 * thread never loads libsodium, which sealing and opening the journal's keys need.
 */
import { join } from 'node:path';
// zod's mini build, as everything Electron's main thread loads at its start (header.ts).
import * as z from 'zod/mini';
import { corruptError } from '../account/errors';
import { readFileIfExists } from '../util/atomic-file';
import { KEYS_DIR, protectionHeaderSchema } from './header';

export const ROTATION_FILE = `${KEYS_DIR}/rotation.json`;
export const NEXT_KEY_FILE = `${KEYS_DIR}/master.next.key`;

const sealedSchema = z.strictObject({ nonce: z.base64(), ciphertext: z.base64() });
const rotationSchema = z.strictObject({
  version: z.literal(1),
  next: protectionHeaderSchema,
  forward: sealedSchema,
  backward: sealedSchema,
});
export type Rotation = z.infer<typeof rotationSchema>;
export type Sealed = z.infer<typeof sealedSchema>;

export function rotationPath(profileDir: string): string {
  return join(profileDir, ROTATION_FILE);
}

/** The change in progress, or undefined when there is none. A damaged file is reported, never replaced. */
export function readRotation(profileDir: string): Rotation | undefined {
  const raw = readFileIfExists(rotationPath(profileDir));
  if (raw === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw corruptError(ROTATION_FILE, 'not JSON');
  }
  const parsed = rotationSchema.safeParse(json);
  if (!parsed.success) throw corruptError(ROTATION_FILE, 'unexpected content');
  return parsed.data;
}
