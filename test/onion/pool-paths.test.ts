import { beforeAll, describe, expect, it } from 'vitest';
import { sodiumReady } from '../../src/crypto/sodium';
import { applyDestinationOutcome, applyPathFailure, applyTransportFailure } from '../../src/onion/decisions';
import type { Ed25519Hex, Snode } from '../../src/onion/keys';
import {
  buildPaths,
  dropNode,
  pickPath,
  planGuardCandidates,
  recordNodeFailure,
  recordPathFailure,
  withGuards,
} from '../../src/onion/paths';
import {
  emptyOnionState,
  intersectSnodeLists,
  pickSwarmNodes,
  poolNeedsSeedRefetch,
  snodeConsensusReached,
  usableSwarm,
  withPool,
  withSeedPool,
  withSwarm,
  type OnionState,
} from '../../src/onion/pool';
import { emptyNetworkTime, networkNow, networkOffset, recordServerTime } from '../../src/onion/network-time';
import { seededRandom } from './helpers';
import { makeNodes } from './sim-network';

beforeAll(async () => {
  await sodiumReady();
});

let snodes: Snode[] = [];
beforeAll(() => {
  snodes = makeNodes(20, seededRandom(7)).map((n) => n.snode);
});

function ready(seed = 1): OnionState {
  const random = seededRandom(seed);
  let s = withSeedPool(emptyOnionState, snodes, random);
  const plan = planGuardCandidates(s, random);
  if (!plan.ok) throw new Error(plan.error);
  s = withGuards(s, plan.value.flat().slice(0, 2));
  const built = buildPaths(s, random);
  if (!built.ok) throw new Error(built.error);
  return built.value;
}

const keysOf = (p: readonly Snode[]) => p.map((n) => n.pubkeyEd25519);

describe('pool thresholds and guards', () => {
  it('needs more than 8 nodes', () => {
    const r = seededRandom(3);
    expect(poolNeedsSeedRefetch(withSeedPool(emptyOnionState, snodes.slice(0, 8), r))).toBe(true);
    expect(poolNeedsSeedRefetch(withSeedPool(emptyOnionState, snodes.slice(0, 9), r))).toBe(false);
    const s = withGuards(withSeedPool(emptyOnionState, snodes.slice(0, 8), r), snodes.slice(0, 2));
    expect(buildPaths(s, r).ok).toBe(false);
  });

  it('guard candidates come in batches of 2, at most 6 rounds', () => {
    const plan = planGuardCandidates(withSeedPool(emptyOnionState, snodes, seededRandom(4)), seededRandom(5));
    expect(plan.ok && plan.value.length).toBe(6);
    expect(plan.ok && plan.value.every((b) => b.length === 2)).toBe(true);
  });

  it('consensus from 3 lists by ip:port', () => {
    const common = intersectSnodeLists([snodes, snodes.slice(2), snodes.slice(0, 15)]);
    expect(common.length).toBe(13);
    expect(snodeConsensusReached(common, false)).toBe(false);
    expect(snodeConsensusReached(common, true)).toBe(true);
  });
});

describe('paths', () => {
  it('2 paths of 3 distinct hops, guards first, no node reused', () => {
    for (let seed = 1; seed < 30; seed++) {
      const s = ready(seed);
      expect(s.paths.length).toBe(2);
      const all = s.paths.flatMap(keysOf);
      expect(new Set(all).size).toBe(6);
      expect(new Set(s.paths.map((p) => p[0]!.pubkeyEd25519))).toEqual(new Set(keysOf(s.guards)));
      // at most one node per /24 among non-guard hops (ips are 10.0.<i%7>.x)
      const subnets = s.paths.flatMap((p) => p.slice(1)).map((n) => n.ip.split('.').slice(0, 3).join('.'));
      expect(new Set(subnets).size).toBe(subnets.length);
    }
  });

  it('local devnet ignores the /24 rule', () => {
    const same = snodes.map((n) => ({ ...n, ip: '127.0.0.1' }));
    const r = seededRandom(9);
    const s = withGuards(withSeedPool(emptyOnionState, same, r), same.slice(0, 2));
    expect(buildPaths(s, r).ok).toBe(false);
    expect(buildPaths(s, r, { localDevnet: true }).ok).toBe(true);
  });

  it('picks a path that avoids the target', () => {
    const s = ready();
    const target = s.paths[0]![2]!.pubkeyEd25519;
    for (let i = 0; i < 20; i++)
      expect(keysOf(pickPath(s, seededRandom(i + 1), target)!)).not.toContain(target);
  });

  it('node failures: dropped after 3, replaced in its path by an unused node', () => {
    let s = ready();
    const relay = s.paths[0]![1]!.pubkeyEd25519;
    const r = seededRandom(11);
    s = recordNodeFailure(s, relay, r);
    s = recordNodeFailure(s, relay, r);
    expect(keysOf(s.pool)).toContain(relay);
    s = recordNodeFailure(s, relay, r);
    expect(keysOf(s.pool)).not.toContain(relay);
    expect(s.paths.flatMap(keysOf)).not.toContain(relay);
    expect(s.paths[0]!.length).toBe(3);
    expect(new Set(s.paths.flatMap(keysOf)).size).toBe(6);
  });

  it('path failures: hops +1 each time, path and guard dropped at 3', () => {
    let s = ready();
    const guard = s.paths[0]![0]!.pubkeyEd25519;
    const r = seededRandom(12);
    let out = recordPathFailure(s, guard, r);
    expect(out.rebuild).toBe(false);
    out = recordPathFailure(out.state, guard, r);
    expect(out.state.nodeFailures.get(s.paths[0]![1]!.pubkeyEd25519)).toBe(2);
    out = recordPathFailure(out.state, guard, r);
    expect(out.rebuild).toBe(true);
    s = out.state;
    expect(keysOf(s.guards)).not.toContain(guard);
    expect(keysOf(s.pool)).not.toContain(guard);
    expect(s.paths.some((p) => p[0]!.pubkeyEd25519 === guard)).toBe(false);
  });

  it('a new pool resets counters and forgets vanished nodes', () => {
    let s = ready();
    s = recordNodeFailure(s, s.paths[0]![1]!.pubkeyEd25519, seededRandom(1));
    s = withSwarm(s, '05aa', snodes.slice(10, 15));
    const next = withPool(s, snodes.slice(0, 12));
    expect(next.nodeFailures.size).toBe(0);
    expect(next.swarms.get('05aa')?.length).toBe(2);
  });
});

describe('swarm cache and decisions', () => {
  const pk = `05${'11'.repeat(32)}`;
  it('usable swarm needs 3 members still in the pool; picks random members', () => {
    let s = withSwarm(ready(), pk, snodes.slice(12, 17));
    expect(usableSwarm(s, pk)?.length).toBe(5);
    expect(pickSwarmNodes(s, pk, seededRandom(2), 2).length).toBe(2);
    s = withPool(
      s,
      snodes.filter((n) => !keysOf(snodes.slice(12, 15)).includes(n.pubkeyEd25519)),
    );
    expect(usableSwarm(s, pk)).toBeUndefined();
  });

  it('421 with nodes replaces the swarm; without nodes drops the answering node', () => {
    let s = withSwarm(ready(), pk, snodes.slice(12, 17));
    const target = snodes[12]!.pubkeyEd25519;
    const body = JSON.stringify({
      snodes: snodes.slice(15, 19).map((n) => ({
        ip: n.ip,
        port: String(n.port),
        port_https: n.port,
        pubkey_ed25519: n.pubkeyEd25519,
        pubkey_x25519: n.pubkeyX25519,
      })),
      swarm: 'abc',
    });
    const ctx = { path: s.paths[0]!, target, associatedWith: pk };
    const a = applyPathFailure(s, { kind: 'wrong-swarm', status: 421, body }, ctx, seededRandom(1));
    expect(a.decision).toEqual({ kind: 'retry-new-target' });
    expect(keysOf(a.state.swarms.get(pk)!)).toEqual(keysOf(snodes.slice(15, 19)));
    expect(a.state.nodeFailures.get(target)).toBe(1);
    s = applyDestinationOutcome(s, { kind: 'wrong-swarm', body: { snodes: [] } }, ctx, seededRandom(1)).state;
    expect(keysOf(s.swarms.get(pk)!)).not.toContain(target);
  });

  it('node not found: dropped at once; retry with a new target when it was the target', () => {
    const s = withSwarm(ready(), pk, snodes.slice(12, 17));
    const target: Ed25519Hex = snodes[13]!.pubkeyEd25519;
    const ctx = { path: s.paths[0]!, target, associatedWith: pk };
    const a = applyPathFailure(
      s,
      { kind: 'node-not-found', status: 502, ed25519: target },
      ctx,
      seededRandom(1),
    );
    expect(a.decision).toEqual({ kind: 'retry-new-target' });
    expect(keysOf(a.state.pool)).not.toContain(target);
    expect(keysOf(a.state.swarms.get(pk)!)).not.toContain(target);
    const relay = s.paths[0]![2]!.pubkeyEd25519;
    const b = applyPathFailure(
      s,
      { kind: 'node-not-found', status: 502, ed25519: relay },
      ctx,
      seededRandom(1),
    );
    expect(b.decision).toEqual({ kind: 'retry' });
    expect(b.state.paths[0]!.length).toBe(3);
    expect(dropNode(s, s.paths[0]![0]!.pubkeyEd25519, seededRandom(1)).paths.length).toBe(1);
  });

  it('aborts on clock, 401 and Oxen Server error; target failures count against the target', () => {
    const s = ready();
    const ctx = { path: s.paths[0]!, target: snodes[19]!.pubkeyEd25519 };
    expect(
      applyPathFailure(s, { kind: 'clock-out-of-sync', status: 406 }, ctx, seededRandom(1)).decision.kind,
    ).toBe('abort');
    expect(applyDestinationOutcome(s, { kind: 'unauthorized' }, ctx, seededRandom(1)).decision).toMatchObject(
      { reason: 'unauthorized' },
    );
    expect(
      applyPathFailure(
        s,
        { kind: 'path-failure', status: 500, body: 'Oxen Server error', oxenServerError: true },
        ctx,
        seededRandom(1),
      ).decision,
    ).toMatchObject({ reason: 'oxen-server-error' });
    const t = applyDestinationOutcome(
      s,
      { kind: 'target-failure', status: 500, body: '' },
      ctx,
      seededRandom(1),
    );
    expect(t.decision).toEqual({ kind: 'retry' });
    expect(t.state.nodeFailures.get(ctx.target)).toBe(1);
    const tr = applyTransportFailure(s, ctx, seededRandom(1));
    expect(tr.state.pathFailures.get(s.paths[0]![0]!.pubkeyEd25519)).toBe(1);
  });
});

describe('network time (§6)', () => {
  it('averages the last 10 offsets, ignores implausible t, 0 before any sample', () => {
    let s = emptyNetworkTime;
    expect(networkNow(s, 5000)).toBe(5000);
    s = recordServerTime(s, 1000, 1_700_000_000_000);
    expect(s.offsets.length).toBe(0);
    s = recordServerTime(s, '1700000000000', 1_700_000_000_000);
    expect(s.offsets.length).toBe(0);
    for (let i = 0; i < 12; i++) s = recordServerTime(s, 1_700_000_000_000 - i, 1_700_000_000_000);
    expect(s.offsets).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(networkOffset(s)).toBe(6); // floor(6.5)
    expect(networkNow(s, 1_700_000_000_000)).toBe(1_699_999_999_994);
    s = recordServerTime(emptyNetworkTime, 1_700_000_000_003, 1_700_000_000_000);
    expect(networkOffset(s)).toBe(-3);
  });
});
