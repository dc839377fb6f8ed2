/**
 * The community rows' client in a process of its own: a fresh profile that joins one room and
 * then polls it at desktop's cadence. Its CPU is this process's only (`process.cpuUsage`), not
 * the bench runner's, whose heap (vite, tsx, the seeded profile) V8 collects when it goes idle
 * (bench/README.md, session 13).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { identityFromSeed } from '../../src/crypto/keys';
import { sodiumReady } from '../../src/crypto/sodium';
import { CommunityService, FIRST_PAGE } from '../../src/main/communities/community-service';
import { openDatabase, type VeilDatabase } from '../../src/main/db';
import { DomainBus } from '../../src/main/domain/bus';
import { NetworkClient } from '../../src/main/network';
import type { CommunityCommands } from '../lib/protocol';
import { serve } from './serve';

interface Open {
  readonly db: VeilDatabase;
  readonly client: NetworkClient;
  readonly service: CommunityService;
}
let current: Open | undefined;

async function close(): Promise<null> {
  const o = current;
  current = undefined;
  if (!o) return null;
  await o.service.stop();
  await o.client.stop();
  o.db.close();
  return null;
}

serve<CommunityCommands>(
  {
    join: async ({ dir, seedUrl, joinUrl }) => {
      if (current) throw new Error('already joined');
      await sodiumReady();
      const db = openDatabase(join(dir, 'veil.db'), new Uint8Array(randomBytes(32)));
      const identity = identityFromSeed(new Uint8Array(randomBytes(16)));
      const client = new NetworkClient({ network: 'devnet', seedUrls: [seedUrl], localDevnet: true });
      const service = new CommunityService({
        db,
        bus: new DomainBus(),
        network: client,
        identity: () => identity,
        displayName: () => 'Bench',
        dmsEnabled: () => true,
        log: (line) => {
          process.stderr.write(`community: ${line}\n`);
        },
      });
      current = { db, client, service };
      await client.start();
      const deadline = Date.now() + 30_000;
      while (client.status().state !== 'connected' && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      const t0 = performance.now();
      const room = await service.join(joinUrl);
      const joinedAt = performance.now();
      const page = await service.posts(room.id, null, FIRST_PAGE);
      const openMs = performance.now() - t0;
      const pageMs = performance.now() - joinedAt;
      // Scrolling back pages in from the server too (not a goal: shown in the details).
      const s0 = performance.now();
      const older = await service.posts(room.id, page.at(-1)?.id ?? null, FIRST_PAGE * 3);
      return {
        openMs,
        joinMs: joinedAt - t0,
        pageMs,
        pagePosts: page.length,
        olderPageMs: performance.now() - s0,
        olderPosts: older.length,
      };
    },
    startPolling: async () => {
      if (!current) throw new Error('join first');
      current.service.start();
      await current.service.pollNow();
      return null;
    },
    usage: () => {
      const u = process.cpuUsage();
      return { cpuMs: (u.user + u.system) / 1000 };
    },
    close,
  },
  () => {
    void close().finally(() => process.exit(0));
  },
);
