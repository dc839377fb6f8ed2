/**
 * Which file server, and its URLs (network.md §5, identity-and-messages.md §6.3; session-desktop
 * `ts/session/apis/file_server_api/FileServerApi.ts`, `FileServerTarget.ts`). The mainnet server
 * is reached only through onion requests, with `protocol: http` and port 80, encrypted to its
 * X25519 key; a devnet passes its own server through the core's network config.
 */
import { z } from 'zod';
import type { X25519Hex } from '../../onion/keys';
import { FileError } from './errors';

export interface FileServer {
  /** Base URL without a trailing slash, as file URLs in messages start with it. */
  readonly url: string;
  /** The onion destination key. */
  readonly x25519: X25519Hex;
  readonly ed25519: string;
}

const hex64 = /^[0-9a-f]{64}$/;

/** Desktop's constants (the x25519 key is the desktop one; libsession 2024 had an older key). */
export const MAINNET_FILE_SERVER: FileServer = {
  url: 'http://filev2.getsession.org',
  x25519: '09324794aa9c11948189762d198c618148e9136ac9582068180661208927ef34' as X25519Hex,
  ed25519: 'b8eef9821445ae16e2e97ef8aa6fe782fd11ad5253cd6723b281341dba22e371',
};

/** Desktop: `MAX_ATTACHMENT_FILESIZE_BYTES`, "10 MB, not one byte more". */
export const MAX_FILE_BYTES = 10_000_000;
/** Upload and download through the onion: 30 s (network.md §4.6). */
export const FILE_TIMEOUT_MS = 30_000;

export const fileServerSchema = z.object({
  url: z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, '')),
  x25519: z.string().regex(hex64),
  ed25519: z.string().regex(hex64),
});

/** Validates a configured server (devnet JSON, tests). */
export function parseFileServer(value: unknown): FileServer {
  const p = fileServerSchema.parse(value);
  return { url: p.url, x25519: p.x25519 as X25519Hex, ed25519: p.ed25519 };
}

/** New ids are 44-char url-safe base64, old ones integers; both fit this. */
export const FILE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function fileUrl(server: FileServer, id: string): string {
  if (!FILE_ID.test(id)) throw new FileError('invalid-response', 'the server gave a malformed file id');
  return `${server.url}/file/${id}`;
}

/**
 * The file id in a URL from a message, only when the URL points at `server` (same scheme, host and
 * port, path `/file/<id>`). Anything else — another host, a query, a path trick — is refused: a
 * message must not make us fetch from servers it chooses. A fragment naming another server key
 * (`#p=<ed25519>`) is refused too; `#d` (deterministic encryption) is reported to the caller.
 */
export function fileIdOf(
  url: string,
  server: FileServer,
): { id: string; deterministic: boolean } | undefined {
  if (url.length > 512) return undefined;
  let u: URL;
  let base: URL;
  try {
    u = new URL(url);
    base = new URL(server.url);
  } catch {
    return undefined;
  }
  if (u.protocol !== base.protocol || u.host !== base.host || u.search !== '') return undefined;
  if (u.username !== '' || u.password !== '') return undefined;
  const m = /^\/file\/([A-Za-z0-9_-]{1,64})$/.exec(u.pathname);
  if (!m?.[1]) return undefined;
  const params = new URLSearchParams(u.hash.replace(/^#/, ''));
  const p = params.get('p');
  if (p !== null && p.toLowerCase() !== server.ed25519) return undefined;
  return { id: m[1], deterministic: params.has('d') };
}
