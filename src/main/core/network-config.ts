import { join } from 'node:path';
import { MAINNET_SEED_URLS } from '../network/seed-urls';
import { MAINNET_FILE_SERVER } from '../files/file-server';
import type { NetworkConfig } from './core-options';
import { spawnDevnet, type EmbeddedDevnet } from '../embedded-devnet/devnet-process';
import { parseProxyUrl, type SocksProxy } from '../network/proxy';

/** VEIL_PROXY: the proxy for scripts that keep it out of the command line (and its password). */
export function proxyFromEnv(env: NodeJS.ProcessEnv): SocksProxy | undefined {
  const text = env.VEIL_PROXY;
  return text === undefined || text.trim() === '' ? undefined : parseProxyUrl(text);
}

/** Polling cadence override (ms) for demos and benchmarks; Session's 5 s otherwise. */
function pollOverride(env: NodeJS.ProcessEnv): { pollIntervalMs?: number } {
  const n = Number(env.VEIL_POLL_MS);
  return Number.isInteger(n) && n >= 50 ? { pollIntervalMs: n } : {};
}

/**
 * A clock ahead by VEIL_CLOCK_OFFSET_MS, for test networks only (never mainnet): tests of
 * disappearing messages move the devnet's clock and the client's together instead of sleeping
 * out a 30 s timer.
 */
function clockOverride(env: NodeJS.ProcessEnv): { clock?: () => number } {
  const n = Number(env.VEIL_CLOCK_OFFSET_MS);
  return env.VEIL_CLOCK_OFFSET_MS !== undefined && Number.isSafeInteger(n)
    ? { clock: () => Date.now() + n }
    : {};
}

export interface ResolvedNetwork {
  readonly config: NetworkConfig;
  /** The embedded local network (a child process), when `devnet` was chosen; stop it after the core. */
  readonly devnet: EmbeddedDevnet | undefined;
}

/**
 * `devnet` starts an embedded local network as a child process (its data in the profile, so
 * nodes come back with their messages); `mainnet` uses Session's seeds with the bundled fallback;
 * a URL is a seed, which is asked for its network's file server when pictures are first needed
 * (a shared devnet).
 */
export async function resolveNetwork(
  network: string,
  profileDir: string,
  env: NodeJS.ProcessEnv = process.env,
  proxy: SocksProxy | undefined = proxyFromEnv(env),
): Promise<ResolvedNetwork> {
  const resolved = await resolveWithoutProxy(network, profileDir, env);
  return proxy ? { ...resolved, config: { ...resolved.config, proxy } } : resolved;
}

async function resolveWithoutProxy(
  network: string,
  profileDir: string,
  env: NodeJS.ProcessEnv,
): Promise<ResolvedNetwork> {
  if (network === 'devnet') {
    const devnet = await spawnDevnet({
      dataDir: join(profileDir, 'devnet'),
      // Its stderr is silent unless it fails; then the terminal that started us should see it.
      log: (line) => {
        process.stderr.write(`${line}\n`);
      },
    });
    return {
      devnet,
      config: {
        seedUrls: [devnet.seedUrl],
        localDevnet: true,
        fileServer: devnet.fileServer,
        ...pollOverride(env),
        ...clockOverride(env),
      },
    };
  }
  if (network === 'mainnet') {
    return {
      devnet: undefined,
      config: {
        seedUrls: [...MAINNET_SEED_URLS],
        mainnetFallback: true,
        fileServer: MAINNET_FILE_SERVER,
        ...pollOverride(env),
      },
    };
  }
  return {
    devnet: undefined,
    config: { seedUrls: [network], fileServerFromSeed: true, ...pollOverride(env), ...clockOverride(env) },
  };
}
