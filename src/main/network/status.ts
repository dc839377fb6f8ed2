/** The app-facing status (contract in src/shared/ipc/network.ts) derived from the client's state. */
import type { NetworkStatus } from '../../shared/ipc/network';
import type { OnionState } from '../../onion/pool';
import { DESIRED_GUARD_COUNT } from '../../onion/pool';
import type { ProxyFailure } from './proxy';

/** Reasons are i18n keys under `network.reasons.*` (src/shared/i18n). */
export type NetworkReason =
  | 'not-started'
  | 'no-seed'
  | 'pool-too-small'
  | 'no-guard'
  | 'path-failed'
  | 'unreachable'
  | 'proxy'
  | 'unknown';

export interface StatusInputs {
  readonly network: string;
  readonly started: boolean;
  readonly stopped: boolean;
  readonly building: boolean;
  readonly progress: { readonly done: number; readonly total: number } | null;
  readonly offlineReason: NetworkReason | null;
  readonly lastBuildError: NetworkReason | null;
  readonly state: OnionState;
  /** local − network, as kept by src/onion/network-time. */
  readonly networkOffsetMs: number;
  readonly clockProblem: boolean;
  /** The proxy's last failure (null: no proxy, or it works): it explains being offline. */
  readonly proxyFailure?: ProxyFailure | null;
}

export function deriveStatus(i: StatusInputs): NetworkStatus {
  const paths = i.state.paths.map((p) => ({
    hops: p.map((n) => ({ ip: n.ip, port: n.port, ed25519: n.pubkeyEd25519 })),
  }));
  let state: NetworkStatus['state'];
  let reason: NetworkReason | `proxy-${ProxyFailure}` | null = null;
  if (!i.started) state = 'starting';
  else if (i.stopped) {
    state = 'offline';
    reason = 'not-started';
  } else if (i.offlineReason !== null) {
    state = 'offline';
    reason = i.offlineReason;
  } else if (paths.length >= DESIRED_GUARD_COUNT) state = 'connected';
  else if (paths.length > 0) {
    state = 'degraded';
    reason = 'path-failed';
  } else if (i.building) state = 'building';
  else {
    state = 'offline';
    reason = i.lastBuildError ?? 'unknown';
  }
  // Whatever else failed, a proxy that cannot connect us is the reason to show (and fix).
  if (state === 'offline' && i.started && !i.stopped && i.proxyFailure) reason = `proxy-${i.proxyFailure}`;
  return {
    state,
    network: i.network,
    poolSize: i.state.pool.length,
    paths,
    progress: i.progress,
    // The contract's sign: network time minus local time.
    clockOffsetMs: -i.networkOffsetMs,
    clockProblem: i.clockProblem,
    reason,
  };
}

/** Change detection that ignores millisecond jitter of the offset. */
export function statusKey(s: NetworkStatus): string {
  return JSON.stringify({ ...s, clockOffsetMs: Math.round(s.clockOffsetMs / 1000) });
}
