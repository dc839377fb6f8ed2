/** Shared set-up for the network client tests: a real devnet and a client on it. */
import { randomBytes } from 'node:crypto';
import { startDevnet, type Devnet } from '../../../devnet/index';
import { sodiumReady } from '../../../src/crypto/sodium';
import { NetworkClient } from '../../../src/main/network/network-client';
import type { NetworkClientOptions } from '../../../src/main/network/options';
import type { NetworkLogger } from '../../../src/main/network/logger';
import { account } from '../../devnet/helpers';
import type { AccountKeys } from '../../../src/main/network/swarm-api';

/**
 * A short replication timeout (killed swarm members fail fast), but the real servers' relay and
 * proxy timeouts: a hop's wait covers every hop after it and the file server, which on a loaded
 * machine (load 20 and more) took longer than the 1.5 s these once were, failing the request at
 * the first hop while the client still waited. The client's own timeouts decide in these tests.
 */
export async function devnet(nodes = 12): Promise<Devnet> {
  await sodiumReady();
  return startDevnet({ nodes, timeouts: { replicationMs: 1000, relayMs: 30_000, proxyMs: 25_000 } });
}

/** Lines the client logged, to check that nothing secret is ever logged. */
export function captureLogger(): NetworkLogger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (msg: string, fields?: object) => {
    lines.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`);
  };
  return { lines, debug: push('debug'), info: push('info'), warn: push('warn') };
}

/** VEIL_NET_DEBUG=1 prints the client's log lines (diagnosing flaky runs). */
const debugLogger: NetworkLogger | undefined =
  process.env.VEIL_NET_DEBUG === '1'
    ? {
        debug: (m, f) => console.log('D', m, JSON.stringify(f ?? {})),
        info: (m, f) => console.log('I', m, JSON.stringify(f ?? {})),
        warn: (m, f) => console.log('W', m, JSON.stringify(f ?? {})),
      }
    : undefined;

export function clientOn(net: Devnet, extra: Partial<NetworkClientOptions> = {}): NetworkClient {
  return new NetworkClient({
    ...(debugLogger === undefined ? {} : { logger: debugLogger }),
    network: 'devnet',
    seedUrls: [net.seedUrl],
    localDevnet: true,
    timeouts: { snodeMs: 4000, seedMs: 2000, guardTestMs: 2000 },
    seedRetryMinMs: 100,
    recovery: { minDelayMs: 200, maxDelayMs: 1000 },
    poolRefresh: { firstMs: 0 },
    ...extra,
  });
}

export function newAccount(): AccountKeys & { edHex: string } {
  const a = account(new Uint8Array(randomBytes(32)));
  return {
    sessionId: a.sessionId as AccountKeys['sessionId'],
    ed25519SecretKey: a.edSec as AccountKeys['ed25519SecretKey'],
    edHex: a.edHex,
  };
}

export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Polls `check` until it holds (or fails after `timeoutMs`). */
export async function until(check: () => boolean, timeoutMs = 10_000, stepMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
