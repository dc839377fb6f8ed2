/**
 * One file up or down the file server, encrypted as Session does it.
 * - Up: the legacy scheme (identity-and-messages.md §6.1, what Session desktop sends): a random
 *   64-byte key and 16-byte IV, zero padding, AES-256-CBC + HMAC-SHA256, digest = SHA-256 of the
 *   blob; `POST /file` through an onion request v4 (network.md §5).
 * - Down: `GET /file/<id>` from our file server only; the stream scheme when the URL's fragment
 *   has `d` (§6.2), else legacy; the MAC and the digest (legacy) or every chunk's tag (stream)
 *   are checked before a single byte is used.
 */
import { randomBytes } from 'node:crypto';
import {
  asLegacyAttachmentKey,
  decryptLegacyAttachmentParts,
  legacyEncryptionSource,
  LEGACY_IV_BYTES,
  LEGACY_KEY_BYTES,
} from '../../crypto/attachments-legacy';
import { decryptStreamAttachment, STREAM_KEY_BYTES } from '../../crypto/attachments-stream';
import { downloadFileParts, uploadFile } from '../files/file-client';
import { joinOwned, releaseBytes } from '../../crypto/owned-bytes';
import { FileError } from '../files/errors';
import { fileIdOf, type FileServer } from '../files/file-server';
import type { NetworkClient } from '../network';
import type { TransferProgress } from '../network/https-transport';
import { ATTACHMENT_REASONS, type AttachmentReason } from './reasons';
import { sharedUrl } from './pointer';

export interface TransferOptions {
  /** 0…1 of the transfer. */
  readonly onProgress?: (fraction: number) => void;
  readonly signal?: AbortSignal;
  /** `X-FS-TTL` for the upload (tests). */
  readonly ttlSeconds?: number;
}

export interface Uploaded {
  readonly url: string;
  readonly key: Uint8Array;
  readonly digest: Uint8Array;
  /** ms since the epoch, when the server said. */
  readonly expiresAt: number | null;
}

/**
 * Progress as the user sees it: it never goes back. An attempt that fails is retried over another
 * path from byte 0; the bar then waits where it was until the new attempt passes it.
 */
function progressOf(options: TransferOptions, direction: 'up' | 'down'): TransferProgress | undefined {
  const report = options.onProgress;
  if (!report) return undefined;
  let shown = -1;
  const forward = (fraction: number) => {
    if (fraction <= shown) return;
    shown = fraction;
    report(fraction);
  };
  return (p) => {
    if (direction === 'up') forward(p.sendTotal > 0 ? p.sent / p.sendTotal : 0);
    else if (p.receiveTotal !== null && p.receiveTotal > 0) forward(p.received / p.receiveTotal);
  };
}

/** Encrypts (legacy scheme, padded) and uploads `plain`; the pointer's url, key and digest. */
export async function uploadAttachment(
  client: NetworkClient,
  server: FileServer,
  plain: Uint8Array,
  options: TransferOptions = {},
): Promise<Uploaded> {
  const key = asLegacyAttachmentKey(new Uint8Array(randomBytes(LEGACY_KEY_BYTES)));
  const iv = new Uint8Array(randomBytes(LEGACY_IV_BYTES));
  // Made while it is sent: each slice of ciphertext goes through the onion layers and onto the
  // socket as it is made, and none is kept (legacyEncryptionSource); a retry makes it again.
  const blob = legacyEncryptionSource(plain, key, iv);
  const progress = progressOf(options, 'up');
  const up = await uploadFile(client, server, blob, {
    ...(progress ? { onProgress: progress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.ttlSeconds !== undefined ? { ttlSeconds: options.ttlSeconds } : {}),
  });
  // The server stored a whole body, so the pass that sent it went to the end.
  const digest = blob.digest();
  if (!digest) throw new Error('upload: the blob was not made to its end');
  return {
    url: sharedUrl(server, up.url),
    key,
    digest,
    expiresAt: up.expires === null ? null : Math.floor(up.expires * 1000),
  };
}

export type Downloaded =
  | {
      readonly ok: true;
      /**
       * The file in the parts it was deciphered in (their concatenation is the file): a
       * download is stored without being joined into one 10 MB array first.
       */
      readonly parts: readonly Uint8Array[];
      readonly length: number;
    }
  | {
      readonly ok: false;
      readonly state: 'failed' | 'expired';
      readonly reason: AttachmentReason;
      /** Why, for the log and the CLI (never shown as is). */
      readonly detail: string;
    };

const failed = (reason: AttachmentReason, detail: string): Downloaded => ({
  ok: false,
  state: reason === ATTACHMENT_REASONS.expired ? 'expired' : 'failed',
  reason,
  detail,
});

/** What a received pointer needs to be fetched and opened. */
export interface RemoteFile {
  readonly url: string;
  readonly key: Uint8Array;
  readonly digest: Uint8Array | null;
  readonly size: number;
}

/** The decrypted bytes of a received attachment, or why not (never throws for bad data). */
export async function downloadAttachment(
  client: NetworkClient,
  server: FileServer,
  file: RemoteFile,
  options: TransferOptions = {},
): Promise<Downloaded> {
  const where = fileIdOf(file.url, server);
  if (!where) return failed(ATTACHMENT_REASONS.unsupported, 'not a file of our file server');
  let blob: readonly Uint8Array[];
  try {
    const progress = progressOf(options, 'down');
    blob = await downloadFileParts(client, server, where.id, {
      ...(progress ? { onProgress: progress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (e) {
    if (e instanceof FileError && e.code === 'not-found')
      return failed(ATTACHMENT_REASONS.expired, 'not found');
    if (e instanceof FileError && e.code === 'stopped')
      return failed(ATTACHMENT_REASONS.cancelled, 'stopped');
    return failed(ATTACHMENT_REASONS.unavailable, e instanceof Error ? e.message : 'download failed');
  }
  const opened = openBlob(blob, file, where.deterministic);
  // The legacy plaintext is new memory (the CBC pass's output), so the downloaded ciphertext
  // (the onion reply's deciphered slices, ours alone) is garbage now: freed at once instead of
  // being counted against V8's external memory until a collection (see releaseBytes). The
  // stream scheme's result may be a view of it, so that one is left to the collector.
  if (!where.deterministic) for (const part of blob) releaseBytes(part);
  return opened;
}

/**
 * Checks and decrypts a downloaded blob, whole or in the parts it was downloaded in (also used
 * on blobs fetched by other means in tests).
 */
export function openBlob(
  blob: Uint8Array | readonly Uint8Array[],
  file: RemoteFile,
  deterministic: boolean,
): Downloaded {
  if (deterministic) {
    if (file.key.length !== STREAM_KEY_BYTES)
      return failed(ATTACHMENT_REASONS.unsupported, 'stream key length');
    const whole =
      blob instanceof Uint8Array ? blob : blob.length === 1 ? (blob[0] as Uint8Array) : joinOwned(blob);
    const r = decryptStreamAttachment(whole, file.key);
    if (!r.ok) return failed(ATTACHMENT_REASONS.tampered, `stream: ${r.error.kind}`);
    return { ok: true, parts: [r.data], length: r.data.length };
  }
  if (file.key.length !== LEGACY_KEY_BYTES || file.digest === null)
    return failed(ATTACHMENT_REASONS.unsupported, 'legacy key or digest missing');
  const r = decryptLegacyAttachmentParts(blob, file.key, file.digest, file.size);
  if (!r.ok) return failed(ATTACHMENT_REASONS.tampered, `legacy: ${r.error.kind}`);
  return { ok: true, parts: r.parts, length: r.length };
}
