/**
 * Cold start: from spawning the app process (the bundled core + browser host, opening the
 * seeded profile) and, at the same moment, launching Chromium — as Electron starts its main
 * process and its window — until the shell shows the conversation list and answers a frame.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../../test/e2e/harness';
import { Child } from '../lib/child';
import type { BenchContext } from '../lib/context';
import { epochNow, type CoreCommands, type OpenResult } from '../lib/protocol';
import type { SeededProfile } from '../lib/seed-profile';

export interface ColdStartSample {
  readonly totalMs: number;
  /** Spawn → process start (the child's performance.timeOrigin). */
  readonly spawnMs: number;
  /** Process start → VeilCore.open called (module loading). */
  readonly loadMs: number;
  /** The core's worker: its modules, VeilCore.open (libsodium, account, database, network start). */
  readonly openMs: number;
  /** The browser host's start, from the same moment as the core's open (they run side by side). */
  readonly hostMs: number;
  /** When the core was open, from the page's navigation (negative: before it). */
  readonly coreOpenFromNavigateMs: number;
  readonly chromiumLaunchMs: number;
  /** From the page's navigation being asked for to the browser context and tab being made. */
  readonly newPageMs: number;
  /** From the page's navigation being asked for to the navigation's start in the tab (its time origin). */
  readonly navigationStartMs: number;
  /** Page navigation → conversation list visible and a frame answered. */
  readonly pageMs: number;
  /**
   * CPU (user + system, both threads) the app process had used when the page became
   * interactive: what its start took from the cores Chromium shares with it.
   */
  readonly appCpuMs: number;
  /** First onion path ready, from VeilCore.open being called. */
  readonly pathFromOpenMs: number | null;
  readonly pathFromSpawnMs: number | null;
  /** Inside the page, ms from navigation start. */
  readonly page: PageBreakdown;
}

export interface PageBreakdown {
  readonly responseEnd: number;
  readonly domContentLoaded: number;
  readonly scriptBytes: number;
  /** When the last script loaded so far had arrived. */
  readonly scriptsArrived: number;
  /** IPC calls made until now, and when the last one ended. */
  readonly invokes: number;
  readonly lastInvokeEnd: number;
  readonly longTasks: number;
  readonly longTaskMs: number;
  readonly now: number;
}

/** Runs in the page once the list is interactive. */
function pageBreakdown(): PageBreakdown {
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
  const invokes = resources.filter((e) => e.name.includes('/api/invoke'));
  const scripts = resources.filter((e) => e.initiatorType === 'script');
  const tasks = (globalThis as unknown as { benchLongTasks?: [number, number][] }).benchLongTasks ?? [];
  return {
    responseEnd: nav?.responseEnd ?? 0,
    domContentLoaded: nav?.domContentLoadedEventEnd ?? 0,
    scriptBytes: scripts.reduce((n, e) => n + e.decodedBodySize, 0),
    scriptsArrived: scripts.reduce((m, e) => Math.max(m, e.responseEnd), 0),
    invokes: invokes.length,
    lastInvokeEnd: invokes.reduce((m, e) => Math.max(m, e.responseEnd), 0),
    longTasks: tasks.length,
    longTaskMs: tasks.reduce((t, [, d]) => t + d, 0),
    now: performance.now(),
  };
}

export interface RunningApp {
  readonly child: Child<CoreCommands>;
  readonly browser: Browser;
  readonly page: Page;
  readonly opened: OpenResult;
  readonly sample: ColdStartSample;
  close(): Promise<void>;
}

/** Starts the app on `profile` and measures how long until its UI is usable. */
export async function coldStart(ctx: BenchContext, profile: SeededProfile): Promise<RunningApp> {
  const t0 = epochNow();
  const child = new Child<CoreCommands>('app', ctx.bundle.coreProcess, {
    VEIL_BENCH_OPEN: JSON.stringify({
      profileDir: profile.dir,
      seedUrl: ctx.seedUrl,
      staticDir: ctx.staticDir,
    }),
  });
  const launching = launchChromium().then((b) => ({ b, at: epochNow() }));
  try {
    // As the app does: the page loads while the core opens (its calls wait for the core).
    const { url, hostReadyAt } = await child.host;
    const launched = await launching;
    const navigateAt = epochNow();
    const context = await launched.b.newContext({
      locale: 'en-US',
      viewport: { width: 1200, height: 760 },
      deviceScaleFactor: 1,
    });
    // tsx compiles this file with esbuild's keepNames: functions passed to page.evaluate call
    // its `__name` helper, which the page must have. Long tasks are kept for the breakdown.
    await context.addInitScript({
      content:
        'globalThis.__name ??= (f) => f; globalThis.benchLongTasks = [];' +
        'new PerformanceObserver((l) => { for (const e of l.getEntries()) ' +
        'globalThis.benchLongTasks.push([e.startTime, e.duration]); }).observe({ type: "longtask", buffered: true });',
    });
    const page = await context.newPage();
    const pageMadeAt = epochNow();
    // VEIL_BENCH_CPU_PROF: the page's own CPU profile too (its long tasks), beside the children's.
    const profDir = process.env.VEIL_BENCH_CPU_PROF;
    let cdp: CDPSession | undefined;
    if (profDir !== undefined) {
      cdp = await context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    await page.goto(url);
    await page.getByTestId(`conversation-${profile.mainId}`).waitFor({ state: 'visible', timeout: 30_000 });
    // Interactive: the main thread is free to run a frame after the list rendered.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          requestAnimationFrame(() => {
            setTimeout(resolve, 0);
          });
        }),
    );
    const t1 = epochNow();
    // Asked at once: the app's CPU until the page was interactive (its core keeps working after).
    const usage = await child.call('usage', null);
    if (cdp && profDir !== undefined) {
      const { profile: cpu } = await cdp.send('Profiler.stop');
      mkdirSync(profDir, { recursive: true });
      writeFileSync(join(profDir, `page-${Math.round(t0)}.cpuprofile`), JSON.stringify(cpu));
      await cdp.detach();
    }
    const pageTimes = await page.evaluate(pageBreakdown);
    const navigationOrigin = await page.evaluate(() => performance.timeOrigin);
    const opened = (await child.ready) as OpenResult;
    const path = await child.call('awaitPath', { timeoutMs: 30_000 });
    const sample: ColdStartSample = {
      totalMs: t1 - t0,
      spawnMs: opened.processStart - t0,
      loadMs: opened.openCalledAt - opened.processStart,
      openMs: opened.openedAt - opened.openCalledAt,
      hostMs: hostReadyAt - opened.openCalledAt,
      coreOpenFromNavigateMs: opened.openedAt - navigateAt,
      chromiumLaunchMs: launched.at - t0,
      newPageMs: pageMadeAt - navigateAt,
      navigationStartMs: navigationOrigin - navigateAt,
      pageMs: t1 - Math.max(navigateAt, launched.at),
      appCpuMs: usage.cpuMs,
      pathFromOpenMs: path.pathReadyAt === null ? null : path.pathReadyAt - opened.openCalledAt,
      pathFromSpawnMs: path.pathReadyAt === null ? null : path.pathReadyAt - t0,
      page: pageTimes,
    };
    const b = launched.b;
    return {
      child,
      browser: b,
      page,
      opened,
      sample,
      close: async () => {
        await b.close();
        await child.stop();
      },
    };
  } catch (error) {
    await launching.then(({ b }) => b.close()).catch(() => undefined);
    await child.stop();
    throw error;
  }
}
