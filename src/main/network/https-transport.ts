/**
 * The one HTTP(S) POST of the client, with node:https / node:http. Three trust modes:
 * - snodes and devnets: self-signed certificates, never validated (`verifyTls: false`;
 *   network.md §4.1, session-desktop `onions.ts` uses an insecure agent);
 * - ordinary HTTPS: the system's CAs (`verifyTls: true`);
 * - pinned (mainnet seeds, network.md §1.1): the pinned certificate is the only CA, and its
 *   public key and fingerprint must match too (desktop `SeedNodeAPI.ts`
 *   `getSslAgentForSeedNode`). A seed answer decides which nodes we trust for everything else,
 *   so it must not come from whoever sits on the path.
 * Every call has a timeout and can be aborted, so `NetworkClient.stop()` never leaves sockets
 * behind.
 */
import { createHash } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import type { SnodeEndpoint, SnodeTransport, TransportResponse } from '../../onion/transport';
import { DESKTOP_HTTP_HEADERS } from '../../onion/transport';
import type { Snode } from '../../onion/keys';
import { ownedBytes } from '../../crypto/owned-bytes';

/** Keep-alive pools (idle sockets do not keep the process alive; Node unrefs them). */
const POOL = {
  keepAlive: true,
  keepAliveMsecs: 1_000,
  maxSockets: 16,
  maxFreeSockets: 16,
  timeout: 30_000,
} as const;
const SNODE_AGENT = new HttpsAgent({ ...POOL, rejectUnauthorized: false });
const VERIFYING_AGENT = new HttpsAgent({ ...POOL, rejectUnauthorized: true });
const HTTP_AGENT = new HttpAgent(POOL);

/** Timeouts from network.md §4.6: snode RPC 10 s, seed 5 s, guard test 10 s. */
export const SNODE_TIMEOUT_MS = 10_000;
export const SEED_TIMEOUT_MS = 5_000;
export const GUARD_TEST_TIMEOUT_MS = 10_000;
/** Storage servers refuse bodies over 10 MiB; we never read more than that back either. */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

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
}

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

/**
 * `checkServerIdentity` as desktop does it: the usual host-name check, then the public-key pin,
 * then the certificate fingerprint. Returning an Error makes the handshake fail (only because
 * `rejectUnauthorized` is true).
 */
export function pinnedIdentityCheck(
  pin: CertificatePin,
): (host: string, cert: PeerCertificate) => Error | undefined {
  return (host, cert) => {
    const err = checkServerIdentity(host, cert);
    if (err) return err;
    const pubkey = cert.pubkey as Uint8Array | undefined;
    const pubkeyHash = pubkey && createHash('sha256').update(pubkey).digest('base64');
    if (pubkeyHash !== pin.publicKeySha256)
      return new PinError(`the public key of ${pin.host} does not match its pin`);
    if (cert.fingerprint256 !== pin.certSha256)
      return new PinError(`the certificate of ${pin.host} does not match its pin`);
    return undefined;
  };
}

/** The TLS part of the request options for each trust mode. */
function tlsOptions(isHttps: boolean, opts: PostOptions): RequestOptions {
  if (!isHttps) return { agent: HTTP_AGENT };
  const { pin } = opts;
  if (pin)
    return {
      agent: false,
      ca: pin.certPem,
      rejectUnauthorized: true,
      checkServerIdentity: pinnedIdentityCheck(pin),
    };
  // Every onion request goes to one of two guards: reusing the TLS connection saves a
  // handshake per message. A socket that died with its node fails the request, which the
  // retry logic counts against that node like any other failure.
  return { agent: opts.verifyTls ? VERIFYING_AGENT : SNODE_AGENT, rejectUnauthorized: opts.verifyTls };
}

export function httpPost(url: string, body: Uint8Array | string, opts: PostOptions): Promise<HttpResponse> {
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
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
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
    // network hiccup.
    const fail = (e: Error, code: TransportError['code']): void => {
      finish(() => {
        reject(e instanceof PinError ? e : new TransportError(e.message, code));
      });
    };
    const options: RequestOptions = {
      host: u.hostname,
      port: u.port === '' ? (isHttps ? 443 : 80) : Number(u.port),
      path: `${u.pathname}${u.search}`,
      method: 'POST',
      headers: { ...opts.headers, 'Content-Length': String(payload.length) },
      ...tlsOptions(isHttps, opts),
    };
    let sent = 0;
    const progress = opts.onProgress;
    const req = (isHttps ? httpsRequest : httpRequest)(options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const announced = Number(res.headers['content-length']);
      const receiveTotal = Number.isSafeInteger(announced) && announced >= 0 ? announced : null;
      res.on('data', (c: Buffer) => {
        size += c.length;
        progress?.({ sent, sendTotal: payload.length, received: size, receiveTotal });
        if (size > maxBytes) {
          req.destroy();
          fail(new Error('response too large'), 'too-large');
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => {
        finish(() => {
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'] ?? '',
            body: ownedBytes(Buffer.concat(chunks)),
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

export interface SnodeTransportOptions {
  readonly timeoutMs?: number;
  /** Aborts every request made through this transport (client stop). */
  readonly signal?: AbortSignal;
}

/** Per-call extras beyond the pure layer's `SnodeTransport` signature. */
export interface SnodeCallOptions {
  readonly timeoutMs?: number;
  readonly onProgress?: TransferProgress;
}

/** A `SnodeTransport` (the pure layer's type) that also takes per-call options. */
export type HttpsSnodeTransport = (
  node: Snode,
  endpoint: SnodeEndpoint,
  body: Uint8Array,
  call?: SnodeCallOptions,
) => Promise<TransportResponse>;

/** Use where the pure layer's `SnodeTransport` is expected (compile-time check of the fit). */
export function asSnodeTransport(t: HttpsSnodeTransport): SnodeTransport {
  return t;
}

/** `SnodeTransport` over HTTPS without certificate checks, with desktop's headers. */
export function createSnodeTransport(opts: SnodeTransportOptions = {}): HttpsSnodeTransport {
  return (node, endpoint, body, call) =>
    httpPost(`https://${node.ip}:${node.port}${endpoint}`, body, {
      timeoutMs: call?.timeoutMs ?? opts.timeoutMs ?? SNODE_TIMEOUT_MS,
      verifyTls: false,
      // Desktop sends JSON to /storage_rpc/v1 and raw bytes (no Content-Type) to /onion_req/v2.
      headers:
        endpoint === '/storage_rpc/v1'
          ? { ...DESKTOP_HTTP_HEADERS, 'Content-Type': 'application/json' }
          : DESKTOP_HTTP_HEADERS,
      ...(opts.signal === undefined ? {} : { signal: opts.signal }),
      ...(call?.onProgress === undefined ? {} : { onProgress: call.onProgress }),
    });
}
