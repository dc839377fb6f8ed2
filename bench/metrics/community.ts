/**
 * Issue #19 item 7's community figures, in this process against the devnet's community server:
 * a room of 10 000 posts (seeded through the devnet's control API; 2 000 in a quick run) opened
 * by a fresh profile — join (capabilities, room info, the newest page from the server) then the
 * newest page as the window asks it — and the CPU of polling that one room at desktop's 10 s
 * cadence, measured over 60 s (20 s quick) with `process.cpuUsage` (every thread of this process:
 * the onion requests' crypto included; the devnet runs in its own process).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { identityFromSeed } from '../../src/crypto/keys';
import { sodiumReady } from '../../src/crypto/sodium';
import { CommunityService, FIRST_PAGE } from '../../src/main/communities/community-service';
import { openDatabase } from '../../src/main/db';
import { DomainBus } from '../../src/main/domain/bus';
import { NetworkClient } from '../../src/main/network';
import type { BenchContext } from '../lib/context';
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
  await sodiumReady();
  const posts = ctx.mode.name === 'quick' ? 2_000 : 10_000;
  const idleMs = ctx.mode.name === 'quick' ? 20_000 : 60_000;
  await control(ctx, 'sogs/rooms', { token: 'bench', name: 'Bench', write: true });
  await control(ctx, 'sogs/rooms/bench/seed', { count: posts, text: 'Backlog post' });
  const url = ctx.communityJoinUrl.replace('/lobby?', '/bench?');
  const dir = ctx.tempDir('community');
  const db = openDatabase(join(dir, 'veil.db'), new Uint8Array(randomBytes(32)));
  const identity = identityFromSeed(new Uint8Array(randomBytes(16)));
  const client = new NetworkClient({ network: 'devnet', seedUrls: [ctx.seedUrl], localDevnet: true });
  const service = new CommunityService({
    db,
    bus: new DomainBus(),
    network: client,
    identity: () => identity,
    displayName: () => 'Bench',
    dmsEnabled: () => true,
    log: (line) => {
      ctx.log(`community: ${line}`);
    },
  });
  try {
    await client.start();
    const deadline = Date.now() + 30_000;
    while (client.status().state !== 'connected' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const t0 = performance.now();
    const room = await service.join(url);
    const joinedAt = performance.now();
    const page = await service.posts(room.id, null, FIRST_PAGE);
    const openMs = performance.now() - t0;
    if (page.length !== FIRST_PAGE) throw new Error(`the newest page had ${page.length} posts`);
    // Scrolling back pages in from the server too (not a goal: shown in the details).
    const s0 = performance.now();
    const older = await service.posts(room.id, page.at(-1)?.id ?? null, FIRST_PAGE * 3);
    const olderMs = performance.now() - s0;

    service.start();
    await service.pollNow();
    const cpu0 = process.cpuUsage();
    const w0 = performance.now();
    await new Promise((r) => setTimeout(r, idleMs));
    const d = process.cpuUsage(cpu0);
    const wall = performance.now() - w0;
    const cpuPercent = ((d.user + d.system) / 1000 / wall) * 100;
    const [openRow, idleRow] = COMMUNITY_ROWS;
    return [
      metric(ctx.mode.name, {
        metric: openRow?.[0] ?? '?',
        value: openMs / 1000,
        unit: 's',
        goal: openRow?.[2] ?? null,
        method: `a fresh profile joins a room of ${posts} posts through onion requests (capabilities, room, newest 100) and reads its newest page of ${FIRST_PAGE}`,
        details: {
          joinMs: joinedAt - t0,
          pageMs: performance.now() - joinedAt,
          olderPageMs: olderMs,
          olderPosts: older.length,
        },
        why: `join ${Math.round(joinedAt - t0)} ms (three onion requests and storing the first 100 posts)`,
      }),
      metric(ctx.mode.name, {
        metric: idleRow?.[0] ?? '?',
        value: cpuPercent,
        unit: '% of a core',
        goal: idleRow?.[2] ?? null,
        method: `CPU of this process over ${idleMs / 1000} s while one room's server is polled every 10 s (desktop's cadence), nothing new`,
        details: { cpuMs: (d.user + d.system) / 1000, wallMs: wall },
      }),
    ];
  } finally {
    await service.stop();
    await client.stop();
    db.close();
  }
}
