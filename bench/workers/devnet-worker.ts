/** The embedded devnet in its own process, so its CPU never counts against a client's. */
import { startDevnet } from '../../devnet/index';
import type { DevnetCommands } from '../lib/protocol';
import { push, serve } from './serve';

interface NodeStats {
  readonly onion?: number;
  readonly storageRpc?: number;
  readonly retrieves?: number;
}

function sum(nodes: readonly NodeStats[], key: keyof NodeStats): number {
  return nodes.reduce((total, n) => total + (n[key] ?? 0), 0);
}

async function main(): Promise<void> {
  const dataDir = process.env.VEIL_BENCH_DEVNET_DATA;
  const devnet = await startDevnet({
    nodes: Number(process.env.VEIL_BENCH_NODES ?? '12'),
    // The bench's folder, which the bench removes (a temporary one otherwise, removed on stop).
    ...(dataDir === undefined ? {} : { dataDir }),
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= devnet.stop());
  serve<DevnetCommands>(
    {
      stats: () => {
        const stats = devnet.stats() as { nodes?: NodeStats[]; swarms?: Record<string, { owners?: number }> };
        const nodes = stats.nodes ?? [];
        return {
          owners: Object.values(stats.swarms ?? {}).reduce((total, s) => total + (s.owners ?? 0), 0),
          onionRequests: sum(nodes, 'onion'),
          storageRpc: sum(nodes, 'storageRpc'),
          retrieves: sum(nodes, 'retrieves'),
        };
      },
      stop: async () => {
        await stop();
        return null;
      },
    },
    () => {
      void stop().finally(() => process.exit(0));
    },
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      void stop().finally(() => process.exit(0));
    });
  push({
    push: 'ready',
    value: {
      seedUrl: devnet.seedUrl,
      nodeUrls: devnet.nodes().map((n) => n.url),
      controlUrl: devnet.controlUrl,
      communityJoinUrl: devnet.community.joinUrl,
    },
  });
}

main().catch((error: unknown) => {
  push({ push: 'fatal', error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
