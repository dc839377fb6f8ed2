/**
 * `npm run bench [-- --quick]`: issue 9's performance figures against an embedded devnet.
 * Prints a table and writes bench/results.json. Every child process, browser and temporary
 * folder is gone when it returns, whatever happened.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkers, type Bundle } from './lib/bundle';
import { Child, killAllChildrenNow, stopAllChildren } from './lib/child';
import { makeTempDir, removeTempDirs, type BenchContext } from './lib/context';
import { FULL, QUICK } from './lib/mode';
import type { DevnetCommands, DevnetReady } from './lib/protocol';
import { seedProfile } from './lib/seed-profile';
import { appMetrics } from './metrics/app';
import { ATTACHMENT_ROWS, attachmentMetrics } from './metrics/attachments';
import { COMMUNITY_ROWS, communityMetrics } from './metrics/community';
import { GROUP_ROWS, groupMetrics } from './metrics/groups';
import { CPU_FIRST_METRIC, CPU_METRIC } from './metrics/cpu';
import { pairMetrics } from './metrics/pair';
import { failed, table, writeResults, type Goal, type MetricResult } from './report';

const root = fileURLToPath(new URL('..', import.meta.url));
const mode = process.argv.includes('--quick') ? QUICK : FULL;
/**
 * `--only=app,messaging,attachments,communities,groups`: the named groups only (to profile one of them); the table
 * then lists only those rows. The default, every group, is the one run whose table counts.
 */
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : null;
const selected = (name: string): boolean => only === null || only.has(name);
/** The `--only` name of each group; the idle figure is taken by the app group's process. */
const GROUP_KEYS: Readonly<Record<string, string>> = {
  'app metrics': 'app',
  'idle CPU': 'app',
  'messaging metrics': 'messaging',
  'attachment metrics': 'attachments',
  'community metrics': 'communities',
  'private group metrics': 'groups',
};
const started = performance.now();

function log(line: string): void {
  console.error(`[bench ${((performance.now() - started) / 1000).toFixed(1)}s] ${line}`);
}

/**
 * Builds the renderer every time (a stale bundle would measure yesterday's code), with the app's
 * own vite config (the same production bundle), into a temporary folder of this run: building
 * `dist/renderer` in place broke an e2e run serving it at the same moment.
 */
function ensureRenderer(): string {
  const dir = makeTempDir('renderer');
  log(`building the renderer into ${dir} (vite build)`);
  const r = spawnSync('npx', ['vite', 'build', '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('the build failed');
  return dir;
}

/** Runs a group of metrics; a group that fails yields its metrics as "not measured". */
async function group(
  name: string,
  run: () => Promise<MetricResult[]>,
  fallback: readonly (readonly [string, string, Goal | null])[],
): Promise<MetricResult[]> {
  if (!selected(GROUP_KEYS[name] ?? name)) return [];
  try {
    return await run();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    log(`${name} failed: ${why}`);
    return fallback.map(([metricName, unit, goal]) => failed(mode.name, metricName, unit, goal, why));
  }
}

let bundle: Bundle | undefined;

async function main(): Promise<void> {
  log(`mode: ${mode.name}`);
  let idle: Promise<MetricResult> = Promise.reject(new Error('the app did not start'));
  idle.catch(() => undefined);
  try {
    const staticDir = ensureRenderer();
    bundle = await bundleWorkers(root);
    // The devnet's data in a folder of this run: removed even when its process is killed
    // before it could remove a folder of its own.
    const devnet = new Child<DevnetCommands>('devnet', bundle.devnetWorker, {
      VEIL_BENCH_DEVNET_DATA: makeTempDir('devnet'),
    });
    const [ready, profile] = await Promise.all([
      devnet.ready as Promise<DevnetReady>,
      seedProfile(mode.profileMessages),
    ]);
    log(
      `devnet at ${ready.seedUrl}; profile of ${profile.totalMessages} messages in ${Math.round(profile.ms)} ms`,
    );
    const ctx: BenchContext = {
      root,
      mode,
      bundle,
      devnet,
      seedUrl: ready.seedUrl,
      nodeUrls: ready.nodeUrls,
      controlUrl: ready.controlUrl,
      communityJoinUrl: ready.communityJoinUrl,
      staticDir,
      tempDir: makeTempDir,
      log,
    };
    const app = await group(
      'app metrics',
      async () => {
        const a = await appMetrics(ctx, profile);
        idle = a.idle;
        return a.results;
      },
      [
        ['cold start to usable UI', 's', { op: '<=', value: 1 }],
        ['first onion path ready after start', 's', { op: '<=', value: 1 }],
        ['open a conversation, to first paint', 'ms', { op: '<=', value: 50 }],
        ['RSS of the core', 'MB', { op: '<=', value: 150 }],
      ],
    );
    const messaging = await group('messaging metrics', () => pairMetrics(ctx), [
      ['send → shown on the other client at 100 ms polling, p50', 'ms', { op: '<=', value: 150 }],
      [CPU_FIRST_METRIC, '×', null],
      [CPU_METRIC, '×', { op: '<=', value: 1.5 }],
      ['catch up queued messages', 's', { op: '<=', value: 2 }],
      ["catch up: longest block on the host's thread", 'ms', { op: '<=', value: 100 }],
      ["catch up: longest block on the core's thread", 'ms', { op: '<=', value: 100 }],
    ]);
    const idleResult = await group('idle CPU', async () => [await idle], [
      ['idle CPU between polls', '% of a core', { op: '<', value: 1 }],
    ]);
    const attachments = await group('attachment metrics', () => attachmentMetrics(ctx), ATTACHMENT_ROWS);
    const communities = await group('community metrics', () => communityMetrics(ctx), COMMUNITY_ROWS);
    const groups = await group('private group metrics', () => groupMetrics(ctx), GROUP_ROWS);
    const results = [...app, ...idleResult, ...messaging, ...attachments, ...communities, ...groups];
    const out = join(root, 'bench', 'results.json');
    // A partial run must not replace the figures of a whole one.
    if (only === null) writeResults(out, results);
    console.log(
      `\nVeil bench (${mode.name === 'quick' ? 'QUICK run: small sizes, indicative only' : 'full run'})\n`,
    );
    console.log(table(results));
    console.log(
      `\n${results.filter((r) => r.met === false).length} goal(s) missed` +
        (only === null ? `; details in ${out}` : ' (partial run: results.json left as it was)'),
    );
    log('done');
  } finally {
    await stopAllChildren();
    bundle?.remove();
    removeTempDirs();
  }
}

/** Interrupted or crashed: children get a moment to close their cores and devnet, then die. */
let exiting = false;

function hardExit(code: number): void {
  if (exiting) return;
  exiting = true;
  const grace = new Promise((resolve) => setTimeout(resolve, 3_000));
  void Promise.race([stopAllChildren(), grace]).finally(() => {
    killAllChildrenNow();
    bundle?.remove();
    removeTempDirs();
    process.exit(code);
  });
}

process.on('unhandledRejection', (error) => {
  console.error(error);
  hardExit(1);
});
process.on('SIGINT', () => {
  hardExit(130);
});
process.on('SIGTERM', () => {
  hardExit(143);
});

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    hardExit(1);
  },
);
