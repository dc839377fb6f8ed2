/**
 * Programmatic entry: `startDevnet({nodes, dataDir, clock})` brings up a seed, N service nodes in
 * swarms, a file server and the control API, all on 127.0.0.1.
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { startControl } from './control';
import { startFileServer } from './fileserver/server';
import { handleSogsControl, overview as sogsOverview } from './sogs/control-routes';
import { NO_SOGS_FAULTS, startSogs, type SogsFaults } from './sogs/server';
import { Network } from './network';
import { closeAgents } from './node/http';
import type { FaultsPatch } from './node/faults';
import { OnsRegisterBody } from './ons';
import { REAL_TIMEOUTS, type Timeouts } from './node/network-view';
import { startSeed } from './seed';
import { swarmIdHex } from './swarm-space';
import type { Clock, JsonObject } from './types';

export interface DevnetOptions {
  /** Number of service nodes (default 12). */
  readonly nodes?: number;
  /** Persistent data folder; a temporary one (deleted on stop) when omitted. */
  readonly dataDir?: string;
  /** Network clock in ms (default `Date.now`); per-node skew is added on top. */
  readonly clock?: Clock;
  /** Shorter timeouts for tests (defaults: the real servers' 5 s / 30 s / 25 s). */
  readonly timeouts?: Partial<Timeouts>;
}

export interface DevnetNode {
  readonly index: number;
  readonly ip: string;
  readonly port: number;
  readonly url: string;
  readonly ed25519: string;
  readonly x25519: string;
  readonly swarm: string;
  readonly alive: boolean;
}

export interface Devnet {
  /** Plain-HTTP seed URL with trailing slash; clients POST `${seedUrl}json_rpc`. */
  readonly seedUrl: string;
  readonly fileServer: { readonly url: string; readonly x25519: string; readonly ed25519: string };
  readonly controlUrl: string;
  /**
   * The community server (SOGS): reached directly at `url` or by onion requests to `x25519`;
   * `joinUrl` is its default room `lobby`.
   */
  readonly community: {
    readonly url: string;
    readonly joinUrl: string;
    readonly x25519: string;
    readonly ed25519: string;
  };
  readonly dataDir: string;
  /** Current node list (re-read after kills/moves). */
  nodes(): DevnetNode[];
  kill(node: number | string): Promise<void>;
  restart(node: number | string): Promise<void>;
  setFaults(node: number | string, faults: FaultsPatch): void;
  clearFaults(): void;
  /** Faults of the community server (control API `POST /sogs/faults`). */
  setCommunityFaults(faults: Partial<SogsFaults>): Promise<void>;
  /**
   * Moves a node to swarm `swarm` (a hex id, or `'new'` for a fresh one), pushing messages to
   * their owners.
   */
  move(node: number | string, swarm: string): Promise<void>;
  /** Runs the expiry sweep on every node now (real nodes do it every 10 s). */
  sweep(): number;
  /** Registers an ONS name for a Session ID (control API `POST /ons`); throws on a bad name or ID. */
  registerOns(name: string, sessionId: string): void;
  /** Adds an offset to the whole network's clock. */
  setClockOffset(ms: number): void;
  stats(): JsonObject;
  stop(): Promise<void>;
}

export async function startDevnet(opts: DevnetOptions = {}): Promise<Devnet> {
  const temp = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'veil-devnet-'));
  mkdirSync(dataDir, { recursive: true });
  const clock = opts.clock ?? Date.now;
  const net = await Network.create({
    nodes: opts.nodes ?? 12,
    dataDir,
    clock,
    timeouts: { ...REAL_TIMEOUTS, ...opts.timeouts },
  });
  const fs = await startFileServer(dataDir, () => clock() + net.clockOffsetMs);
  const fileServer = { url: fs.url, x25519: fs.keys.xHex, ed25519: fs.keys.edHex };
  const sogs = await startSogs(dataDir, () => clock() + net.clockOffsetMs);
  const community = {
    url: sogs.url,
    joinUrl: sogs.joinUrl,
    x25519: sogs.keys.xHex,
    ed25519: sogs.keys.edHex,
  };
  const seed = await startSeed(() => ({ nodes: net.infos(), height: net.height, fileServer }));
  const seedUrl = `http://127.0.0.1:${seed.port}/`;
  const nodes = (): DevnetNode[] =>
    net.nodes.map((n) => ({
      index: n.index,
      ip: '127.0.0.1',
      port: n.port,
      url: `https://127.0.0.1:${n.port}`,
      ed25519: n.keys.edHex,
      x25519: n.keys.xHex,
      swarm: swarmIdHex(n.swarmId),
      alive: n.alive,
    }));
  const control = await startControl(net, {
    overview: () => ({
      seed: seedUrl,
      fileServer,
      community: sogsOverview(sogs),
      nodes: nodes().map((n) => ({ ...n })),
    }),
    sogs: (method, path, body) => handleSogsControl(sogs, method, path, body),
    clearFaults: () => sogs.setFaults(NO_SOGS_FAULTS),
  });
  const need = (id: number | string): NonNullable<ReturnType<Network['node']>> => {
    const n = net.node(id);
    if (!n) throw new Error(`no devnet node ${id}`);
    return n;
  };
  const close = (s: Server): Promise<void> =>
    new Promise((r) => {
      s.close(() => r());
      s.closeAllConnections();
    });
  let stopped = false;
  return {
    seedUrl,
    fileServer,
    controlUrl: `http://127.0.0.1:${control.port}/`,
    community,
    dataDir,
    nodes,
    kill: (id) => net.kill(need(id)),
    restart: (id) => net.restart(need(id)),
    setFaults: (id, f) => net.setFaults(need(id), f),
    clearFaults: () => {
      net.clearFaults();
      void sogs.setFaults(NO_SOGS_FAULTS);
    },
    setCommunityFaults: (f) => sogs.setFaults(f),
    move: async (id, swarm) => {
      await net.move(need(id), swarm === 'new' ? net.newSwarmId() : BigInt(`0x${swarm.replace(/^0x/, '')}`));
    },
    sweep: () => net.sweep(),
    registerOns: (name, sessionId) => {
      const p = OnsRegisterBody.parse({ name, sessionId });
      net.ons.register(p.name, p.sessionId);
    },
    setClockOffset: (ms) => {
      net.clockOffsetMs = ms;
    },
    stats: () => net.stats(),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      net.clearFaults();
      await Promise.all([close(seed.server), close(control.server), fs.stop(), sogs.stop(), net.stop()]);
      closeAgents();
      if (temp) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type { FaultsPatch } from './node/faults';
export type { Timeouts } from './node/network-view';
