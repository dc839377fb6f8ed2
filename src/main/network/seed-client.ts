/**
 * Seed nodes → snode pool (network.md §1.1–1.3; session-desktop
 * `ts/session/apis/seed_node_api/SeedNodeAPI.ts`, `getServiceNodesList.ts`).
 * All seeds are asked in parallel and the first valid answer wins; up to 4 attempts with
 * exponential back-off (factor 2, min 1 s). When every attempt fails on mainnet, the bundled
 * fallback snapshot is used. Mainnet seeds are reached only through their pinned certificate
 * (`seed-pins.ts`); other seeds (devnet, plain HTTP) are trusted as far as their answer's shape.
 */
import { parseCachedSeedAsset, parseSeedAnswer, type SeedPool } from '../../onion/network-schemas';
import { DESKTOP_HTTP_HEADERS, seedRequestBody } from '../../onion/transport';
import { backoffDelay, sleep } from './backoff';
import {
  httpPost,
  SEED_TIMEOUT_MS,
  type HttpPostFn,
  type HttpResponse,
  type PostOptions,
} from './https-transport';
import fallbackAsset from './mainnet-fallback-snodes.json';
import { MAINNET_SEED_PINS, pinnedPost, seedPinFor, type SeedPin } from './seed-pins';

export { MAINNET_SEED_URLS } from './seed-urls';

export const SEED_ATTEMPTS = 4;
export const SEED_RETRY_MIN_MS = 1_000;

export type HttpPost = (url: string, body: string, opts: PostOptions) => Promise<HttpResponse>;

export interface SeedFetchOptions {
  readonly seedUrls: readonly string[];
  readonly post?: HttpPost;
  readonly timeoutMs?: number;
  readonly attempts?: number;
  readonly retryMinMs?: number;
  readonly signal?: AbortSignal;
  /** Certificate pins by seed host (default: mainnet's); tests pin a local certificate. */
  readonly pins?: readonly SeedPin[];
}

/** `<seed>json_rpc`: the seed URL keeps its trailing slash (desktop appends without one). */
export function seedRpcUrl(seed: string): string {
  return `${seed.endsWith('/') ? seed : `${seed}/`}json_rpc`;
}

async function askSeed(seed: string, post: HttpPost, opts: SeedFetchOptions): Promise<SeedPool> {
  const res = await post(seedRpcUrl(seed), seedRequestBody(), {
    timeoutMs: opts.timeoutMs ?? SEED_TIMEOUT_MS,
    headers: { ...DESKTOP_HTTP_HEADERS, 'Content-Type': 'application/json' },
    // Pinned hosts ignore this and always verify (seed-pins.ts); unpinned ones are devnets.
    verifyTls: false,
    ...(opts.signal === undefined ? {} : { signal: opts.signal }),
  });
  // Desktop requires HTTP 200 and a JSON content type.
  if (res.status !== 200) throw new Error(`seed answered ${res.status}`);
  if (!res.contentType.startsWith('application/json')) throw new Error('seed answer is not JSON');
  const parsed = parseSeedAnswer(Buffer.from(res.body).toString('utf8'));
  if (!parsed.ok) throw new Error(`seed answer rejected: ${parsed.error.kind}`);
  return parsed.value;
}

/** Resolves with the first valid answer of any seed; rejects when all fail. */
function firstValid(seeds: readonly string[], post: HttpPost, opts: SeedFetchOptions): Promise<SeedPool> {
  return Promise.any(seeds.map((s) => askSeed(s, post, opts)));
}

/**
 * A pinned host goes through its pin, never through the unverified transport; both go out
 * through `post` (the core's transport, so its proxy; direct by default).
 */
export function defaultSeedPost(pins: readonly SeedPin[], post: HttpPostFn = httpPost): HttpPost {
  return (url, body, o) => {
    const pin = seedPinFor(url, pins);
    return pin ? pinnedPost(pin, url, body, o, post) : post(url, body, o);
  };
}

export async function fetchSeedPool(opts: SeedFetchOptions): Promise<SeedPool> {
  if (opts.seedUrls.length === 0) throw new Error('no seed URL');
  const post = opts.post ?? defaultSeedPost(opts.pins ?? MAINNET_SEED_PINS);
  const attempts = opts.attempts ?? SEED_ATTEMPTS;
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    if (opts.signal?.aborted === true) break;
    try {
      return await firstValid(opts.seedUrls, post, opts);
    } catch (e) {
      last = e instanceof AggregateError ? e.errors[0] : e;
    }
    if (i + 1 < attempts)
      await sleep(backoffDelay(i, opts.retryMinMs ?? SEED_RETRY_MIN_MS, 8_000), opts.signal);
  }
  throw new Error(`no seed node answered: ${last instanceof Error ? last.message : String(last)}`);
}

/** The bundled mainnet snapshot (a handful of long-lived nodes), validated like a seed answer. */
export function loadFallbackPool(nowMs: number): SeedPool {
  // The snapshot's unlock heights are all 0, so its age does not filter anything out.
  const parsed = parseCachedSeedAsset(fallbackAsset, nowMs, nowMs);
  if (!parsed.ok) throw new Error(`bundled fallback list is invalid: ${parsed.error.message}`);
  return parsed.value;
}
