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
import {
  Agent as HttpsAgent,
  request as httpsRequest,
  type AgentOptions as HttpsAgentOptions,
  type RequestOptions,
} from 'node:https';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import type { SnodeEndpoint, SnodeTransport, TransportResponse } from '../../onion/transport';
import { DESKTOP_HTTP_HEADERS } from '../../onion/transport';
import type { Snode } from '../../onion/keys';
import { ownedBytes } from '../../crypto/owned-bytes';
import { ProxyError, proxyLabel, type ProxyFailure, type SocksProxy } from './proxy';
import { socksHttpAgent, socksHttpsAgent } from './socks-agents';

/** Keep-alive pools (idle sockets do not keep the process alive; Node unrefs them). */
const POOL = {
  keepAlive: true,
  keepAliveMsecs: 1_000,
  maxSockets: 16,
  maxFreeSockets: 16,
  timeout: 30_000,
} as const;

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

/**
 * One way out: direct, or through one SOCKS5 proxy. Its keep-alive agents are its own, so a
 * change of proxy never reuses a socket opened the other way.
 */
class Route {
  private readonly snode: HttpsAgent;
  private readonly verifying: HttpsAgent;
  private readonly http: HttpAgent;

  constructor(
    readonly proxy: SocksProxy | undefined,
    private readonly onProxyOutcome: (f: ProxyFailure | null) => void,
  ) {
    this.snode = this.httpsAgent({ ...POOL, rejectUnauthorized: false });
    this.verifying = this.httpsAgent({ ...POOL, rejectUnauthorized: true });
    this.http = proxy ? socksHttpAgent(POOL, proxy, onProxyOutcome) : new HttpAgent(POOL);
  }

  private httpsAgent(options: HttpsAgentOptions): HttpsAgent {
    return this.proxy ? socksHttpsAgent(options, this.proxy, this.onProxyOutcome) : new HttpsAgent(options);
  }

  /** The TLS part of the request options for each trust mode. */
  tlsOptions(isHttps: boolean, opts: PostOptions): RequestOptions {
    if (!isHttps) return { agent: this.http };
    const { pin } = opts;
    if (pin)
      return {
        // A fresh handshake (and, behind a proxy, a fresh tunnel) checks the pin each time.
        agent: this.proxy ? this.httpsAgent({ keepAlive: false, rejectUnauthorized: true }) : false,
        ca: pin.certPem,
        rejectUnauthorized: true,
        checkServerIdentity: pinnedIdentityCheck(pin),
      };
    // Every onion request goes to one of two guards: reusing the TLS connection saves a
    // handshake per message. A socket that died with its node fails the request, which the
    // retry logic counts against that node like any other failure.
    return { agent: opts.verifyTls ? this.verifying : this.snode, rejectUnauthorized: opts.verifyTls };
  }

  /**
   * No new request uses this route: idle sockets close now, busy ones when their request ends
   * (never returned to a pool), so nothing opened the old way outlives the change.
   */
  retire(): void {
    for (const agent of [this.snode, this.verifying, this.http]) {
      agent.on('free', (socket: { destroy(): void }) => {
        socket.destroy();
      });
      for (const sockets of Object.values(agent.freeSockets)) for (const s of sockets ?? []) s.destroy();
    }
  }
}

/** What a request needs of the transport's state (when the proxy is known but unusable). */
type Blocked = { readonly failure: ProxyFailure; readonly proxy: string } | undefined;

/**
 * The one HTTP(S) transport of a core: every connection the client makes (seeds, service nodes,
 * the file server behind the onion, community servers) is a `post` of one of these. It is direct,
 * or goes through a SOCKS5 proxy with names resolved at the proxy; with a proxy there is no
 * direct way at all, so a dead or refusing proxy fails the request with a ProxyError naming it.
 * `setProxy` takes effect at once (new agents; the old ones' sockets close), without a restart.
 */
export class HttpTransport {
  private route: Route;
  private blocked: Blocked;
  private failure: ProxyFailure | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(proxy?: SocksProxy) {
    this.route = this.makeRoute(proxy);
  }

  private makeRoute(proxy: SocksProxy | undefined): Route {
    return new Route(proxy, (f) => {
      this.noteOutcome(f);
    });
  }

  /** The proxy in use (undefined: direct). */
  proxy(): SocksProxy | undefined {
    return this.route.proxy;
  }

  /** The last proxy failure, cleared by the next tunnel that opens; null without one. */
  proxyFailure(): { readonly failure: ProxyFailure; readonly proxy: string } | null {
    if (this.blocked) return this.blocked;
    const proxy = this.route.proxy;
    return proxy && this.failure ? { failure: this.failure, proxy: proxyLabel(proxy) } : null;
  }

  /** Switches to `proxy` (undefined: direct) for every request from now on. */
  setProxy(proxy: SocksProxy | undefined): void {
    const old = this.route;
    this.route = this.makeRoute(proxy);
    this.blocked = undefined;
    this.failure = null;
    old.retire();
    this.changed();
  }

  /**
   * A proxy is chosen but cannot be used yet (its password is in the locked profile): every
   * request fails with a ProxyError until `setProxy`; never a direct connection meanwhile.
   */
  block(proxy: Pick<SocksProxy, 'host' | 'port'>, failure: ProxyFailure): void {
    const old = this.route;
    this.blocked = { failure, proxy: proxyLabel(proxy) };
    this.route = this.makeRoute(undefined);
    old.retire();
    this.changed();
  }

  /** Called when the proxy state changes (failure seen or cleared, proxy switched). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Closes idle pooled sockets (the core is closing). */
  close(): void {
    this.route.retire();
    this.route = this.makeRoute(this.route.proxy);
  }

  private noteOutcome(f: ProxyFailure | null): void {
    if (this.failure === f) return;
    this.failure = f;
    this.changed();
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  /** POSTs `body` to `url` (see PostOptions for the trust modes). */
  readonly post = (url: string, body: Uint8Array | string, opts: PostOptions): Promise<HttpResponse> => {
    const blocked = this.blocked;
    if (blocked) return Promise.reject(new ProxyError(blocked.failure, blocked.proxy, ''));
    return postVia(this.route, url, body, opts);
  };
}

/** Where no core's transport is at hand (tests, the CLI's offline helpers): always direct. */
const DIRECT = new HttpTransport();

/** A direct POST (no proxy). Code running for a core uses that core's `HttpTransport.post`. */
export function httpPost(url: string, body: Uint8Array | string, opts: PostOptions): Promise<HttpResponse> {
  return DIRECT.post(url, body, opts);
}

/** The shape of `HttpTransport.post` and `httpPost`, for code that takes either. */
export type HttpPostFn = (url: string, body: Uint8Array | string, opts: PostOptions) => Promise<HttpResponse>;

function postVia(
  route: Route,
  url: string,
  body: Uint8Array | string,
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
  const payload =
    typeof body === 'string'
      ? Buffer.from(body, 'utf8')
      : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
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
  /** The core's transport (its proxy); direct without one. */
  readonly http?: HttpTransport;
  /** Aborts every request made through this transport (client stop). */
  readonly signal?: AbortSignal;
}

/** Per-call extras beyond the pure layer's `SnodeTransport` signature. */
export interface SnodeCallOptions {
  readonly timeoutMs?: number;
  readonly onProgress?: TransferProgress;
  /** Ends this request (an attachment's Cancel, the queue's stop) besides the client's stop. */
  readonly signal?: AbortSignal;
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
  const post = opts.http?.post ?? httpPost;
  return (node, endpoint, body, call) =>
    post(`https://${node.ip}:${node.port}${endpoint}`, body, {
      timeoutMs: call?.timeoutMs ?? opts.timeoutMs ?? SNODE_TIMEOUT_MS,
      verifyTls: false,
      // Desktop sends JSON to /storage_rpc/v1 and raw bytes (no Content-Type) to /onion_req/v2.
      headers:
        endpoint === '/storage_rpc/v1'
          ? { ...DESKTOP_HTTP_HEADERS, 'Content-Type': 'application/json' }
          : DESKTOP_HTTP_HEADERS,
      ...signalOf(opts.signal, call?.signal),
      ...(call?.onProgress === undefined ? {} : { onProgress: call.onProgress }),
    });
}

/** The client's stop and the call's own cancel, either of which ends the request. */
function signalOf(a: AbortSignal | undefined, b: AbortSignal | undefined): { signal?: AbortSignal } {
  if (a && b) return { signal: AbortSignal.any([a, b]) };
  const one = a ?? b;
  return one ? { signal: one } : {};
}
