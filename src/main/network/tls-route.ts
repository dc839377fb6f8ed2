/**
 * The ways out of the transport: a `Route` is direct or through one SOCKS5 proxy, with its own
 * keep-alive agents for each trust mode (snodes unverified, ordinary HTTPS verified, pinned
 * certificates checked on a fresh handshake each time).
 */
import { createHash } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent, type AgentOptions as HttpsAgentOptions, type RequestOptions } from 'node:https';
import { checkServerIdentity, createSecureContext, type PeerCertificate } from 'node:tls';
import { PinError, type CertificatePin, type PostOptions } from './http-request';
import type { ProxyFailure, SocksProxy } from './proxy';
import { socksHttpAgent, socksHttpsAgent } from './socks-agents';

/** Keep-alive pools (idle sockets do not keep the process alive; Node unrefs them). */
const POOL = {
  keepAlive: true,
  keepAliveMsecs: 1_000,
  maxSockets: 16,
  maxFreeSockets: 16,
  timeout: 30_000,
} as const;

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
export class Route {
  private readonly snode: HttpsAgent;
  private readonly verifying: HttpsAgent;
  private readonly http: HttpAgent;

  constructor(
    readonly proxy: SocksProxy | undefined,
    private readonly onProxyOutcome: (f: ProxyFailure | null) => void,
  ) {
    // One TLS context for every connection of this route: without it Node builds a new one
    // (SecureContext::Init, the default CA store's setup) for each connection, e.g. for every
    // community poll 10 s apart, whose guard connection the node has closed by then. It holds
    // no per-connection trust setting: `rejectUnauthorized` and `ca` stay per request.
    const secureContext = createSecureContext();
    this.snode = this.httpsAgent({ ...POOL, rejectUnauthorized: false, secureContext });
    this.verifying = this.httpsAgent({ ...POOL, rejectUnauthorized: true, secureContext });
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
