/**
 * One Veil app process, driven by the bench parent: the core in its worker thread behind
 * WorkerCore, as `veil host` and Electron run it, with the browser host when the app's UI is
 * measured, or as a plain messaging client. With VEIL_BENCH_OPEN set it opens the profile at
 * once, as the app does at launch, and pushes `ready`.
 */
import { WorkerCore } from '../../src/main/core-worker/worker-core';
import { startBrowserHost, type BrowserHost } from '../../src/main/host/browser-host';
import type { AccountStatus } from '../../src/shared/ipc/account';
import type { EventPayload } from '../../src/shared/ipc/contract';
import {
  epochNow,
  type CoreCommands,
  type HostReady,
  type OpenOptions,
  type OpenResult,
} from '../lib/protocol';
import { CORE_LOOP_ENV, coreTlsConnections, stopCoreLoop } from './core-loop';
import { LoopMonitor } from './loop';
import { push, serve } from './serve';
import { MessageWatch } from './watch';

interface Opened {
  readonly core: WorkerCore;
  host: BrowserHost | undefined;
  pathReadyAt: number | null;
  readonly pathWaiters: Set<(at: number) => void>;
}

let current: Opened | undefined;
let loop: LoopMonitor | undefined;
const watch = new MessageWatch();

function need(): Opened {
  if (!current) throw new Error('no core is open');
  return current;
}

/**
 * Opens the profile as the app does: the core's worker starts and, at the same time, the
 * browser host, whose address `onHost` gets at once (the page loads while the core opens; its
 * calls wait for it). Resolves once the core is open and the account read.
 */
async function open(o: OpenOptions, onHost?: (host: HostReady) => void): Promise<OpenResult> {
  if (current) throw new Error('a core is already open');
  const openCalledAt = epochNow();
  const core = WorkerCore.launch({
    profileDir: o.profileDir,
    host: 'browser',
    network: 'devnet',
    networkConfig: {
      seedUrls: [o.seedUrl],
      localDevnet: true,
      ...(o.pollIntervalMs !== undefined ? { pollIntervalMs: o.pollIntervalMs } : {}),
    },
    // VEIL_BENCH_LOG=1: the core's log lines on stderr, to see why a metric stalls.
    ...(process.env.VEIL_BENCH_LOG === '1'
      ? { log: (line: string) => process.stderr.write(`[core ${process.pid}] ${line}\n`) }
      : {}),
  });
  const opened: Opened = { core, host: undefined, pathReadyAt: null, pathWaiters: new Set() };
  current = opened;
  let hostReadyAt: number | null = null;
  if (o.staticDir !== undefined) {
    opened.host = await startBrowserHost({ core, staticDir: o.staticDir });
    hostReadyAt = epochNow();
    onHost?.({ url: opened.host.url, hostReadyAt });
  }
  await core.opened;
  const onPath = (paths: number): void => {
    if (paths === 0 || opened.pathReadyAt !== null) return;
    opened.pathReadyAt = epochNow();
    for (const w of opened.pathWaiters) w(opened.pathReadyAt);
  };
  core.subscribe((name, payload) => {
    if (name === 'network.changed') onPath((payload as EventPayload<'network.changed'>).paths.length);
    watch.onEvent(name, payload);
  });
  const network = await core.dispatch('network.status', {});
  if (network.ok) onPath((network.value as EventPayload<'network.changed'>).paths.length);
  let sessionId: string;
  const account = await core.dispatch('account.status', {});
  if (!account.ok) throw new Error(account.error.message);
  const status = account.value as AccountStatus;
  if (status.state === 'ready') sessionId = status.sessionId;
  else {
    if (o.displayName === undefined) throw new Error(`the profile's account is ${status.state}`);
    const created = await core.dispatch(
      o.phrase !== undefined ? 'account.restore' : 'account.create',
      o.phrase !== undefined
        ? { phrase: o.phrase, displayName: o.displayName }
        : { displayName: o.displayName },
    );
    if (!created.ok) throw new Error(created.error.message);
    sessionId = (created.value as { sessionId: string }).sessionId;
  }
  return {
    sessionId,
    processStart: performance.timeOrigin,
    openCalledAt,
    openedAt: epochNow(),
    hostReadyAt,
    url: opened.host?.url ?? null,
  };
}

function awaitPath(timeoutMs: number): Promise<{ pathReadyAt: number | null }> {
  const o = need();
  if (o.pathReadyAt !== null) return Promise.resolve({ pathReadyAt: o.pathReadyAt });
  return new Promise((resolve) => {
    const done = (at: number | null): void => {
      clearTimeout(timer);
      o.pathWaiters.delete(done);
      resolve({ pathReadyAt: at });
    };
    const timer = setTimeout(() => {
      done(null);
    }, timeoutMs);
    o.pathWaiters.add(done);
  });
}

async function dispatch(name: string, args: unknown): Promise<unknown> {
  const r = await need().core.dispatch(name, args);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

async function pageAll(conversationId: string): Promise<{ messages: number; pages: number; ms: number }> {
  const start = performance.now();
  let before: { shownAt: number; id: string } | null = null;
  let messages = 0;
  let pages = 0;
  for (;;) {
    const page = (await dispatch('messages.page', { conversationId, before, limit: 100 })) as {
      shownAt: number;
      id: string;
    }[];
    pages++;
    messages += page.length;
    const oldest = page[0];
    if (!oldest || page.length < 100) break;
    before = { shownAt: oldest.shownAt, id: oldest.id };
  }
  return { messages, pages, ms: performance.now() - start };
}

async function close(): Promise<null> {
  const o = current;
  current = undefined;
  if (!o) return null;
  await o.host?.close();
  await o.core.close();
  return null;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

serve<CoreCommands>(
  {
    open,
    awaitPath: ({ timeoutMs }) => awaitPath(timeoutMs),
    dispatch: ({ name, args }) => dispatch(name, args),
    sendMany: async ({ conversationId, bodies }) => {
      const sentAt: number[] = [];
      for (const body of bodies) {
        sentAt.push(epochNow());
        await dispatch('messages.send', { conversationId, body });
      }
      return { sentAt };
    },
    watch: (filter) => {
      watch.add(filter, (body, at) => {
        push({ push: 'seen', body, at });
      });
      return null;
    },
    awaitCount: ({ count, timeoutMs, ...filter }) => watch.untilCount(filter, count, timeoutMs),
    tlsConnections: async () => ({ tls: current ? await coreTlsConnections() : 0 }),
    usage: () => {
      const m = process.memoryUsage();
      return {
        at: epochNow(),
        cpuMs: cpuMs(),
        rssBytes: m.rss,
        heapUsedBytes: m.heapUsed,
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
      };
    },
    // Both threads: this one (the host's) at once, the core's from its worker's first moment
    // (the next `open` starts it with the sampler on).
    loopStart: () => {
      loop = new LoopMonitor();
      process.env[CORE_LOOP_ENV] = '1';
      return null;
    },
    loopStop: async () => {
      if (!loop) throw new Error('loopStart first');
      const host = loop.stop();
      loop = undefined;
      process.env[CORE_LOOP_ENV] = '0';
      const core = current ? await stopCoreLoop() : null;
      return { host, core };
    },
    pageAll: ({ conversationId }) => pageAll(conversationId),
    // Instruments of the CPU metrics, loaded when asked: the app process does not load them at
    // its start (libsodium a second time, in the host's thread, would count in its start and RSS).
    bare: async ({ n, payloadBytes, replyBytes }) =>
      (await import('./bare')).bareOperations(n, payloadBytes, replyBytes),
    tls: async ({ url, n }) => (await import('./tls')).tlsCost(url, n),
    close,
  },
  () => {
    void close().finally(() => process.exit(0));
  },
);

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    void close().finally(() => process.exit(0));
  });

const auto = process.env.VEIL_BENCH_OPEN;
if (auto !== undefined) {
  if (process.env.VEIL_BENCH_LOOP === '1') loop = new LoopMonitor();
  open(JSON.parse(auto) as OpenOptions, (value) => {
    push({ push: 'host', value });
  }).then(
    (value) => {
      push({ push: 'ready', value });
    },
    (error: unknown) => {
      push({ push: 'fatal', error: error instanceof Error ? error.message : String(error) });
    },
  );
}
