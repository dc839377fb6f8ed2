/**
 * The SQLCipher raw-key literal. `x'<64 hex>'` hands the 32 bytes to SQLCipher as the page key
 * itself: no PBKDF2 (256,000 rounds, ~180 ms per open), which would add nothing since our key is
 * already a uniformly random HKDF subkey. The literal is built in a Buffer, never a JS string,
 * so the caller can wipe it after `db.key()` / `db.rekey()` have copied it.
 */
export const DATABASE_KEY_BYTES = 32;

const HEX = '0123456789abcdef';

/** Checked before any file is created: a short key is a bug, not a wrong password. */
export function assertDatabaseKey(key: Uint8Array): void {
  if (key.length !== DATABASE_KEY_BYTES) {
    throw new RangeError(`database key must be ${DATABASE_KEY_BYTES} bytes, got ${key.length}`);
  }
}

export function rawKeyLiteral(key: Uint8Array): Buffer {
  assertDatabaseKey(key);
  const out = Buffer.alloc(3 + 2 * key.length);
  out[0] = 0x78; // x
  out[1] = 0x27; // '
  key.forEach((byte, i) => {
    out[2 + 2 * i] = HEX.charCodeAt(byte >> 4);
    out[3 + 2 * i] = HEX.charCodeAt(byte & 0x0f);
  });
  out[out.length - 1] = 0x27; // '
  return out;
}
