/**
 * AttachmentPointer (identity-and-messages.md §5.5) to and from our rows. Sending fills every
 * field Session desktop fills (`ts/session/utils/Attachments.ts` `uploadToFileServer`,
 * `VisibleMessage.ts`): id from the URL, contentType, key, size before padding, digest, fileName,
 * flags, width/height, url. Desktop leaves `caption` unset (the message body is the caption), and
 * so do we. Receiving keeps what we can use and bounds every field.
 */
import { LEGACY_DIGEST_BYTES, LEGACY_KEY_BYTES } from '../../crypto/attachments-legacy';
import { STREAM_KEY_BYTES, STREAM_MAX_REGULAR_SIZE } from '../../crypto/attachments-stream';
import type { AttachmentPointer } from '../../swarm/messages/index';
import type { AttachmentRecord, NewRemote } from '../db';
import { ATTACHMENT_NAME_MAX, CONTENT_TYPE_MAX } from '../../shared/ipc/attachments';
import { GENERIC_CONTENT_TYPE } from './content-type';
import { MAINNET_FILE_SERVER, type FileServer } from '../files/file-server';

const MAX_U64 = (1n << 64n) - 1n;
const URL_MAX = 512;

/**
 * The pointer's numeric `id` (fixed64): the URL's last path segment when it is a number, else 0
 * — desktop `attachmentIdAsLongFromUrl` (current 44-character ids are not numbers).
 */
export function pointerIdOf(url: string): bigint {
  let last: string | undefined;
  try {
    last = new URL(url).pathname.split('/').filter(Boolean).pop();
  } catch {
    return 0n;
  }
  if (last === undefined || !/^\d{1,20}$/.test(last)) return 0n;
  const n = BigInt(last);
  return n <= MAX_U64 ? n : 0n;
}

/**
 * The URL we put in messages: the file's URL, plus `#p=<server ed25519>` when the server is not
 * Session's default one (desktop `uploadFileToFsWithOnionV4`: receivers then know its key).
 */
export function sharedUrl(server: FileServer, fileUrl: string): string {
  if (server.url === MAINNET_FILE_SERVER.url && server.ed25519 === MAINNET_FILE_SERVER.ed25519)
    return fileUrl;
  const params = new URLSearchParams();
  params.set('p', server.ed25519);
  return `${fileUrl}#${params.toString()}`;
}

export const VOICE_FLAG = 1;

/** The pointer of one of our uploaded files (undefined until it is uploaded). */
export function pointerOf(a: AttachmentRecord): AttachmentPointer | undefined {
  if (a.url === null || a.key === null) return undefined;
  return {
    id: pointerIdOf(a.url),
    contentType: a.contentType,
    key: a.key,
    size: a.size,
    ...(a.digest !== null ? { digest: a.digest } : {}),
    ...(a.fileName !== null ? { fileName: a.fileName } : {}),
    ...(a.flags !== 0 ? { flags: a.flags } : {}),
    ...(a.width !== null ? { width: a.width } : {}),
    ...(a.height !== null ? { height: a.height } : {}),
    url: a.url,
  };
}

const dimension = (v: number | undefined): number | null =>
  v !== undefined && Number.isInteger(v) && v > 0 && v <= 65_535 ? v : null;

function cleanText(v: string | undefined, max: number): string | null {
  if (v === undefined) return null;
  const t = v.slice(0, max);
  return t === '' ? null : t;
}

/**
 * A received pointer we can fetch and open, or undefined: it needs a URL and a key of a known
 * length (64: legacy, with its 32-byte digest; 32: stream scheme). Anything else in it is bounded.
 */
export function remoteOf(p: AttachmentPointer): NewRemote | undefined {
  if (p.url === undefined || p.url === '' || p.url.length > URL_MAX || p.key === undefined) return undefined;
  const legacy = p.key.length === LEGACY_KEY_BYTES;
  if (!legacy && p.key.length !== STREAM_KEY_BYTES) return undefined;
  if (legacy && p.digest?.length !== LEGACY_DIGEST_BYTES) return undefined;
  const size = p.size !== undefined && p.size >= 0 && p.size <= STREAM_MAX_REGULAR_SIZE ? p.size : 0;
  const type = cleanText(p.contentType, CONTENT_TYPE_MAX);
  return {
    url: p.url,
    key: p.key,
    digest: legacy ? (p.digest ?? null) : null,
    size,
    contentType:
      type !== null && /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i.test(type)
        ? type.toLowerCase()
        : GENERIC_CONTENT_TYPE,
    fileName: cleanText(p.fileName, ATTACHMENT_NAME_MAX),
    flags: p.flags !== undefined && p.flags >= 0 && p.flags <= 0xffff_ffff ? p.flags : 0,
    width: dimension(p.width),
    height: dimension(p.height),
    caption: cleanText(p.caption, 2_000),
  };
}
