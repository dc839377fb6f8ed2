/**
 * Keep-alive agents whose sockets are opened through a SOCKS5 proxy (the `socks` library), then,
 * for HTTPS, TLS over that socket with the request's own trust options (self-signed snodes,
 * system CAs or a pin: the same checks as without a proxy). Node's agents pool the resulting
 * sockets as usual, so a connection to a guard stays open between onion requests.
 *
 * The destination host is handed to the proxy as given (a name stays a name: SOCKS5 resolves it
 * at the proxy). Nothing here ever opens a direct connection to a destination.
 */
import { Agent as HttpAgent, type AgentOptions } from 'node:http';
import { Agent as HttpsAgent, type AgentOptions as HttpsAgentOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type * as SocksLibrary from 'socks';
import { ProxyError, proxyConnectHost, proxyLabel, type ProxyFailure, type SocksProxy } from './proxy';

/**
 * The `socks` library with its dependencies (~170 kB of script) is loaded with the first
 * connection through a proxy, not at the core's start: most profiles never set one (issue #15,
 * cold start).
 */
let socksLibrary: Promise<typeof SocksLibrary> | undefined;
function loadSocks(): Promise<typeof SocksLibrary> {
  // A failed load (a broken install) is tried again by the next connection.
  socksLibrary ??= import('socks').catch((e: unknown) => {
    socksLibrary = undefined;
    throw e;
  });
  return socksLibrary;
}

/** How long reaching the proxy and its SOCKS handshake may take (the request has its own timeout). */
const PROXY_HANDSHAKE_MS = 15_000;

/** What a proxy failure looked like to the `socks` library, in our words. */
export function classifyProxyFailure(message: string): ProxyFailure {
  if (/Authentication failed|no accepted authentication type/i.test(message)) return 'auth';
  if (/ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|timed out/i.test(message))
    return 'unreachable';
  return 'refused';
}

/** Detail for the error: the library's reason, never its options (they hold the password). */
function detailOf(message: string): string {
  return message
    .replace(/^Socks5 proxy rejected connection - /, 'SOCKS5 reply: ')
    .replace(/^connect (ECONNREFUSED) .*/, 'connection refused')
    .slice(0, 200);
}

export type ProxyFailureListener = (failure: ProxyFailure | null) => void;

type ConnectCallback = (err: Error | null, stream: Duplex) => void;

/** What the agents pass to createConnection (host and port of the destination, TLS options). */
type TunnelOptions = ConnectionOptions & {
  host?: string | null | undefined;
  port?: number | null | undefined;
};

/** Opens a SOCKS5 tunnel to `host:port` and hands it (or TLS over it) to the agent. */
function tunnel(
  proxy: SocksProxy,
  tls: boolean,
  options: TunnelOptions,
  callback: ConnectCallback,
  onOutcome: ProxyFailureListener,
): void {
  const host = (options.host ?? 'localhost').replace(/^\[(.*)\]$/, '$1');
  const port = options.port ?? (tls ? 443 : 80);
  loadSocks()
    .then(({ SocksClient }) =>
      SocksClient.createConnection({
        proxy: {
          host: proxyConnectHost(proxy),
          port: proxy.port,
          type: 5,
          ...(proxy.username !== undefined ? { userId: proxy.username } : {}),
          ...(proxy.password !== undefined ? { password: proxy.password } : {}),
        },
        command: 'connect',
        destination: { host, port },
        timeout: PROXY_HANDSHAKE_MS,
      }),
    )
    .then(
      ({ socket }) => {
        onOutcome(null);
        if (!tls) {
          callback(null, socket);
          return;
        }
        // The request's TLS options (rejectUnauthorized, ca, checkServerIdentity, servername)
        // apply to the tunnelled socket exactly as to a direct one.
        callback(null, tlsConnect({ ...options, host, port, socket }));
      },
      (e: unknown) => {
        const message = e instanceof Error ? e.message : String(e);
        const failure = classifyProxyFailure(message);
        onOutcome(failure);
        // Node's agents ignore the stream when an error is given.
        callback(
          new ProxyError(failure, proxyLabel(proxy), detailOf(message)),
          undefined as unknown as Duplex,
        );
      },
    );
}

class SocksHttpAgent extends HttpAgent {
  constructor(
    options: AgentOptions,
    private readonly proxy: SocksProxy,
    private readonly onOutcome: ProxyFailureListener,
  ) {
    super(options);
  }

  // Node's agents accept an asynchronous createConnection: return nothing, call back later.
  override createConnection(options: TunnelOptions, callback?: ConnectCallback): undefined {
    if (callback) tunnel(this.proxy, false, options, callback, this.onOutcome);
    return undefined;
  }
}

class SocksHttpsAgent extends HttpsAgent {
  constructor(
    options: HttpsAgentOptions,
    private readonly proxy: SocksProxy,
    private readonly onOutcome: ProxyFailureListener,
  ) {
    super(options);
  }

  override createConnection(options: TunnelOptions, callback?: ConnectCallback): undefined {
    if (callback) tunnel(this.proxy, true, options, callback, this.onOutcome);
    return undefined;
  }
}

export function socksHttpAgent(
  options: AgentOptions,
  proxy: SocksProxy,
  onOutcome: ProxyFailureListener,
): HttpAgent {
  return new SocksHttpAgent(options, proxy, onOutcome);
}

export function socksHttpsAgent(
  options: HttpsAgentOptions,
  proxy: SocksProxy,
  onOutcome: ProxyFailureListener,
): HttpsAgent {
  return new SocksHttpsAgent(options, proxy, onOutcome);
}
