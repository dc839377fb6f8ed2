/**
 * Network time (network.md §6; session-desktop `ts/util/NetworkTime.ts`,
 * `ts/session/apis/snode_api/getNetworkTime.ts`): every snode result carrying `t` (server ms)
 * greater than 2021-01-01 gives offset = localNow − t; the last 10 offsets are kept and
 * now() = localNow − floor(mean). No sample yet → offset 0.
 * An immutable value: `record` returns a new state. The clock is injected.
 */

export const NETWORK_TIME_WINDOW = 10;
/** 2021-01-01 (desktop's sanity floor: `1609419600 * 1000`). */
export const MIN_VALID_SERVER_TIME_MS = 1_609_419_600_000;

export interface NetworkTimeState {
  readonly offsets: readonly number[];
}

export const emptyNetworkTime: NetworkTimeState = { offsets: [] };

/** localNow − serverT when `serverT` is a plausible server time; else undefined. */
export function serverOffset(serverT: unknown, localNowMs: number): number | undefined {
  if (typeof serverT !== 'number' || !Number.isFinite(serverT) || serverT <= MIN_VALID_SERVER_TIME_MS)
    return undefined;
  return localNowMs - serverT;
}

/** Adds an offset sample; keeps the last 10. */
export function withOffset(state: NetworkTimeState, offset: number): NetworkTimeState {
  return { offsets: [...state.offsets, offset].slice(-NETWORK_TIME_WINDOW) };
}

/** Adds a sample if `serverT` is plausible; keeps the last 10. */
export function recordServerTime(
  state: NetworkTimeState,
  serverT: unknown,
  localNowMs: number,
): NetworkTimeState {
  const offset = serverOffset(serverT, localNowMs);
  return offset === undefined ? state : withOffset(state, offset);
}

export function networkOffset(state: NetworkTimeState): number {
  if (state.offsets.length === 0) return 0;
  const sum = state.offsets.reduce((a, b) => a + b, 0);
  return Math.floor(sum / state.offsets.length);
}

/** Network-adjusted now; use for signature timestamps, store timestamps and "sent at". */
export function networkNow(state: NetworkTimeState, localNowMs: number): number {
  return localNowMs - networkOffset(state);
}
