/**
 * Avatar images on disk, encrypted at rest (DEVELOPERS.md: secrets encrypted at rest): each file
 * is XChaCha20-Poly1305 (`keys/aead.ts`) under a key derived from the profile's database subkey,
 * bound to its own name, so nothing in `avatars/` is a readable picture. Names are an HMAC of the
 * image under a second derived key: never from remote input, equal for equal images (one copy),
 * and they say nothing of the picture to whoever lists the folder.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { open, seal } from '../keys/aead';

export const AVATAR_DIR = 'avatars';
const NAME = /^[0-9a-f]{40}$/;
const NONCE_BYTES = 24;

export interface AvatarCacheKeys {
  readonly encrypt: Uint8Array;
  readonly name: Uint8Array;
}

/** Two subkeys from the database key (HKDF-SHA256), one per use. */
export function avatarCacheKeys(databaseKey: Uint8Array): AvatarCacheKeys {
  const derive = (info: string) =>
    new Uint8Array(hkdfSync('sha256', databaseKey, new Uint8Array(0), info, 32));
  return { encrypt: derive('veil/avatar-cache/encrypt/v1'), name: derive('veil/avatar-cache/name/v1') };
}

export class AvatarCache {
  readonly dir: string;

  constructor(
    profileDir: string,
    private readonly keys: AvatarCacheKeys,
  ) {
    this.dir = join(profileDir, AVATAR_DIR);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  private path(name: string): string {
    if (!NAME.test(name)) throw new Error('bad avatar cache name');
    return join(this.dir, `${name}.bin`);
  }

  /** Stores an image; returns its name (the same image gives the same name). */
  put(image: Uint8Array): string {
    const name = createHmac('sha256', this.keys.name).update(image).digest('hex').slice(0, 40);
    const sealed = seal(this.keys.encrypt, image, `veil/avatar/${name}`);
    const tmp = `${this.path(name)}.tmp`;
    writeFileSync(tmp, Buffer.concat([sealed.nonce, sealed.ciphertext]), { mode: 0o600 });
    renameSync(tmp, this.path(name));
    return name;
  }

  /** The image, or undefined when it is missing, altered or from another profile. */
  get(name: string): Uint8Array | undefined {
    if (!NAME.test(name)) return undefined;
    let raw: Buffer;
    try {
      raw = readFileSync(this.path(name));
    } catch {
      return undefined;
    }
    if (raw.length <= NONCE_BYTES) return undefined;
    const bytes = new Uint8Array(raw);
    return open(
      this.keys.encrypt,
      { nonce: bytes.subarray(0, NONCE_BYTES), ciphertext: bytes.subarray(NONCE_BYTES) },
      `veil/avatar/${name}`,
    );
  }

  remove(name: string): void {
    if (NAME.test(name)) rmSync(this.path(name), { force: true });
  }
}
