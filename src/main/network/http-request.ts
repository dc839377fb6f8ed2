/**
 * One HTTP(S) POST over node:http / node:https, given the TLS options of a route (see
 * `tls-route.ts`): the body written (in pieces when someone follows the progress), the answer
 * read up to a size limit, with a timeout and an abort signal. The request types and errors of
 * the transport live here too; `https-transport.ts` re-exports them.
 */
import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { StreamedBody, TransportResponse } from '../../onion/transport';
import { ownedBytes } from '../../crypto/owned-bytes';
import { ProxyError } from './proxy';

/** Storage servers refuse bodies over 10 MiB; we never read more than that back either. */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export interface HttpResponse extends TransportResponse {
  readonly contentType: string;
}

/** A certificate a host must present, pinned three ways (as desktop pins the seeds). */
export interface CertificatePin {
  /** Host name the certificate is issued to (also checked, as desktop does). */
  readonly host: string;
  /** The certificate itself, given as the only trusted CA. */
  readonly certPem: string;
  /** base64(SHA-256(Node's `cert.pubkey`)): the DER SubjectPublicKeyInfo for RSA keys. */
  readonly publicKeySha256: string;
  /** Node's `cert.fingerprint256`: upper-case hex pairs separated by colons. */
  readonly certSha256: string;
}

export interface PostOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly headers?: Readonly<Record<string, string>>;
  /** false only for snodes and devnet (self-signed). Ignored when `pin` is given (always verified). */
  readonly verifyTls: boolean;
  /** Only this certificate is accepted (no keep-alive: a fresh handshake checks it each time). */
  readonly pin?: CertificatePin;
  readonly maxResponseBytes?: number;
  /** Bytes of the request written and of the response read so far (attachment progress bars). */
  readonly onProgress?: TransferProgress;
  /**
   * Takes the response body as it is read, for the given status, when it returns a consumer:
   * each piece is handed over at once and not kept (the response's `parts` are then empty).
   * An onion reply is deciphered this way while it arrives (`GcmReplyDecryptor`).
   */
  readonly receive?: ResponseSink;
}

/** See `PostOptions.receive`; a piece may be reused once the consumer returns. */
export type ResponseSink = (status: number) => ((piece: Uint8Array) => void) | undefined;

/** `sent`/`received` of `sendTotal`/`receiveTotal` bytes (receiveTotal null while unknown). */
export type TransferProgress = (p: {
  readonly sent: number;
  readonly sendTotal: number;
  readonly received: number;
  readonly receiveTotal: number | null;
}) => void;

/** Request bodies are written in pieces of this size when someone follows the progress. */
const PROGRESS_CHUNK = 64 * 1024;

export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: 'timeout' | 'aborted' | 'network' | 'too-large',
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export class PinError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PinError';
  }
}

/** What `postVia` needs of a route: the TLS part of the request options for a trust mode. */
export interface TlsOptionsSource {
  tlsOptions(isHttps: boolean, opts: PostOptions): RequestOptions;
}

export function postVia(
  route: TlsOptionsSource,
  url: string,
  body: Uint8Array | string | StreamedBody,
  opts: PostOptions,
): Promise<HttpResponse> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return Promise.reject(new TransportError('bad URL', 'network'));
  }
  const isHttps = u.protocol === 'https:';
  if (opts.pin && (!isHttps || u.hostname !== opts.pin.host))
    return Promise.reject(new PinError(`${u.host} is not the pinned host ${opts.pin.host}`));
  if (!isHttps && u.protocol !== 'http:')
    return Promise.reject(new TransportError(`bad URL scheme`, 'network'));
  const maxBytes = opts.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  // A view, not a copy: a 10 MB upload was copied here once more (never written to).
  const payload: Buffer | StreamedBody =
    typeof body === 'string'
      ? Buffer.from(body, 'utf8')
      : body instanceof Uint8Array
        ? Buffer.from(body.buffer, body.byteOffset, body.byteLength)
        : body;
  return new Promise<HttpResponse>((resolve, reject) => {
    if (opts.signal?.aborted === true) {
      reject(new TransportError('aborted', 'aborted'));
      return;
    }
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    // A pin mismatch is reported as itself: it is an attack or a misconfiguration, not a
    // network hiccup; so is a proxy that cannot connect us (it names the proxy).
    const fail = (e: Error, code: TransportError['code']): void => {
      finish(() => {
        reject(e instanceof PinError || e instanceof ProxyError ? e : new TransportError(e.message, code));
      });
    };
    const options: RequestOptions = {
      host: u.hostname,
      port: u.port === '' ? (isHttps ? 443 : 80) : Number(u.port),
      path: `${u.pathname}${u.search}`,
      method: 'POST',
      headers: { ...opts.headers, 'Content-Length': String(payload.length) },
      ...route.tlsOptions(isHttps, opts),
    };
    let sent = 0;
    const progress = opts.onProgress;
    const req = (isHttps ? httpsRequest : httpRequest)(options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const announced = Number(res.headers['content-length']);
      const receiveTotal = Number.isSafeInteger(announced) && announced >= 0 ? announced : null;
      const sink = opts.receive?.(res.statusCode ?? 0);
      res.on('data', (c: Buffer) => {
        size += c.length;
        progress?.({ sent, sendTotal: payload.length, received: size, receiveTotal });
        if (size > maxBytes) {
          req.destroy();
          fail(new Error('response too large'), 'too-large');
          return;
        }
        if (sink) sink(c);
        else chunks.push(c);
      });
      res.on('end', () => {
        finish(() => {
          // The pieces are handed on as they came: a 10 MB onion reply is decrypted piece by
          // piece (decodeV4OnionReply), and joined only by a reader of `body`.
          let body: Uint8Array | undefined;
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'] ?? '',
            parts: chunks,
            get body(): Uint8Array {
              body ??= ownedBytes(Buffer.concat(chunks));
              return body;
            },
          });
        });
      });
      res.on('error', (e) => {
        fail(e, 'network');
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      fail(new Error(`timeout after ${opts.timeoutMs} ms`), 'timeout');
    }, opts.timeoutMs);
    const onAbort = (): void => {
      req.destroy();
      fail(new Error('aborted'), 'aborted');
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => {
      fail(e, 'network');
    });
    if (!(payload instanceof Uint8Array)) {
      const total = payload.length;
      const taken = progress
        ? (n: number): void => {
            sent += n;
            progress({ sent, sendTotal: total, received: 0, receiveTotal: null });
          }
        : undefined;
      writeStreamed(
        req,
        payload,
        taken,
        () => settled,
        (e) => {
          req.destroy();
          fail(e, 'network');
        },
      );
      return;
    }
    if (!progress) {
      req.end(payload);
      return;
    }
    // Written piece by piece so that `sent` follows what the socket took (write callbacks).
    for (let off = 0; off < payload.length; off += PROGRESS_CHUNK) {
      const piece = payload.subarray(off, off + PROGRESS_CHUNK);
      req.write(piece, () => {
        sent += piece.length;
        progress({ sent, sendTotal: payload.length, received: 0, receiveTotal: null });
      });
    }
    req.end();
  });
}

/**
 * Writes a streamed body: the next chunk is made only when the socket has taken the previous
 * ones (`write` → false: wait for 'drain'), so the body is encrypted while it is sent and never
 * held whole. Stops once the request is settled (timeout, abort, error).
 */
function writeStreamed(
  req: ClientRequest,
  body: StreamedBody,
  taken: ((bytes: number) => void) | undefined,
  settled: () => boolean,
  onError: (e: Error) => void,
): void {
  let chunks: Iterator<Uint8Array> | undefined;
  const pump = (): void => {
    try {
      chunks ??= body.chunks()[Symbol.iterator]();
      for (;;) {
        if (settled()) return;
        const next = chunks.next();
        if (next.done === true) {
          req.end();
          return;
        }
        const piece = next.value;
        // The write callback: the socket took this piece (the progress bar's "sent"), and
        // holds it no more: a body that made it may free it (an upload's onion layers).
        const release = body.release;
        const more =
          taken || release
            ? req.write(piece, () => {
                taken?.(piece.length);
                release?.(piece);
              })
            : req.write(piece);
        if (!more) {
          req.once('drain', pump);
          return;
        }
      }
    } catch (e) {
      onError(e instanceof Error ? e : new Error(String(e)));
    }
  };
  pump();
}
