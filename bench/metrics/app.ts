/**
 * The metrics of the app process on the seeded profile: cold start, first onion path, opening
 * the big conversation, the core's memory, and idle CPU (Session's 5 s polling).
 */
import type { BenchContext } from '../lib/context';
import type { SeededProfile } from '../lib/seed-profile';
import { median, round, sleep } from '../lib/stats';
import { failed, metric, type MetricResult } from '../report';
import { coldStart, type ColdStartSample, type RunningApp } from './cold-start';
import { openConversationSamples, summary } from './open-conversation';

const MB = 1e6;

function coldStartMetrics(
  ctx: BenchContext,
  profile: SeededProfile,
  samples: ColdStartSample[],
): MetricResult[] {
  const mode = ctx.mode.name;
  const pick = (f: (s: ColdStartSample) => number | null): number =>
    median(samples.map(f).filter((v): v is number => v !== null));
  const breakdown = {
    spawnMs: round(pick((s) => s.spawnMs)),
    moduleLoadMs: round(pick((s) => s.loadMs)),
    coreOpenMs: round(pick((s) => s.openMs)),
    browserHostMs: round(pick((s) => s.hostMs)),
    coreOpenFromNavigateMs: round(pick((s) => s.coreOpenFromNavigateMs)),
    chromiumLaunchMs: round(pick((s) => s.chromiumLaunchMs)),
    newPageMs: round(pick((s) => s.newPageMs)),
    navigationStartMs: round(pick((s) => s.navigationStartMs)),
    pageToInteractiveMs: round(pick((s) => s.pageMs)),
    appCpuUntilInteractiveMs: round(pick((s) => s.appCpuMs)),
  };
  const inPage = {
    responseEnd: round(pick((s) => s.page.responseEnd)),
    scriptsArrived: round(pick((s) => s.page.scriptsArrived)),
    domContentLoaded: round(pick((s) => s.page.domContentLoaded)),
    lastIpcAnswered: round(pick((s) => s.page.lastInvokeEnd)),
    interactive: round(pick((s) => s.page.now)),
    ipcCalls: pick((s) => s.page.invokes),
    longTasks: pick((s) => s.page.longTasks),
    longTaskMs: round(pick((s) => s.page.longTaskMs)),
    scriptKB: round(pick((s) => s.page.scriptBytes) / 1000),
  };
  const paths = samples.map((s) => s.pathFromOpenMs).filter((v): v is number => v !== null);
  return [
    metric(mode, {
      metric: `cold start to usable UI (profile of ${profile.totalMessages} messages)`,
      value: median(samples.map((s) => s.totalMs)) / 1000,
      unit: 's',
      goal: { op: '<=', value: 1.0 },
      method:
        'median of cold starts; from spawning the app process (bundled core + browser host, as the ' +
        'app ships) with Chromium launched at the same moment, until the conversation list is ' +
        'visible and the page answers a requestAnimationFrame; one unmeasured warm-up start first',
      samples: samples.map((s) => s.totalMs / 1000),
      why:
        `median breakdown: Chromium launch ${breakdown.chromiumLaunchMs} ms (in parallel with the ` +
        `process start ${breakdown.spawnMs} ms + module load ${breakdown.moduleLoadMs} ms + host ` +
        `${breakdown.browserHostMs} ms, the core's open going on beside: ${breakdown.coreOpenMs} ms, ` +
        `open ${Math.abs(breakdown.coreOpenFromNavigateMs)} ms ` +
        `${breakdown.coreOpenFromNavigateMs < 0 ? 'before' : 'after'} the page's navigation began), then page → interactive ` +
        `${breakdown.pageToInteractiveMs} ms (browser context and tab made in ${breakdown.newPageMs} ms, ` +
        `navigation started at ${breakdown.navigationStartMs} ms; then from it: scripts arrived at ` +
        `${inPage.scriptsArrived} ms, DOMContentLoaded at ${inPage.domContentLoaded} ms, ` +
        `${inPage.ipcCalls} IPC calls, the last answered at ${inPage.lastIpcAnswered} ms, ` +
        `${inPage.scriptKB} kB of script, ${inPage.longTasks} long tasks of ${inPage.longTaskMs} ms); ` +
        `the app process had used ${breakdown.appCpuUntilInteractiveMs} ms of CPU by then`,
      details: {
        medianBreakdownMs: breakdown,
        medianInPageMsFromNavigation: inPage,
        profile: { messages: profile.totalMessages, conversations: 20 },
      },
    }),
    metric(mode, {
      metric: 'first onion path ready after start',
      value: paths.length > 0 ? median(paths) / 1000 : null,
      unit: 's',
      goal: { op: '<=', value: 1.0 },
      method:
        'median over the cold starts; from WorkerCore.start being called (the worker thread, its ' +
        'modules, VeilCore.open in it) until the network status first lists a path (seed fetch, ' +
        'guard tests, path build on the devnet)',
      why:
        `the core's start itself (worker thread, modules, database) took ${breakdown.coreOpenMs} ms ` +
        'of it (median); the rest is the seed fetch, the guard tests and the path build',
      samples: paths.map((v) => v / 1000),
      details: { fromSpawnMedianMs: round(pick((s) => s.pathFromSpawnMs)) },
    }),
  ];
}

async function openMetric(ctx: BenchContext, app: RunningApp, profile: SeededProfile): Promise<MetricResult> {
  const s = await openConversationSamples(app.page, profile.mainId, profile.lastBody, ctx.mode.openSamples);
  return metric(ctx.mode.name, {
    metric: `open a ${profile.mainCount}-message conversation, to first paint`,
    value: median(s.firstOpenMs),
    unit: 'ms',
    goal: { op: '<=', value: 50 },
    method:
      'median over page reloads; Playwright clicks the conversation; from the click event time to ' +
      'after the paint of the first frame in which the newest message is inside the visible list ' +
      'and the window ' +
      '(rAF check each frame, then a MessageChannel task)',
    samples: s.firstOpenMs,
    why: (() => {
      const d = summary(s);
      return (
        `click → view in the DOM ${round(d.clickToViewInDomMs)} ms, → page of messages answered ` +
        `${round(d.clickToPageOfMessagesAnsweredMs)} ms, → first bubble in the DOM ` +
        `${round(d.clickToFirstBubbleInDomMs)} ms, → painted ${round(d.clickToPaintedMs)} ms over ` +
        `${d.framesMedian} frames (re-open ${round(d.reopenMedianMs)} ms); ${d.rowsMountedMedian} rows ` +
        `mounted, ${d.layoutsMedian} layouts, ${d.styleRecalcsMedian} style recalculations`
      );
    })(),
    details: { ...summary(s), reopenSamplesMs: s.reopenMs.map((v) => round(v, 2)) },
  });
}

async function memoryMetric(
  ctx: BenchContext,
  app: RunningApp,
  profile: SeededProfile,
): Promise<MetricResult> {
  const atStart = await app.child.call('usage', null);
  const paged = await app.child.call('pageAll', { conversationId: profile.mainId });
  await sleep(2_000);
  const after = await app.child.call('usage', null);
  return metric(ctx.mode.name, {
    metric: `RSS of the core with ${profile.totalMessages} messages`,
    value: after.rssBytes / MB,
    unit: 'MB',
    goal: { op: '<=', value: 150 },
    method:
      'process.memoryUsage().rss of the app process (the host, and the core in its worker thread; ' +
      'no renderer) after the ' +
      'cold start, the conversation opens, and reading the whole big conversation through ' +
      'messages.page 100 at a time as the UI does when scrolled to the top; MB = 10^6 bytes',
    why:
      `${round(atStart.rssBytes / MB)} MB right after the start, peak ${round(after.maxRssBytes / MB)} MB; ` +
      "the core's worker thread is a V8 isolate of its own beside the host's (heapUsedMB is the " +
      "host thread's heap only)",
    details: {
      rssAfterStartMB: round(atStart.rssBytes / MB),
      heapUsedMB: round(after.heapUsedBytes / MB),
      peakRssMB: round(after.maxRssBytes / MB),
      pagedMessages: paged.messages,
      pages: paged.pages,
      pageAllMs: round(paged.ms),
    },
  });
}

async function idleMetric(ctx: BenchContext, app: RunningApp): Promise<MetricResult> {
  await app.child.call('awaitPath', { timeoutMs: 30_000 });
  await sleep(3_000);
  const u0 = await app.child.call('usage', null);
  const s0 = await ctx.devnet.call('stats', null);
  const t0 = await app.child.call('tlsConnections', null);
  await sleep(ctx.mode.idleWindowMs);
  const u1 = await app.child.call('usage', null);
  const s1 = await ctx.devnet.call('stats', null);
  const t1 = await app.child.call('tlsConnections', null);
  const wall = u1.at - u0.at;
  return metric(ctx.mode.name, {
    metric: `idle CPU over ${Math.round(wall / 1000)} s between polls`,
    value: ((u1.cpuMs - u0.cpuMs) / wall) * 100,
    unit: '% of a core',
    goal: { op: '<', value: 1 },
    why:
      `${round(u1.cpuMs - u0.cpuMs)} ms of CPU in ${round(wall / 1000)} s (both threads of the app ` +
      `process), ${t1.tls - t0.tls} new TLS connections (the devnet's nodes close a connection ` +
      "idle for 5 s, Session's polling interval)" +
      (ctx.mode.name === 'quick'
        ? '; a quick run overlaps the messaging metrics, which load the devnet and the machine'
        : ''),
    method:
      'process.cpuUsage() (user + system) of the app process over the window, core connected and ' +
      "polling its swarm every 5 s (Session's cadence), browser closed; devnet in another process" +
      (ctx.mode.name === 'quick' ? '; quick run: measured while the messaging metrics run' : ''),
    details: {
      cpuMs: round(u1.cpuMs - u0.cpuMs),
      windowMs: round(wall),
      newTlsConnections: t1.tls - t0.tls,
      // Only this client talks to the devnet then (a quick run overlaps other clients).
      ...(ctx.mode.name === 'full'
        ? {
            // Each request is seen by four nodes (guard, two relays, destination).
            onionRequestsInWindow: (s1.onionRequests - s0.onionRequests) / 4,
            retrievesInWindow: s1.retrieves - s0.retrieves,
          }
        : {}),
    },
  });
}

export interface AppMetrics {
  readonly results: MetricResult[];
  /**
   * Idle CPU. A full run measures it before returning; a quick run lets it run alongside the
   * messaging metrics to stay under a minute (the app process's own CPU is what is counted).
   * Settles once the app process is gone.
   */
  readonly idle: Promise<MetricResult>;
}

/** VEIL_BENCH_COLD_ONLY=N: N cold starts and nothing else of the app group (null: unset). */
function coldOnly(): number | null {
  const n = Number(process.env.VEIL_BENCH_COLD_ONLY);
  return Number.isInteger(n) && n > 0 ? n : null;
}

export async function appMetrics(ctx: BenchContext, profile: SeededProfile): Promise<AppMetrics> {
  ctx.log('app: warm-up start');
  const warm = await coldStart(ctx, profile);
  await warm.close();
  const samples: ColdStartSample[] = [];
  let app: RunningApp | undefined;
  try {
    const starts = coldOnly() ?? ctx.mode.coldStarts;
    for (let i = 0; i < starts; i++) {
      app = await coldStart(ctx, profile);
      samples.push(app.sample);
      ctx.log(`app: cold start ${i + 1}: ${Math.round(app.sample.totalMs)} ms`);
      if (i < starts - 1) {
        await app.close();
        app = undefined;
      }
    }
    if (!app) throw new Error('no cold start ran');
    const results = coldStartMetrics(ctx, profile, samples);
    // VEIL_BENCH_COLD_ONLY: the cold starts alone, to compare two builds in alternated runs.
    if (coldOnly() !== null) {
      const skipped = failed(
        ctx.mode.name,
        'idle CPU between polls',
        '% of a core',
        { op: '<', value: 1 },
        'not run (VEIL_BENCH_COLD_ONLY)',
      );
      return { results, idle: Promise.resolve(skipped) };
    }
    ctx.log('app: opening the big conversation');
    results.push(await openMetric(ctx, app, profile));
    ctx.log('app: memory');
    results.push(await memoryMetric(ctx, app, profile));
    await app.browser.close();
    ctx.log(`app: idle CPU (${ctx.mode.idleWindowMs / 1000} s)`);
    const running = app;
    app = undefined;
    const idle = idleMetric(ctx, running).finally(() => running.close());
    if (ctx.mode.name === 'full') await idle.catch(() => undefined);
    return { results, idle };
  } finally {
    await app?.close();
  }
}
