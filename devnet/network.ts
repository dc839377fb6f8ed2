/**
 * The devnet as a whole: nodes, swarm membership (oxend's role), message pushes when
 * membership changes (oxenss `service_node.cpp` on new blocks), and the fault controls.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { sodiumReady } from '../src/crypto/sodium';
import { loadOrCreateKeys, loadOrCreateTls } from './keys';
import { ServiceNode } from './node/service-node';
import { post } from './node/http';
import { applyPatch, NO_FAULTS, type FaultsPatch } from './node/faults';
import { REAL_TIMEOUTS, type NetworkView, type Timeouts } from './node/network-view';
import { serviceNodesResult } from './oxend';
import { OnsRegistry } from './ons';
import { evenSwarmIds, pickSwarm, swarmIdHex, swarmSizes } from './swarm-space';
import { fromHex } from '../src/crypto/bytes';
import type { Clock, Json, JsonObject, SnodeInfo } from './types';

const LayoutFile = z.object({ swarms: z.array(z.string().regex(/^[0-9a-f]{1,16}$/)) });

export interface NetworkOptions {
  readonly nodes: number;
  readonly dataDir: string;
  readonly clock: Clock;
  readonly timeouts: Timeouts;
}

export class Network implements NetworkView {
  readonly nodes: ServiceNode[] = [];
  readonly peerToken = randomBytes(16).toString('hex');
  readonly timeouts: Timeouts;
  /** Bumped on each membership change, like a new block. */
  height = 1000;
  /** Network-wide clock offset (control API `/clock`), on top of the injected clock. */
  clockOffsetMs = 0;
  /** Names registered through the control API (`POST /ons`). */
  readonly ons: OnsRegistry;

  private constructor(private readonly opts: NetworkOptions) {
    this.timeouts = opts.timeouts;
    this.ons = new OnsRegistry(opts.dataDir);
  }

  static async create(opts: NetworkOptions): Promise<Network> {
    await sodiumReady();
    const net = new Network(opts);
    const layoutFile = join(opts.dataDir, 'network.json');
    let ids: bigint[] | undefined;
    if (existsSync(layoutFile)) {
      const parsed = LayoutFile.safeParse(JSON.parse(readFileSync(layoutFile, 'utf8')));
      if (parsed.success && parsed.data.swarms.length === opts.nodes)
        ids = parsed.data.swarms.map((h) => BigInt(`0x${h}`));
    }
    if (!ids) {
      const sizes = swarmSizes(opts.nodes);
      const swarmIds = evenSwarmIds(sizes.length);
      ids = sizes.flatMap((size, i) => Array.from({ length: size }, () => swarmIds[i] ?? 0n));
    }
    const clock: Clock = () => opts.clock() + net.clockOffsetMs;
    const made = await Promise.all(
      ids.map(async (swarm, i) => {
        const dir = join(opts.dataDir, 'nodes', String(i));
        return new ServiceNode(i, dir, loadOrCreateKeys(dir), await loadOrCreateTls(dir), net, clock, swarm);
      }),
    );
    net.nodes.push(...made);
    await Promise.all(net.nodes.map((n) => n.start()));
    net.saveLayout();
    return net;
  }

  private saveLayout(): void {
    const swarms = this.nodes.map((n) => swarmIdHex(n.swarmId));
    writeFileSync(join(this.opts.dataDir, 'network.json'), JSON.stringify({ swarms }) + '\n');
  }

  // ---- NetworkView ----

  swarmIds(): bigint[] {
    return [...new Set(this.nodes.map((n) => n.swarmId))];
  }

  members(swarmId: bigint): SnodeInfo[] {
    return this.nodes.filter((n) => n.swarmId === swarmId).map((n) => n.info);
  }

  findByEd(edHex: string): SnodeInfo | undefined {
    return this.nodes.find((n) => n.keys.edHex === edHex)?.info;
  }

  serviceNodes(params: Json | undefined): JsonObject {
    return (
      serviceNodesResult(this.infos(), this.height, params) ?? {
        service_node_states: [],
        height: this.height,
      }
    );
  }

  onsResolve(params: Json | undefined): JsonObject | undefined {
    return this.ons.resolve(params);
  }

  infos(): SnodeInfo[] {
    return this.nodes.map((n) => n.info);
  }

  // ---- control ----

  node(id: string | number): ServiceNode | undefined {
    const s = String(id).toLowerCase();
    if (/^\d+$/.test(s)) return this.nodes[Number(s)];
    return this.nodes.find((n) => n.keys.edHex === s);
  }

  async kill(n: ServiceNode): Promise<void> {
    await n.kill();
  }

  async restart(n: ServiceNode): Promise<void> {
    await n.start();
  }

  setFaults(n: ServiceNode, patch: FaultsPatch): void {
    n.faults = applyPatch(n.faults, patch);
    if (!n.faults.blackhole) n.releaseHeld();
  }

  clearFaults(): void {
    for (const n of this.nodes) {
      n.faults = { ...NO_FAULTS };
      n.releaseHeld();
    }
  }

  /** A fresh swarm id halfway into the widest gap between existing ids. */
  newSwarmId(): bigint {
    const ids = this.swarmIds().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const space = 1n << 64n;
    let best = 0n;
    let bestGap = -1n;
    ids.forEach((id, i) => {
      const next = i + 1 < ids.length ? (ids[i + 1] ?? 0n) : (ids[0] ?? 0n) + space;
      if (next - id > bestGap) {
        bestGap = next - id;
        best = (id + (next - id) / 2n) % space;
      }
    });
    return (best >> 12n) << 12n;
  }

  /** Moves a node to another swarm, then pushes messages to their (new) owners. */
  async move(n: ServiceNode, swarm: bigint): Promise<number> {
    n.swarmId = swarm;
    this.height++;
    this.saveLayout();
    return this.pushToOwners();
  }

  /**
   * Every running node sends each message it holds to every other member of the swarm that
   * now owns its pubkey (oxenss pushes on joins, new swarms and dissolved swarms; receivers
   * ignore duplicates). Returns the number of newly inserted copies.
   */
  async pushToOwners(): Promise<number> {
    const ids = this.swarmIds();
    let inserted = 0;
    for (const src of this.nodes.filter((x) => x.alive)) {
      const byTarget = new Map<number, object[]>();
      for (const m of src.store.all()) {
        const owner = pickSwarm(ids, fromHex(m.owner));
        for (const dst of this.nodes) {
          if (dst === src || dst.swarmId !== owner || !dst.alive) continue;
          const list = byTarget.get(dst.index) ?? [];
          list.push({ ...m, data: Buffer.from(m.data).toString('base64') });
          byTarget.set(dst.index, list);
        }
      }
      for (const [idx, messages] of byTarget) {
        const dst = this.nodes[idx];
        if (!dst) continue;
        const r = await post(
          'https',
          dst.port,
          '/devnet/push',
          Buffer.from(JSON.stringify({ messages })),
          this.timeouts.replicationMs,
          {
            'X-Devnet-Peer': this.peerToken,
          },
        );
        if (r.ok && r.status === 200) {
          const stored = z.object({ stored: z.number() }).safeParse(JSON.parse(r.body.toString('utf8')));
          if (stored.success) inserted += stored.data.stored;
        }
      }
    }
    return inserted;
  }

  sweep(): number {
    return this.nodes.reduce((acc, n) => acc + n.sweep(), 0);
  }

  stats(): JsonObject {
    const ids = this.swarmIds();
    const swarms: Record<string, Json> = {};
    for (const id of ids) {
      const owners = new Map<string, number>();
      for (const n of this.nodes.filter((x) => x.swarmId === id && x.alive))
        for (const [owner, c] of n.store.countByOwner())
          if (pickSwarm(ids, fromHex(owner)) === id) owners.set(owner, Math.max(owners.get(owner) ?? 0, c));
      swarms[swarmIdHex(id)] = {
        members: this.members(id).map((m) => m.ed25519),
        messages: [...owners.values()].reduce((a, b) => a + b, 0),
        owners: owners.size,
      };
    }
    const nodes: Json[] = this.nodes.map((n) => ({
      index: n.index,
      ed25519: n.keys.edHex,
      port: n.port,
      swarm: swarmIdHex(n.swarmId),
      alive: n.alive,
      messages: n.alive ? n.store.count() : null,
      faults: { ...n.faults },
      ...n.stats,
    }));
    return { height: this.height, swarms, nodes };
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.kill()));
  }
}

export { REAL_TIMEOUTS };
