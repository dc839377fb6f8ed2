/** Status derivation (the app's contract, src/shared/ipc/network.ts) and option defaults. */
import { describe, expect, it } from 'vitest';
import { emptyOnionState, type OnionState } from '../../../src/onion/pool';
import type { Ed25519Hex, Snode, X25519Hex } from '../../../src/onion/keys';
import { networkStatusSchema } from '../../../src/shared/ipc/network';
import { deriveStatus, type StatusInputs } from '../../../src/main/network/status';
import { resolveOptions } from '../../../src/main/network/options';
import { MAINNET_SEED_URLS } from '../../../src/main/network/seed-client';

const node = (i: number): Snode => ({
  ip: `10.0.${i}.1`,
  port: 22000 + i,
  pubkeyEd25519: String(i).padStart(64, '0') as Ed25519Hex,
  pubkeyX25519: String(i).padStart(64, '1') as X25519Hex,
});
const withPaths = (n: number): OnionState => ({
  ...emptyOnionState,
  pool: Array.from({ length: 12 }, (_, i) => node(i)),
  paths: Array.from({ length: n }, (_, p) => [node(p * 3), node(p * 3 + 1), node(p * 3 + 2)]),
});
const base: StatusInputs = {
  network: 'devnet',
  started: true,
  stopped: false,
  building: false,
  progress: null,
  offlineReason: null,
  lastBuildError: null,
  state: withPaths(2),
  networkOffsetMs: 1500,
  clockProblem: false,
};

describe('deriveStatus', () => {
  it('maps the client state onto the IPC contract', () => {
    const s = deriveStatus(base);
    expect(networkStatusSchema.parse(s)).toEqual(s);
    expect(s.state).toBe('connected');
    expect(s.clockOffsetMs).toBe(-1500);
    expect(s.paths[0]?.hops[0]).toEqual({ ip: '10.0.0.1', port: 22000, ed25519: node(0).pubkeyEd25519 });
  });

  it.each([
    [{ started: false }, 'starting', null],
    [{ state: withPaths(1) }, 'degraded', 'path-failed'],
    [{ state: withPaths(0), building: true, progress: { done: 1, total: 4 } }, 'building', null],
    [{ state: withPaths(0), lastBuildError: 'no-seed' as const }, 'offline', 'no-seed'],
    [{ offlineReason: 'unreachable' as const }, 'offline', 'unreachable'],
    [{ stopped: true }, 'offline', 'not-started'],
  ])('%o → %s (%s)', (patch, state, reason) => {
    const s = deriveStatus({ ...base, ...patch });
    expect(s.state).toBe(state);
    expect(s.reason).toBe(reason);
  });
});

describe('resolveOptions', () => {
  it('uses mainnet seeds with the bundled fallback, and local-devnet mode for loopback seeds', () => {
    const m = resolveOptions({ network: 'mainnet' });
    expect(m.seedUrls).toEqual(MAINNET_SEED_URLS);
    expect(m.mainnetFallback).toBe(true);
    expect(m.localDevnet).toBe(false);
    expect(
      resolveOptions({ network: 'http://127.0.0.1:5000/', seedUrls: ['http://127.0.0.1:5000/'] }).localDevnet,
    ).toBe(true);
    expect(
      resolveOptions({ network: 'https://seed.example/', seedUrls: ['https://seed.example/'] }).localDevnet,
    ).toBe(false);
  });
});
