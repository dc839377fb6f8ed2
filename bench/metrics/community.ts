/**
 * Issue #19 item 7's community figures against the devnet's community server: a room of 10 000
 * posts (seeded through the devnet's control API; 2 000 in a quick run) opened by a fresh profile
 * — join (capabilities, room info, the newest page from the server) then the newest page as the
 * window asks it — and the CPU of polling that one room at desktop's 10 s cadence, measured over
 * 60 s (20 s quick) with `process.cpuUsage` of the client's own process
 * (bench/workers/community-process.ts: every thread of it, the onion requests' crypto included;
 * the devnet runs in its own process). Until session 13 the client ran in the bench runner, whose
 * idle heap V8 collected inside the measured 60 s (bench/README.md).
 */
import { FIRST_PAGE } from '../../src/main/communities/community-service';
import { Child } from '../lib/child';
import type { BenchContext } from '../lib/context';
import type { CommunityCommands } from '../lib/protocol';
import { metric, type Goal, type MetricResult } from '../report';

export const COMMUNITY_ROWS: readonly (readonly [string, string, Goal])[] = [
  ['open a room with a 10 000-message backlog, to the newest page', 's', { op: '<=', value: 2 }],
  ['polling one room, idle CPU', '% of a core', { op: '<', value: 1 }],
];

async function control(ctx: BenchContext, path: string, body: unknown): Promise<void> {
  const res = await fetch(new URL(path, ctx.controlUrl), { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`control ${path}: HTTP ${res.status} ${await res.text()}`);
}

export async function communityMetrics(ctx: BenchContext): Promise<MetricResult[]> {
  const posts = ctx.mode.name === 'quick' ? 2_000 : 10_000;
  const idleMs = ctx.mode.name === 'quick' ? 20_000 : 60_000;
  await control(ctx, 'sogs/rooms', { token: 'bench', name: 'Bench', write: true });
  await control(ctx, 'sogs/rooms/bench/seed', { count: posts, text: 'Backlog post' });
  const joinUrl = ctx.communityJoinUrl.replace('/lobby?', '/bench?');
  const child = new Child<CommunityCommands>('community', ctx.bundle.communityProcess);
  try {
    const opened = await child.call(
      'join',
      { dir: ctx.tempDir('community'), seedUrl: ctx.seedUrl, joinUrl },
      120_000,
    );
    if (opened.pagePosts !== FIRST_PAGE) throw new Error(`the newest page had ${opened.pagePosts} posts`);
    await child.call('startPolling', null);
    const cpu0 = await child.call('usage', null);
    const w0 = performance.now();
    await new Promise((r) => setTimeout(r, idleMs));
    const cpu1 = await child.call('usage', null);
    const wall = performance.now() - w0;
    const cpuMs = cpu1.cpuMs - cpu0.cpuMs;
    const cpuPercent = (cpuMs / wall) * 100;
    const [openRow, idleRow] = COMMUNITY_ROWS;
    return [
      metric(ctx.mode.name, {
        metric: openRow?.[0] ?? '?',
        value: opened.openMs / 1000,
        unit: 's',
        goal: openRow?.[2] ?? null,
        method: `a fresh profile (in its own process) joins a room of ${posts} posts through onion requests (capabilities, room, newest 100) and reads its newest page of ${FIRST_PAGE}`,
        details: {
          joinMs: opened.joinMs,
          pageMs: opened.pageMs,
          olderPageMs: opened.olderPageMs,
          olderPosts: opened.olderPosts,
        },
        why: `join ${Math.round(opened.joinMs)} ms (three onion requests and storing the first 100 posts)`,
      }),
      metric(ctx.mode.name, {
        metric: idleRow?.[0] ?? '?',
        value: cpuPercent,
        unit: '% of a core',
        goal: idleRow?.[2] ?? null,
        method: `CPU of the client's process over ${idleMs / 1000} s while one room's server is polled every 10 s (desktop's cadence), nothing new`,
        details: { cpuMs, wallMs: wall },
        why: `${Math.round(cpuMs)} ms of CPU in ${Math.round(wall / 1000)} s (every thread of the client's process)`,
      }),
    ];
  } finally {
    await child.call('close', null).catch(() => null);
    await child.stop();
  }
}
