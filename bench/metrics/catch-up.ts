/**
 * Catch-up: Bob is offline while Alice sends M messages (all "sent" to his swarm); then Bob's
 * app starts in a new process polling every 100 ms, its core in a worker thread as the app runs
 * it. Time from starting the core until it has announced all M as stored, and the longest block
 * meanwhile on each thread: the host's (where the window's IPC and events are served) and the
 * core's (which must stay responsive to calls), each by a 10 ms interval sampler cross-checked
 * by monitorEventLoopDelay.
 */
import { Child } from '../lib/child';
import type { Client } from '../lib/client';
import type { BenchContext } from '../lib/context';
import { epochNow, type CoreCommands, type LoopStats, type OpenResult } from '../lib/protocol';
import { round } from '../lib/stats';
import { metric, type MetricResult } from '../report';

const BLOCK_GOAL_MS = 100;

/** The longest block of one thread after the core was open, with its breakdown. */
function blockMetric(
  ctx: BenchContext,
  thread: 'host' | 'core',
  loop: LoopStats | null,
  opened: OpenResult,
): MetricResult {
  const name =
    thread === 'host'
      ? "catch up: longest block on the host's thread"
      : "catch up: longest block on the core's thread";
  const goal = { op: '<=', value: BLOCK_GOAL_MS } as const;
  if (loop === null)
    return metric(ctx.mode.name, {
      metric: name,
      value: null,
      unit: 'ms',
      goal,
      method: 'not measured',
      notes: "the core's thread did not report its event loop",
    });
  const afterOpen = loop.blocks.filter((b) => b.endedAt > opened.openedAt);
  const duringOpen = loop.blocks.filter((b) => b.endedAt <= opened.openedAt);
  const longest = afterOpen.reduce((mx, b) => Math.max(mx, b.ms), 0);
  return metric(ctx.mode.name, {
    metric: name,
    value: longest,
    unit: 'ms',
    goal,
    method:
      `longest late tick of a 10 ms interval on ${thread === 'host' ? "the process's main thread (WorkerCore + host)" : "the core's worker thread"}, ` +
      'from the core being open until all messages were stored; blocks under 5 ms are not recorded (0 = none)',
    samples: afterOpen.slice(0, 10).map((b) => b.ms),
    why:
      `${afterOpen.filter((b) => b.ms > BLOCK_GOAL_MS).length} blocks over ${BLOCK_GOAL_MS} ms on this ` +
      'thread; the CPU profile of the process (VEIL_BENCH_CPU_PROF) shows what ran in them',
    details: {
      eventLoopDelayMaxMs: round(loop.maxDelayMs),
      eventLoopDelayP99Ms: round(loop.p99DelayMs),
      longestBlockDuringOpenMs: round(duringOpen.reduce((mx, b) => Math.max(mx, b.ms), 0)),
      blocksOver50Ms: afterOpen.filter((b) => b.ms > 50).length,
      windowMs: round(loop.windowMs),
    },
    notes: 'eventLoopDelayMaxMs covers the whole window, opening the core included',
  });
}

export async function catchUpMetrics(ctx: BenchContext, alice: Client, bob: Client): Promise<MetricResult[]> {
  const m = ctx.mode.catchUpMessages;
  const bodies = Array.from({ length: m }, (_, i) => `cu-${i} tu as vu le message d'hier soir ?`);
  const sent = alice.child.call(
    'awaitCount',
    { prefix: 'cu-', direction: 'out', status: 'sent', count: m, timeoutMs: 900_000 },
    910_000,
  );
  sent.catch(() => undefined); // awaited below
  const t0 = epochNow();
  await alice.child.call('sendMany', { conversationId: bob.sessionId, bodies });
  const s = await sent;
  if (s.reachedAt === null) throw new Error(`only ${s.seen} of ${m} were sent`);
  const sendMs = s.reachedAt - t0;
  ctx.log(`catch-up: ${m} sent in ${Math.round(sendMs)} ms; starting Bob`);

  const child = new Child<CoreCommands>('bob-catch-up', ctx.bundle.coreProcess);
  try {
    await child.call('loopStart', null);
    const stored = child.call(
      'awaitCount',
      { prefix: 'cu-', direction: 'in', count: m, timeoutMs: 300_000 },
      310_000,
    );
    stored.catch(() => undefined); // awaited below
    const opened = await child.call('open', {
      profileDir: bob.profileDir,
      seedUrl: ctx.seedUrl,
      pollIntervalMs: 100,
    });
    const r = await stored;
    const loop = await child.call('loopStop', null);
    const path = await child.call('awaitPath', { timeoutMs: 1_000 });
    if (r.reachedAt === null) throw new Error(`only ${r.seen} of ${m} arrived`);
    const details = {
      queued: m,
      aliceSendMs: round(sendMs),
      aliceMessagesPerSecond: round((m / sendMs) * 1000),
      fromProcessStartMs: round(r.reachedAt - opened.processStart),
      openMs: round(opened.openedAt - opened.openCalledAt),
      pathReadyAfterOpenMs: path.pathReadyAt === null ? null : round(path.pathReadyAt - opened.openCalledAt),
      fromPathReadyMs: path.pathReadyAt === null ? null : round(r.reachedAt - path.pathReadyAt),
    };
    return [
      metric(ctx.mode.name, {
        metric: `catch up ${m} queued messages`,
        value: (r.reachedAt - opened.openCalledAt) / 1000,
        unit: 's',
        goal: { op: '<=', value: 2 },
        method:
          `${m} messages sent to Bob while his app was closed, then his app started in a new process ` +
          '(the core in its worker thread, 100 ms polling); from WorkerCore.start being called until ' +
          'his core has announced all of them as stored (messages.changed)',
        why:
          `core open (worker start, modules, database) ${details.openMs} ms, first path ` +
          `${details.pathReadyAfterOpenMs ?? '?'} ms after, then ${details.fromPathReadyMs ?? '?'} ms ` +
          'to fetch, decrypt and store them all',
        details,
      }),
      blockMetric(ctx, 'host', loop.host, opened),
      blockMetric(ctx, 'core', loop.core, opened),
    ];
  } finally {
    await child.stop();
  }
}
