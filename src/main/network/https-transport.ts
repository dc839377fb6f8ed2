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
 * behind. The request itself is in `http-request.ts`, the agents per trust mode in `tls-route.ts`.
 */
import type { SnodeEndpoint, SnodeTransport, StreamedBody, TransportResponse } from '../../onion/transport';
import { DESKTOP_HTTP_HEADERS } from '../../onion/transport';
import type { Snode } from '../../onion/keys';
import {
  postVia,
  type HttpResponse,
  type PostOptions,
  type ResponseSink,
  type TransferProgress,
} from './http-request';
import { ProxyError, proxyLabel, type ProxyFailure, type SocksProxy } from './proxy';
import { Route } from './tls-route';

export {
  MAX_RESPONSE_BYTES,
  PinError,
  TransportError,
  type CertificatePin,
  type HttpResponse,
  type PostOptions,
  type ResponseSink,
  type TransferProgress,
} from './http-request';
export { pinnedIdentityCheck } from './tls-route';

/** Timeouts from network.md §4.6: snode RPC 10 s, seed 5 s, guard test 10 s. */
export const SNODE_TIMEOUT_MS = 10_000;
export const SEED_TIMEOUT_MS = 5_000;
export const GUARD_TEST_TIMEOUT_MS = 10_000;

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
  readonly post = (
    url: string,
    body: Uint8Array | string | StreamedBody,
    opts: PostOptions,
  ): Promise<HttpResponse> => {
    const blocked = this.blocked;
    if (blocked) return Promise.reject(new ProxyError(blocked.failure, blocked.proxy, ''));
    return postVia(this.route, url, body, opts);
  };
}

/** Where no core's transport is at hand (tests, the CLI's offline helpers): always direct. */
const DIRECT = new HttpTransport();

/** A direct POST (no proxy). Code running for a core uses that core's `HttpTransport.post`. */
export function httpPost(
  url: string,
  body: Uint8Array | string | StreamedBody,
  opts: PostOptions,
): Promise<HttpResponse> {
  return DIRECT.post(url, body, opts);
}

/** The shape of `HttpTransport.post` and `httpPost`, for code that takes either. */
export type HttpPostFn = (
  url: string,
  body: Uint8Array | string | StreamedBody,
  opts: PostOptions,
) => Promise<HttpResponse>;

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
  /** Takes the reply's body as it is read (see `PostOptions.receive`). */
  readonly receive?: ResponseSink;
}

/** A `SnodeTransport` (the pure layer's type) that also takes per-call options. */
export type HttpsSnodeTransport = (
  node: Snode,
  endpoint: SnodeEndpoint,
  /** A streamed body: an upload's onion request, encrypted as it is sent. */
  body: Uint8Array | StreamedBody,
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
      ...(call?.receive === undefined ? {} : { receive: call.receive }),
    });
}

/** The client's stop and the call's own cancel, either of which ends the request. */
function signalOf(a: AbortSignal | undefined, b: AbortSignal | undefined): { signal?: AbortSignal } {
  if (a && b) return { signal: AbortSignal.any([a, b]) };
  const one = a ?? b;
  return one ? { signal: one } : {};
}
