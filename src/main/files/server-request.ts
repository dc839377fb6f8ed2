/**
 * One v4 onion request to an HTTP server (network.md §4.5; session-desktop
 * `ts/session/onions/onionSend.ts` `sendViaOnionV4ToNonSnodeWithRetries`, `onionv4.ts`): the
 * v4 plaintext is encrypted to the server's X25519 key, the path's exit POSTs it to
 * `/oxen/v4/lsrpc`, and the reply is the encrypted v4 response as raw bytes. Path failures
 * feed the same pure decisions as swarm requests (failure counts, node drops, rebuilds), and
 * the request moves to the other path; the server's own status is the caller's business.
 */
import { buildOnionRequestStream } from '../../onion/stream-builder';
import { applyPathFailure, applyTransportFailure, type Applied } from '../../onion/decisions';
import type { Snode } from '../../onion/keys';
import { classifyPathResponse } from '../../onion/path-errors';
import { GcmReplyDecryptor } from '../../onion/gcm-reply';
import { decodeV4DecryptedReply, decodeV4OnionReply } from '../../onion/response';
import { randomIndex } from '../../onion/result';
import { encodeV4RequestParts, encodeV4RequestSource, type V4Request, type V4Response } from '../../onion/v4';
import { isPartsSource, type PartsSource } from '../../crypto/parts';
import type { NetworkClient } from '../network';
import { NetworkError } from '../network/errors';
import type { TransferProgress } from '../network/https-transport';
import { FileError } from './errors';
import { FILE_TIMEOUT_MS, type FileServer } from './file-server';

export interface ServerRequestOptions {
  readonly timeoutMs?: number;
  /** Attempts over the paths (default 3: both paths, then a rebuilt one). */
  readonly attempts?: number;
  /** Bytes sent to and read from the guard (the onion request and its reply). */
  readonly onProgress?: TransferProgress;
  /** Stops the request between attempts (attachments' Cancel). */
  readonly signal?: AbortSignal;
}

/** The onion target for a server URL: desktop adds protocol/port only for `http:` (§4.5). */
function targetOf(server: FileServer) {
  const u = new URL(server.url);
  const http = u.protocol === 'http:';
  const port = u.port === '' ? (http ? 80 : 443) : Number(u.port);
  return {
    kind: 'server' as const,
    host: u.hostname,
    pubkeyX25519: server.x25519,
    protocol: http ? ('http' as const) : ('https' as const),
    port,
  };
}

function pickPath(client: NetworkClient, tried: ReadonlySet<string>): readonly Snode[] | undefined {
  const paths = client.paths.state().paths;
  const fresh = paths.filter((p) => p[0] && !tried.has(p[0].pubkeyEd25519));
  const from = fresh.length > 0 ? fresh : paths;
  return from.length === 0 ? undefined : from[randomIndex(client.opts.random, from.length)];
}

function asFileError(e: unknown): FileError {
  if (e instanceof FileError) return e;
  if (e instanceof NetworkError) {
    const code = e.code === 'clock-out-of-sync' || e.code === 'stopped' ? e.code : 'offline';
    return new FileError(code, e.message);
  }
  return new FileError('offline', e instanceof Error ? e.message : String(e));
}

/** A v4 request whose body may also be made on demand (an upload encrypted as it is sent). */
export interface ServerRequest extends Omit<V4Request, 'body'> {
  readonly body?: V4Request['body'] | PartsSource;
}

export async function serverRequest(
  client: NetworkClient,
  server: FileServer,
  request: ServerRequest,
  options: ServerRequestOptions = {},
): Promise<V4Response> {
  const attempts = options.attempts ?? 3;
  const { body, ...head } = request;
  const payload =
    body !== undefined && body !== null && typeof body !== 'string' && isPartsSource(body)
      ? encodeV4RequestSource(head, body)
      : encodeV4RequestParts(body === undefined ? head : { ...head, body });
  const target = targetOf(server);
  const { paths } = client;
  const tried = new Set<string>();
  let last: FileError = new FileError('offline', 'no attempt was made');
  for (let i = 0; i < attempts; i++) {
    if (options.signal?.aborted === true) throw new FileError('stopped', 'aborted');
    try {
      paths.checkRunning();
      await paths.ensurePaths();
    } catch (e) {
      throw asFileError(e);
    }
    const path = pickPath(client, tried);
    const guard = path?.[0];
    if (!path || !guard) throw new FileError('offline', 'no onion path');
    tried.add(guard.pubkeyEd25519);
    // Encrypted while it is sent: an upload's onion layers are never made whole (stream-builder.ts).
    const built = buildOnionRequestStream({ path, target, payload, random: client.opts.random });
    // A 200's body is deciphered while it is read (AES-GCM): the socket's pieces are dropped
    // as they come instead of being kept until the end (see GcmReplyDecryptor). Any other
    // status keeps its body for the path's verdict.
    let incoming: GcmReplyDecryptor | undefined;
    const receive =
      built.encType === 'aes-gcm'
        ? (status: number) => {
            if (status !== 200) return undefined;
            const d = new GcmReplyDecryptor(built.destinationKey);
            incoming = d;
            return (piece: Uint8Array) => {
              d.push(piece);
            };
          }
        : undefined;
    let applied: Applied;
    try {
      const res = await paths.transport()(guard, '/onion_req/v2', built.body, {
        timeoutMs: options.timeoutMs ?? FILE_TIMEOUT_MS,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(receive ? { receive } : {}),
      });
      const failure = res.status === 200 ? undefined : classifyPathResponse(res.status, res.body);
      if (!failure) {
        const reply = !incoming
          ? decodeV4OnionReply(res.parts ?? res.body, built.destinationKey, built.encType)
          : incoming.received === 0
            ? ({ ok: false, error: { kind: 'empty' } } as const)
            : decodeV4DecryptedReply(incoming.finish());
        if (!reply.ok) {
          last = new FileError('invalid-response', `undecodable reply: ${reply.error.kind}`);
          continue;
        }
        paths.reportSuccess();
        return reply.value;
      }
      applied = applyPathFailure(paths.state(), failure, { path }, client.opts.random);
      last = new FileError('offline', `path failure ${failure.status}`, failure.status);
    } catch (e) {
      if ((e as { code?: unknown }).code === 'aborted') throw new FileError('stopped', 'aborted');
      applied = applyTransportFailure(paths.state(), { path }, client.opts.random);
      last = asFileError(e);
    }
    paths.setState(applied.state);
    if (applied.decision.kind === 'abort') {
      const code = applied.decision.reason === 'clock-out-of-sync' ? 'clock-out-of-sync' : 'server-error';
      throw new FileError(code, `request aborted: ${applied.decision.reason}`, applied.decision.status);
    }
    if (applied.rebuildPaths) await paths.awaitRebuild();
  }
  throw last;
}
