/**
 * Standalone devnet: `npx tsx devnet/cli.ts [--nodes N] [--data DIR]`. Prints exactly one JSON
 * line when ready and runs until SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { startDevnet } from './index';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { nodes: { type: 'string' }, data: { type: 'string' } },
    strict: true,
  });
  const nodes = values.nodes === undefined ? 12 : Number(values.nodes);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 200)
    throw new Error('--nodes must be an integer between 1 and 200');
  const net = await startDevnet({ nodes, ...(values.data !== undefined ? { dataDir: values.data } : {}) });
  process.stdout.write(
    `${JSON.stringify({ seed: net.seedUrl, fileServer: net.fileServer, control: net.controlUrl })}\n`,
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void net.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`devnet: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
