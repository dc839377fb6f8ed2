/**
 * File server endpoints (network.md §5; session-file-server `fileserver/routes.py` for
 * POST /file, GET /file/<id>, GET /file/<id>/info; `/extend`, `expires` on upload and
 * `X-FS-TTL` follow session-desktop `FileServerApi.ts`, the server snapshot predates them).
 */
import { sodium } from '../../src/crypto/sodium';
import { concatBytes, utf8 } from '../../src/crypto/bytes';
import type { FileStore } from './store';

/**
 * The largest encrypted upload: Session's 10,000,000-byte files once encrypted (legacy: padded to
 * at most 10,000,000, + IV, cipher block and MAC; stream scheme: 10,223,616, libsession
 * `LEGACY_MAX_ENCRYPTED_SIZE`). Desktop checks the plaintext size, not the upload's.
 */
export const MAX_FILE_SIZE = 10_223_616;
/** 2024 config default expiry: 3 weeks. */
export const DEFAULT_TTL_S = 21 * 24 * 3600;
const SALT = utf8('SessionFileSvr\0\0');

export interface HttpLikeResponse {
  readonly code: number;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
}

function json(code: number, v: unknown): HttpLikeResponse {
  return { code, headers: { 'content-type': 'application/json' }, body: utf8(JSON.stringify(v)) };
}

/**
 * New ids: url-safe base64 (44 chars) of a 33-byte BLAKE2b of the content (network.md §5).
 * APPROXIMATION: the real server salts the hash with `SessionFileSvr\0\0`; libsodium.js has no
 * salted generichash, so we hash `salt ‖ content` instead. Ids are opaque to clients.
 */
export function fileId(data: Uint8Array): string {
  const h = sodium().crypto_generichash(33, concatBytes(SALT, data), null);
  return Buffer.from(h).toString('base64url');
}

function ttlSeconds(headers: Readonly<Record<string, string>>): number {
  const entry = Object.entries(headers).find(([k]) => k.toLowerCase() === 'x-fs-ttl');
  const v = entry ? Number(entry[1]) : NaN;
  return Number.isFinite(v) && v > 0 ? Math.min(v, DEFAULT_TTL_S) : DEFAULT_TTL_S;
}

export function route(
  store: FileStore,
  nowMs: number,
  method: string,
  endpoint: string,
  headers: Readonly<Record<string, string>>,
  body: Uint8Array | undefined,
): HttpLikeResponse {
  const now = nowMs / 1000;
  const path = endpoint.split('?')[0] ?? '';
  if (method === 'POST' && path === '/file') {
    const data = body ?? new Uint8Array(0);
    if (data.length === 0) return json(400, { status_code: 400, error: 'empty upload' });
    if (data.length > MAX_FILE_SIZE) return json(413, { status_code: 413, error: 'file too large' });
    const meta = store.put(fileId(data), data, now, now + ttlSeconds(headers));
    return json(200, { id: meta.id, expires: meta.expires });
  }
  const m = /^\/file\/([A-Za-z0-9_-]{1,64})(\/info|\/extend)?$/.exec(path);
  if (!m) return json(404, { status_code: 404 });
  const id = m[1] ?? '';
  if (method === 'GET' && m[2] === undefined) {
    const data = store.data(id, now);
    if (!data) return json(404, { status_code: 404 });
    return { code: 200, headers: { 'content-type': 'application/octet-stream' }, body: data };
  }
  if (method === 'GET' && m[2] === '/info') {
    const meta = store.meta(id, now);
    if (!meta) return json(404, { status_code: 404 });
    return json(200, { size: meta.size, uploaded: meta.uploaded, expires: meta.expires });
  }
  if (method === 'POST' && m[2] === '/extend') {
    const meta = store.extend(id, now + ttlSeconds(headers), now);
    if (!meta) return json(404, { status_code: 404 });
    return json(200, { expires: meta.expires, uploaded: meta.uploaded, size: meta.size });
  }
  return json(405, { status_code: 405 });
}
