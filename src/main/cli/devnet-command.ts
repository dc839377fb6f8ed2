import { InvalidArgumentError, type Command } from 'commander';
import { startDevnet } from '../../../devnet/index';
import type { CliIo } from './context';
import type { Catalog } from '../../shared/i18n';

function parseNodeCount(words: Catalog, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 200) throw new InvalidArgumentError(words.cliErrors.nodeCount);
  return n;
}

/** `veil devnet`: a local Session network on loopback until SIGINT/SIGTERM (also `npm run devnet`). */
export function registerDevnetCommand(program: Command, io: CliIo): void {
  program
    .command('devnet')
    .description(io.words.cliHelp.devnet.description)
    .option(
      '--nodes <n>',
      io.words.cliHelp.devnet.nodes,
      (value: string) => parseNodeCount(io.words, value),
      12,
    )
    .option('--data <dir>', io.words.cliHelp.devnet.data)
    .action(async (opts: { nodes: number; data?: string }) => {
      const net = await startDevnet({
        nodes: opts.nodes,
        ...(opts.data !== undefined ? { dataDir: opts.data } : {}),
      });
      io.out(
        JSON.stringify({
          seed: net.seedUrl,
          fileServer: net.fileServer,
          control: net.controlUrl,
          community: { joinUrl: net.community.joinUrl },
        }),
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await net.stop();
    });
}
