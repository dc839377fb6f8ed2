/**
 * HTTP(S) with node:https / node:http. Snodes use self-signed certificates and desktop never
 * validates them (`rejectUnauthorized: false`, network.md §4.1; session-desktop
 * `ts/session/apis/snode_api/onions.ts` uses an insecure agent). Every call has a timeout and
 * can be aborted, so `NetworkClient.stop()` never leaves sockets behind.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { SnodeEndpoint, SnodeTransport, TransportResponse } from '../../onion/transport';
import { DESKTOP_HTTP_HEADERS } from '../../onion/transport';
import type { Snode } from '../../onion/keys';

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

export interface PostOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly headers?: Readonly<Record<string, string>>;
  /** false only for snodes and devnet (self-signed). */
  readonly verifyTls: boolean;
}

export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: 'timeout' | 'aborted' | 'network' | 'too-large',
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export function httpPost(url: string, body: Uint8Array | string, opts: PostOptions): Promise<HttpResponse> {
  const u = new URL(url);
  const isHttps = u.protocol === 'https:';
  if (!isHttps && u.protocol !== 'http:')
    return Promise.reject(new TransportError(`bad URL scheme`, 'network'));
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
    const options = {
      host: u.hostname,
      port: u.port === '' ? (isHttps ? 443 : 80) : Number(u.port),
      path: `${u.pathname}${u.search}`,
      method: 'POST',
      headers: { ...opts.headers, 'Content-Length': String(payload.length) },
      // Every onion request goes to one of two guards: reusing the TLS connection saves a
      // handshake per message. A socket that died with its node fails the request, which the
      // retry logic counts against that node like any other failure.
      agent: isHttps ? (opts.verifyTls ? VERIFYING_AGENT : SNODE_AGENT) : HTTP_AGENT,
      ...(isHttps ? { rejectUnauthorized: opts.verifyTls } : {}),
    };
    const req = (isHttps ? httpsRequest : httpRequest)(options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_RESPONSE_BYTES) {
          req.destroy();
          finish(() => {
            reject(new TransportError('response too large', 'too-large'));
          });
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => {
        finish(() => {
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'] ?? '',
            body: new Uint8Array(Buffer.concat(chunks)),
          });
        });
      });
      res.on('error', (e) => {
        finish(() => {
          reject(new TransportError(e.message, 'network'));
        });
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish(() => {
        reject(new TransportError(`timeout after ${opts.timeoutMs} ms`, 'timeout'));
      });
    }, opts.timeoutMs);
    const onAbort = (): void => {
      req.destroy();
      finish(() => {
        reject(new TransportError('aborted', 'aborted'));
      });
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => {
      finish(() => {
        reject(new TransportError(e.message, 'network'));
      });
    });
    req.end(payload);
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
    });
}
