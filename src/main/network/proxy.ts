/**
 * The SOCKS5 proxy every outgoing connection goes through when one is set (issue #20 item 4):
 * its description, the `socks5://[user:pass@]HOST:PORT` form of the command line and of
 * VEIL_PROXY, and the error that names it. Host names are always sent to the proxy to resolve
 * (SOCKS5 "domain name" addresses), never resolved here: with Tor, a local DNS lookup would tell
 * the local resolver whom we talk to.
 */
import { z } from 'zod';
import { proxyCredentialSchema, proxyHostSchema, proxyPortSchema } from '../../shared/ipc/proxy';

/** A SOCKS5 proxy. `password` is a secret: never logged, never shown, never in an error. */
export interface SocksProxy {
  readonly host: string;
  readonly port: number;
  readonly username?: string;
  readonly password?: string;
}

export const socksProxySchema = z
  .object({
    host: proxyHostSchema,
    port: proxyPortSchema,
    username: proxyCredentialSchema.optional(),
    password: proxyCredentialSchema.optional(),
  })
  .strict()
  .refine((p) => p.password === undefined || p.username !== undefined, {
    message: 'a password needs a user name',
    path: ['password'],
  });

/** `host:port` as the user typed it, for messages (IPv6 in brackets). Never the credentials. */
export function proxyLabel(proxy: Pick<SocksProxy, 'host' | 'port'>): string {
  const host = proxy.host.includes(':') && !proxy.host.startsWith('[') ? `[${proxy.host}]` : proxy.host;
  return `${host}:${proxy.port}`;
}

/** Where the proxy address goes in `net.connect` (without the IPv6 brackets). */
export function proxyConnectHost(proxy: Pick<SocksProxy, 'host'>): string {
  return proxy.host.replace(/^\[(.*)\]$/, '$1');
}

export class ProxyUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProxyUrlError';
  }
}

/**
 * Parses `socks5://[user:pass@]HOST:PORT` (also `socks5h://`, which says the same here: names
 * are resolved at the proxy either way). The error message never repeats the URL, which may
 * hold a password.
 */
export function parseProxyUrl(text: string): SocksProxy {
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    throw new ProxyUrlError('the proxy must look like socks5://[user:pass@]HOST:PORT');
  }
  if (u.protocol !== 'socks5:' && u.protocol !== 'socks5h:')
    throw new ProxyUrlError('only SOCKS5 proxies are supported (socks5://HOST:PORT)');
  if (u.port === '') throw new ProxyUrlError('the proxy needs a port (socks5://HOST:PORT)');
  if ((u.pathname !== '' && u.pathname !== '/') || u.search !== '' || u.hash !== '')
    throw new ProxyUrlError('the proxy URL has nothing after HOST:PORT');
  const decode = (s: string): string | undefined => {
    if (s === '') return undefined;
    try {
      return decodeURIComponent(s);
    } catch {
      throw new ProxyUrlError('the proxy user name or password is not valid URL text');
    }
  };
  const parsed = socksProxySchema.safeParse({
    host: u.hostname,
    port: Number(u.port),
    username: decode(u.username),
    password: decode(u.password),
  });
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'proxy');
    throw new ProxyUrlError(
      `the proxy ${field === 'port' ? 'port must be 1–65535' : `${field} is not valid`}`,
    );
  }
  return withoutUndefined(parsed.data);
}

function withoutUndefined(p: z.output<typeof socksProxySchema>): SocksProxy {
  return {
    host: p.host,
    port: p.port,
    ...(p.username !== undefined ? { username: p.username } : {}),
    ...(p.password !== undefined ? { password: p.password } : {}),
  };
}

export type ProxyFailure =
  /** Nothing listens there, or it does not answer (timeout): the proxy is dead. */
  | 'unreachable'
  /** The proxy answered but would not connect us (SOCKS reply failure, not SOCKS at all). */
  | 'refused'
  /** The proxy refused our user name and password (or wants credentials we do not have). */
  | 'auth'
  /** The proxy needs its password, which is in the encrypted profile: unlock first. */
  | 'locked';

/**
 * A connection could not be made through the proxy. It names the proxy (host:port, never the
 * credentials); the caller never retries directly.
 */
export class ProxyError extends Error {
  readonly code = 'proxy' as const;
  constructor(
    readonly failure: ProxyFailure,
    readonly proxy: string,
    detail: string,
  ) {
    super(`the proxy ${proxy} ${PROXY_FAILURE_TEXT[failure]}${detail === '' ? '' : ` (${detail})`}`);
    this.name = 'ProxyError';
  }
}

const PROXY_FAILURE_TEXT: Record<ProxyFailure, string> = {
  unreachable: 'does not answer',
  refused: 'refused the connection',
  auth: 'refused the user name or password',
  locked: 'needs its password, kept in the locked profile',
};
