/** The two-client metrics: latency at 100 ms polling, CPU per message, catch-up. */
import { reopen, startClient, type Client } from '../lib/client';
import type { BenchContext } from '../lib/context';
import { failed, type Goal, type MetricResult } from '../report';
import { catchUpMetrics } from './catch-up';
import { CPU_FIRST_METRIC, CPU_METRIC, cpuMetric } from './cpu';
import { latencyMetrics } from './latency';

/** Runs one metric; if it fails, its rows say why and the next metric still runs. */
async function attempt(
  ctx: BenchContext,
  run: () => Promise<MetricResult[]>,
  rows: readonly (readonly [string, string, Goal | null])[],
): Promise<MetricResult[]> {
  try {
    return await run();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    ctx.log(`failed: ${why}`);
    return rows.map(([name, unit, goal]) => failed(ctx.mode.name, name, unit, goal, why));
  }
}

export async function pairMetrics(ctx: BenchContext): Promise<MetricResult[]> {
  const clients: Client[] = [];
  try {
    let [alice, bob] = await Promise.all([
      startClient(ctx, 'Alice', { pollIntervalMs: 100 }),
      startClient(ctx, 'Bob', { pollIntervalMs: 100 }),
    ]);
    clients.push(alice, bob);
    await Promise.all([alice, bob].map((c) => c.child.call('awaitPath', { timeoutMs: 30_000 })));
    const results: MetricResult[] = [];
    ctx.log(`latency: ${ctx.mode.latencySamples} messages`);
    results.push(
      ...(await attempt(ctx, () => latencyMetrics(ctx, alice, bob), [
        ['send → shown on the other client at 100 ms polling, p50', 'ms', { op: '<=', value: 150 }],
      ])),
    );
    // Session's own cadence for the CPU figure: polling is not per-message work.
    [alice, bob] = await Promise.all([reopen(ctx, alice), reopen(ctx, bob)]);
    ctx.log(`cpu: ${ctx.mode.cpuMessages} messages`);
    results.push(
      ...(await attempt(ctx, () => cpuMetric(ctx, alice, bob), [
        [CPU_FIRST_METRIC, '×', null],
        [CPU_METRIC, '×', { op: '<=', value: 1.5 }],
      ])),
    );
    await bob.child.stop();
    ctx.log(`catch-up: ${ctx.mode.catchUpMessages} messages`);
    results.push(
      ...(await attempt(ctx, () => catchUpMetrics(ctx, alice, bob), [
        ['catch up queued messages', 's', { op: '<=', value: 2 }],
        ["catch up: longest block on the host's thread", 'ms', { op: '<=', value: 100 }],
        ["catch up: longest block on the core's thread", 'ms', { op: '<=', value: 100 }],
      ])),
    );
    return results;
  } finally {
    await Promise.all(clients.map((c) => c.child.stop()));
  }
}
