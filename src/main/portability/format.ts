/**
 * The outer layout of a Veil profile export (docs/export-format.md):
 *
 *   header (59 bytes, also the associated data of every chunk)
 *     magic "VEILEXPT" · format version u16 · KDF id u8 (1 = Argon2id v1.3) · opslimit u32 ·
 *     memlimit u32 (bytes) · salt 16 · secretstream header 24           (integers big-endian)
 *   chunks, each: ciphertext length u32 · crypto_secretstream_xchacha20poly1305 ciphertext
 *     the last one carries TAG_FINAL; nothing may follow it.
 *
 * The key is Argon2id(password NFC, salt, opslimit, memlimit). secretstream authenticates each
 * chunk, their order, and (with TAG_FINAL) the end, so a flipped byte, a dropped, swapped or
 * repeated chunk and a cut file are all refused.
 */
import { sodium } from '../../crypto/sodium';
import { PWHASH_BOUNDS } from '../keys/header';
import { wipe } from '../keys/master-key';
import type { PwhashLimits } from '../keys/protection';
import { damaged, PortabilityError } from './errors';

export const MAGIC = Buffer.from('VEILEXPT', 'ascii');
export const FORMAT_VERSION = 1;
export const KDF_ARGON2ID13 = 1;
export const SALT_BYTES = 16;
export const STREAM_HEADER_BYTES = 24;
export const HEADER_BYTES = MAGIC.length + 2 + 1 + 4 + 4 + SALT_BYTES + STREAM_HEADER_BYTES;
/** A chunk's plaintext stays under this; a length field above it is refused before any allocation. */
export const MAX_CHUNK_PLAINTEXT = 1024 * 1024;
export const CHUNK_OVERHEAD = 17; // crypto_secretstream_xchacha20poly1305_ABYTES
export const MAX_CHUNK_CIPHERTEXT = MAX_CHUNK_PLAINTEXT + CHUNK_OVERHEAD;

/**
 * libsodium's MODERATE costs (3 passes over 256 MiB): an export is made rarely and carries the
 * whole account, so guessing its password must be dear. About 1–4 s here (see bench notes in
 * docs/export-format.md), once per export and once per import.
 */
export const EXPORT_PWHASH_LIMITS: PwhashLimits = { opslimit: 3, memlimit: 256 * 1024 * 1024 };

export interface ExportHeader {
  readonly version: number;
  readonly limits: PwhashLimits;
  readonly salt: Uint8Array;
  readonly streamHeader: Uint8Array;
}

export function encodeHeader(h: ExportHeader): Buffer {
  const out = Buffer.alloc(HEADER_BYTES);
  let o = MAGIC.copy(out, 0);
  o = out.writeUInt16BE(h.version, o);
  o = out.writeUInt8(KDF_ARGON2ID13, o);
  o = out.writeUInt32BE(h.limits.opslimit, o);
  o = out.writeUInt32BE(h.limits.memlimit, o);
  o += Buffer.from(h.salt).copy(out, o);
  Buffer.from(h.streamHeader).copy(out, o);
  return out;
}

/**
 * Checks the header in the order that gives the clearest answer: not an export at all, then a
 * version we cannot read, then costs outside the bounds (an altered header must not make us
 * allocate gigabytes).
 */
export function decodeHeader(bytes: Buffer): ExportHeader {
  if (bytes.length < MAGIC.length || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new PortabilityError('not-an-export', 'this file is not a Veil profile export');
  }
  if (bytes.length < MAGIC.length + 2)
    throw new PortabilityError('truncated', 'the export file is cut short');
  const version = bytes.readUInt16BE(MAGIC.length);
  if (version > FORMAT_VERSION) {
    throw new PortabilityError(
      'newer-version',
      `this export was made by a newer Veil (format ${version}; this Veil reads ${FORMAT_VERSION}): update Veil`,
    );
  }
  if (version !== FORMAT_VERSION) throw damaged('format version');
  if (bytes.length < HEADER_BYTES) throw new PortabilityError('truncated', 'the export file is cut short');
  let o = MAGIC.length + 2;
  if (bytes.readUInt8(o) !== KDF_ARGON2ID13) throw damaged('key derivation');
  o += 1;
  const opslimit = bytes.readUInt32BE(o);
  const memlimit = bytes.readUInt32BE(o + 4);
  o += 8;
  if (
    opslimit < PWHASH_BOUNDS.opsMin ||
    opslimit > PWHASH_BOUNDS.opsMax ||
    memlimit < PWHASH_BOUNDS.memMin ||
    memlimit > PWHASH_BOUNDS.memMax
  ) {
    throw damaged('key derivation costs');
  }
  const salt = new Uint8Array(bytes.subarray(o, o + SALT_BYTES));
  const streamHeader = new Uint8Array(bytes.subarray(o + SALT_BYTES, HEADER_BYTES));
  return { version, limits: { opslimit, memlimit }, salt, streamHeader };
}

export function deriveExportKey(password: string, salt: Uint8Array, limits: PwhashLimits): Uint8Array {
  const s = sodium();
  // NFC, as for the profile password: the same password typed elsewhere gives the same key.
  const pw = new TextEncoder().encode(password.normalize('NFC'));
  try {
    return s.crypto_pwhash(
      s.crypto_secretstream_xchacha20poly1305_KEYBYTES,
      pw,
      salt,
      limits.opslimit,
      limits.memlimit,
      s.crypto_pwhash_ALG_ARGON2ID13,
    );
  } finally {
    wipe(pw);
  }
}

/** Encrypts chunks in order; the caller writes `header` first, then each framed chunk. */
export class ChunkSealer {
  readonly header: Buffer;
  private readonly state: ReturnType<
    ReturnType<typeof sodium>['crypto_secretstream_xchacha20poly1305_init_push']
  >['state'];
  private finished = false;

  constructor(key: Uint8Array, limits: PwhashLimits, salt: Uint8Array) {
    const s = sodium();
    const { state, header } = s.crypto_secretstream_xchacha20poly1305_init_push(key);
    this.state = state;
    this.header = encodeHeader({ version: FORMAT_VERSION, limits, salt, streamHeader: header });
  }

  /** One framed chunk: length, then ciphertext. `final` marks the last one. */
  seal(plaintext: Uint8Array, final: boolean): Buffer {
    if (this.finished) throw new Error('the stream is already finished');
    if (plaintext.length > MAX_CHUNK_PLAINTEXT) throw new Error('chunk too large');
    const s = sodium();
    const tag = final
      ? s.crypto_secretstream_xchacha20poly1305_TAG_FINAL
      : s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    const cipher = s.crypto_secretstream_xchacha20poly1305_push(this.state, plaintext, this.header, tag);
    this.finished = final;
    const out = Buffer.alloc(4 + cipher.length);
    out.writeUInt32BE(cipher.length, 0);
    out.set(cipher, 4);
    return out;
  }
}

/** Decrypts chunks in order; says whether the one just opened was the last. */
export class ChunkOpener {
  private readonly state: ReturnType<
    ReturnType<typeof sodium>['crypto_secretstream_xchacha20poly1305_init_pull']
  >;
  private opened = 0;

  constructor(
    key: Uint8Array,
    private readonly header: Buffer,
    streamHeader: Uint8Array,
  ) {
    this.state = sodium().crypto_secretstream_xchacha20poly1305_init_pull(streamHeader, key);
  }

  open(ciphertext: Uint8Array): { plaintext: Uint8Array; final: boolean } {
    const s = sodium();
    let result: { message: Uint8Array; tag: number } | false;
    try {
      result = s.crypto_secretstream_xchacha20poly1305_pull(this.state, ciphertext, this.header);
    } catch {
      result = false;
    }
    if (result === false || typeof result !== 'object') {
      // The first chunk is where a wrong password shows (an altered header or first chunk looks
      // the same to an AEAD; the password is by far the likelier cause).
      if (this.opened === 0) {
        throw new PortabilityError('wrong-password', 'the password is wrong (or the file was altered)');
      }
      throw damaged(`chunk ${this.opened}`);
    }
    this.opened++;
    const tags = s.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    if (result.tag !== s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE && result.tag !== tags) {
      throw damaged('chunk tag');
    }
    return { plaintext: result.message, final: result.tag === tags };
  }
}
