/** NetworkClient options and their defaults (timings from network.md §1.5, §2.3, §4.2, §4.6). */
import { pooledRandom } from '../../crypto/random-pool';
import type { RandomBytes } from '../../onion/result';
import type { Snode } from '../../onion/keys';
import {
  createSnodeTransport,
  GUARD_TEST_TIMEOUT_MS,
  HttpTransport,
  SEED_TIMEOUT_MS,
  SNODE_TIMEOUT_MS,
} from './https-transport';
import type { HttpsSnodeTransport } from './https-transport';
import { silentLogger, type NetworkLogger } from './logger';
import { MAINNET_SEED_URLS, type HttpPost } from './seed-client';

/** What each attempt of a request looks like (diagnostics and fault-injection tests). */
export interface AttemptInfo {
  readonly method: string;
  readonly attempt: number;
  readonly target: Snode;
  readonly guard: Snode;
  readonly associatedWith: string | undefined;
}

export interface NetworkClientOptions {
  /** `devnet`, `mainnet` or the seed URL: shown in the status. */
  readonly network: string;
  /** Seeds asked in parallel; defaults to mainnet's when `network` is 'mainnet'. */
  readonly seedUrls?: readonly string[];
  /** Use the bundled snapshot when every seed fails (mainnet only). */
  readonly mainnetFallback?: boolean;
  /** Local devnet: no /24 rule, consensus of 12 (desktop `useLocalDevNet`). */
  readonly localDevnet?: boolean;
  readonly now?: () => number;
  readonly random?: RandomBytes;
  readonly logger?: NetworkLogger;
  /** The core's one HTTP(S) transport (direct or through its proxy); a direct one by default. */
  readonly http?: HttpTransport;
  /** Replaces the HTTPS snode transport (tests). */
  readonly transport?: HttpsSnodeTransport;
  readonly seedPost?: HttpPost;
  readonly timeouts?: { readonly snodeMs?: number; readonly seedMs?: number; readonly guardTestMs?: number };
  readonly seedAttempts?: number;
  readonly seedRetryMinMs?: number;
  /** Attempts per request across paths and swarm members (default 6). */
  readonly maxAttempts?: number;
  /** Back-off of the automatic recovery when offline (default 1 s doubling to 60 s). */
  readonly recovery?: { readonly minDelayMs?: number; readonly maxDelayMs?: number };
  /** Pool refresh: first after `firstMs` (5 min), then every `everyMs` (1 h); 0 disables. */
  readonly poolRefresh?: { readonly firstMs?: number; readonly everyMs?: number };
  readonly onAttempt?: (a: AttemptInfo) => void;
}

export interface ResolvedOptions {
  readonly network: string;
  readonly seedUrls: readonly string[];
  readonly mainnetFallback: boolean;
  readonly localDevnet: boolean;
  readonly now: () => number;
  readonly random: RandomBytes;
  readonly logger: NetworkLogger;
  readonly http: HttpTransport;
  readonly transport: HttpsSnodeTransport | undefined;
  readonly seedPost: HttpPost | undefined;
  readonly snodeTimeoutMs: number;
  readonly seedTimeoutMs: number;
  readonly guardTestTimeoutMs: number;
  readonly seedAttempts: number;
  readonly seedRetryMinMs: number;
  readonly maxAttempts: number;
  readonly recoveryMinMs: number;
  readonly recoveryMaxMs: number;
  readonly firstRefreshMs: number;
  readonly refreshEveryMs: number;
  readonly onAttempt: ((a: AttemptInfo) => void) | undefined;
}

/**
 * Desktop turns its local-devnet mode on for `LOCAL_DEVNET_SEED_URL` (network.md §1.1): a seed
 * on a loopback address means every node shares one /24, so the /24 rule must be off.
 */
function isLoopbackSeed(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host.startsWith('127.') || host === '[::1]';
  } catch {
    return false;
  }
}

export function resolveOptions(o: NetworkClientOptions): ResolvedOptions {
  const mainnet = o.network === 'mainnet';
  const seedUrls = o.seedUrls ?? (mainnet ? MAINNET_SEED_URLS : []);
  return {
    network: o.network,
    seedUrls,
    mainnetFallback: o.mainnetFallback ?? mainnet,
    localDevnet:
      o.localDevnet ?? (o.network === 'devnet' || (seedUrls.length > 0 && seedUrls.every(isLoopbackSeed))),
    now: o.now ?? Date.now,
    random: o.random ?? pooledRandom(),
    logger: o.logger ?? silentLogger,
    http: o.http ?? new HttpTransport(),
    transport: o.transport,
    seedPost: o.seedPost,
    snodeTimeoutMs: o.timeouts?.snodeMs ?? SNODE_TIMEOUT_MS,
    seedTimeoutMs: o.timeouts?.seedMs ?? SEED_TIMEOUT_MS,
    guardTestTimeoutMs: o.timeouts?.guardTestMs ?? GUARD_TEST_TIMEOUT_MS,
    seedAttempts: o.seedAttempts ?? 4,
    seedRetryMinMs: o.seedRetryMinMs ?? 1_000,
    maxAttempts: o.maxAttempts ?? 6,
    recoveryMinMs: o.recovery?.minDelayMs ?? 1_000,
    recoveryMaxMs: o.recovery?.maxDelayMs ?? 60_000,
    firstRefreshMs: o.poolRefresh?.firstMs ?? 5 * 60_000,
    refreshEveryMs: o.poolRefresh?.everyMs ?? 60 * 60_000,
    onAttempt: o.onAttempt,
  };
}

export function transportFor(o: ResolvedOptions, signal: AbortSignal): HttpsSnodeTransport {
  return o.transport ?? createSnodeTransport({ timeoutMs: o.snodeTimeoutMs, signal, http: o.http });
}
