/**
 * How to start devnet/cli.ts as a process of its own. The devnet lives beside the app's sources
 * in the repository and is never built into the app: `npm start`, the browser host and the CLI
 * all run from a checkout, so its TypeScript runs through tsx (a development dependency).
 * Packages hold neither devnet/ nor tsx, and the packaged app refuses `--network devnet` before
 * getting here (electron/main.ts).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface DevnetCommand {
  readonly executable: string;
  readonly args: readonly string[];
  /** The repository root: the child's working directory. */
  readonly cwd: string;
}

const CLI = join('devnet', 'cli.ts');

/**
 * The checkout holding this module. Walking up works both from the sources
 * (src/main/embedded-devnet/) and from the Electron bundle (dist/electron/main.mjs).
 */
export function findCheckoutRoot(fromFile: string): string | undefined {
  let dir = dirname(fromFile);
  for (;;) {
    if (existsSync(join(dir, CLI)) && existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * `<this runtime> --import tsx devnet/cli.ts …`. The same executable as ours: plain Node for the
 * CLI and the browser host, Electron in Node mode (ELECTRON_RUN_AS_NODE, set by the spawner) for
 * `npm start`, so native modules such as SQLite load with the ABI they were built for.
 */
export function devnetCommand(
  cliArgs: readonly string[],
  moduleUrl: string = import.meta.url,
): DevnetCommand {
  const root = findCheckoutRoot(fileURLToPath(moduleUrl));
  if (root === undefined)
    throw new Error('the local devnet is not part of this installation (it runs from a Veil checkout)');
  // tsx's package exports its ESM loader as the bare `tsx` specifier.
  const loader = createRequire(join(root, 'package.json')).resolve('tsx');
  return {
    executable: process.execPath,
    args: ['--import', pathToFileURL(loader).href, join(root, CLI), ...cliArgs],
    cwd: root,
  };
}
