/**
 * The file server's two calls we need (network.md §5; session-desktop `FileServerApi.ts`
 * `uploadFileToFsWithOnionV4`, `downloadFileFromFileServer`): `POST /file` with the raw
 * (already encrypted) bytes, answered `{"id", "expires"}`; `GET /file/<id>`, answered with the
 * bytes. Both through the onion (server-request.ts). Sizes are checked before anything leaves.
 */
import { z } from 'zod';
import { decodeV4Body, type V4Response } from '../../onion/v4';
import type { NetworkClient } from '../network';
import { FileError } from './errors';
import { LEGACY_MAX_ENCRYPTED_BYTES } from '../../crypto/attachments-legacy';
import { joinOwned } from '../../crypto/owned-bytes';
import { isPartsSource, partsLength, type PartsSource } from '../../crypto/parts';
import { FILE_ID, fileUrl, type FileServer } from './file-server';
import { serverRequest, type ServerRequestOptions } from './server-request';

export interface UploadedFile {
  readonly id: string;
  /** What goes into messages: `<server>/file/<id>`. */
  readonly url: string;
  /** Seconds since the epoch (float), null from servers older than desktop's requirement. */
  readonly expires: number | null;
}

// Old servers gave integer-like ids; desktop stringifies them.
const uploadAnswer = z.object({
  id: z.union([z.string(), z.number().int().nonnegative()]).transform(String).pipe(z.string().regex(FILE_ID)),
  expires: z.number().positive().optional(),
});

function statusError(res: V4Response, what: string): FileError {
  if (res.code === 404) return new FileError('not-found', `${what}: no such file`, 404);
  if (res.code === 413) return new FileError('too-large', `${what}: the server refused the size`, 413);
  if (res.code === 425 || res.code === 406)
    return new FileError('clock-out-of-sync', `${what}: clock`, res.code);
  return new FileError('server-error', `${what}: the server answered ${res.code}`, res.code);
}

export interface UploadOptions extends ServerRequestOptions {
  /** `X-FS-TTL` (seconds): how long the server keeps the file (newer servers; tests). */
  readonly ttlSeconds?: number;
}

export async function uploadFile(
  client: NetworkClient,
  server: FileServer,
  data: Uint8Array | readonly Uint8Array[] | PartsSource,
  options: UploadOptions = {},
): Promise<UploadedFile> {
  // Parts (an encrypted attachment) are sent as their concatenation, never joined; a source
  // (an attachment encrypted while it is sent) is made again for each attempt.
  const length = isPartsSource(data) || data instanceof Uint8Array ? data.length : partsLength(data);
  if (length === 0) throw new FileError('empty', 'nothing to upload');
  // The encrypted form of a 10,000,000-byte file: padding, IV, cipher block and MAC (legacy:
  // 10,000,064), or the stream scheme's 10,223,616 (libsession LEGACY_MAX_ENCRYPTED_SIZE).
  if (length > LEGACY_MAX_ENCRYPTED_BYTES)
    throw new FileError('too-large', `${length} bytes is over the limit`);
  const headers: Record<string, string> =
    options.ttlSeconds === undefined ? {} : { 'X-FS-TTL': String(Math.floor(options.ttlSeconds)) };
  const res = await serverRequest(
    client,
    server,
    { method: 'POST', endpoint: '/file', headers, body: data },
    options,
  );
  if (res.code !== 200) throw statusError(res, 'upload');
  const body = decodeV4Body(res);
  const parsed = body.ok && body.value.kind === 'json' ? uploadAnswer.safeParse(body.value.value) : undefined;
  if (!parsed?.success) throw new FileError('invalid-response', 'upload answer is not {id, expires}');
  return { id: parsed.data.id, url: fileUrl(server, parsed.data.id), expires: parsed.data.expires ?? null };
}

export async function downloadFile(
  client: NetworkClient,
  server: FileServer,
  id: string,
  options: ServerRequestOptions = {},
): Promise<Uint8Array> {
  const parts = await downloadFileParts(client, server, id, options);
  return parts.length === 1 ? (parts[0] as Uint8Array) : joinOwned(parts);
}

/**
 * The downloaded bytes in the parts they were decrypted in (their concatenation is the file):
 * an attachment is checked and decrypted from them without a 10 MB join.
 */
export async function downloadFileParts(
  client: NetworkClient,
  server: FileServer,
  id: string,
  options: ServerRequestOptions = {},
): Promise<readonly Uint8Array[]> {
  if (!FILE_ID.test(id)) throw new FileError('bad-url', 'malformed file id');
  const res = await serverRequest(
    client,
    server,
    { method: 'GET', endpoint: `/file/${id}`, headers: {} },
    options,
  );
  if (res.code !== 200) throw statusError(res, 'download');
  const parts = res.bodyParts ?? [res.body];
  const length = partsLength(parts);
  // Encrypted uploads are at most 10 MB plus the cipher's overhead.
  if (length > LEGACY_MAX_ENCRYPTED_BYTES) throw new FileError('too-large', 'downloaded file is too large');
  if (length === 0) throw new FileError('invalid-response', 'empty file');
  return parts;
}

const extendAnswer = z.object({ expires: z.number().positive() });

/**
 * Pushes a file's expiry back (`POST /file/<id>/extend`, newer file servers; network.md §5).
 * Desktop only asks it for 44-character ids, which newer servers hand out; resolves with the
 * new expiry in seconds.
 */
export async function extendFile(
  client: NetworkClient,
  server: FileServer,
  id: string,
  options: ServerRequestOptions = {},
): Promise<number> {
  if (!FILE_ID.test(id)) throw new FileError('bad-url', 'malformed file id');
  const res = await serverRequest(
    client,
    server,
    { method: 'POST', endpoint: `/file/${id}/extend`, headers: {} },
    options,
  );
  if (res.code !== 200) throw statusError(res, 'extend');
  const body = decodeV4Body(res);
  const parsed = body.ok && body.value.kind === 'json' ? extendAnswer.safeParse(body.value.value) : undefined;
  if (!parsed?.success) throw new FileError('invalid-response', 'extend answer has no expiry');
  return parsed.data.expires;
}
