/**
 * Standalone devnet: `npx tsx devnet/cli.ts [--nodes N] [--data DIR] [--exit-with-stdin]`. Prints
 * exactly one JSON line when ready and runs until SIGINT/SIGTERM. With `--exit-with-stdin` it
 * also stops when its stdin closes: the app that launched it (src/main/embedded-devnet) holds
 * the other end, so a crashed app leaves no devnet behind holding the profile's data.
 */
import { parseArgs } from 'node:util';
import { startDevnet } from './index';

/** Resolves when stdin ends: the launching process closed it, or died. */
function stdinClosed(): Promise<void> {
  return new Promise((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
    process.stdin.resume();
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      nodes: { type: 'string' },
      data: { type: 'string' },
      'exit-with-stdin': { type: 'boolean' },
    },
    strict: true,
  });
  const nodes = values.nodes === undefined ? 12 : Number(values.nodes);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 200)
    throw new Error('--nodes must be an integer between 1 and 200');
  // Watched from the start: a launcher that gives up during a slow first start must not leave us.
  const parentGone = values['exit-with-stdin'] === true ? stdinClosed() : undefined;
  const net = await startDevnet({ nodes, ...(values.data !== undefined ? { dataDir: values.data } : {}) });
  process.stdout.write(
    `${JSON.stringify({
      seed: net.seedUrl,
      fileServer: net.fileServer,
      control: net.controlUrl,
      community: { joinUrl: net.community.joinUrl },
    })}\n`,
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void net.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  void parentGone?.then(stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`devnet: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
