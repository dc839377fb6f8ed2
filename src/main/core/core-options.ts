import type { SafeStorageLike } from '../keys/protection';
import type { SocksProxy } from '../network/proxy';

/** Where the core finds the Session network (none: offline, as in unit tests). */
export interface NetworkConfig {
  readonly seedUrls: readonly string[];
  /** Local devnet rules (no /24 rule, smaller consensus). */
  readonly localDevnet?: boolean;
  /** Use the bundled snode snapshot when no seed answers (mainnet). */
  readonly mainnetFallback?: boolean;
  /** Polling cadence of our swarm (Session: 5 s; tests and benchmarks: ~100 ms). */
  readonly pollIntervalMs?: number;
  /** The file server behind the onion (avatars, attachments): mainnet's, or a devnet's `{url, x25519, ed25519}`. */
  readonly fileServer?: { readonly url: string; readonly x25519: string; readonly ed25519: string };
  /** Without `fileServer`: ask the seeds for it (a shared devnet's seed names its own). */
  readonly fileServerFromSeed?: boolean;
  /** This computer's clock (tests skew it; network time corrects it from the nodes' `t`). */
  readonly clock?: () => number;
  /** `--proxy` / VEIL_PROXY: every connection of this run goes through it (wins over Settings). */
  readonly proxy?: SocksProxy;
}

export interface CoreOptions {
  readonly profileDir: string;
  readonly host: 'electron' | 'browser';
  /** `devnet`, `mainnet` or a seed URL; shown in the app. */
  readonly network: string;
  /** How to reach that network; without it the core stays offline. */
  readonly networkConfig?: NetworkConfig;
  /** Opens an http(s) link in the system browser. */
  readonly openExternal?: (url: string) => Promise<void> | void;
  readonly log?: (line: string) => void;
  /** Electron's safeStorage (the OS keychain); absent in the browser host and the CLI. */
  readonly safeStorage?: SafeStorageLike;
  /** A tried message not accepted this long after is "failed" (default 60 s; tests shorten it). */
  readonly sendFailAfterMs?: number;
  /** The idle lock's minute (default 60 000 ms; end-to-end tests shorten it instead of waiting). */
  readonly idleLockMinuteMs?: number;
  /** `X-FS-TTL` of attachment uploads (tests make files expire); the server's default otherwise. */
  readonly attachmentTtlSeconds?: number;
}
