import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { afterEach, describe, expect, it } from 'vitest';

// The command line's errors and stderr lines come from the catalog (EN and FR): a literal English
// sentence in src/main/cli fails lint (eslint.config.js, CLI_SAYS). This proves that it bites,
// and that codes compared or passed on to a helper do not.
const probe = join(process.cwd(), 'src/main/cli/zz-words-probe.ts');
afterEach(() => {
  rmSync(probe, { force: true });
});

async function lintProbe(code: string): Promise<number[]> {
  writeFileSync(probe, code);
  const eslint = new ESLint({ cwd: process.cwd() });
  const [result] = await eslint.lintFiles([probe]);
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.line);
}

const HEAD = [
  "import { InvalidArgumentError } from 'commander';",
  "import { en } from '../../shared/i18n/en';",
  "import { CliError, UsageError, type CliIo } from './context';",
  "import { fillCatalog } from './id-words';",
  'export function probe(io: CliIo, path: string, state: string, ok: boolean): void {',
];

describe('the CLI says only the catalog’s words', () => {
  it('fails on a literal sentence in an error or on stderr', async () => {
    const lines = await lintProbe(
      [
        ...HEAD,
        '  if (ok) throw new UsageError(`cannot read ${path}`);', // 6
        "  if (ok) throw new CliError('the message was not sent', 1);", // 7
        "  if (ok) throw new InvalidArgumentError('a whole number');", // 8
        "  io.err(ok ? 'still queued' : path);", // 9
        '  io.err(`veil: still queued: ${path}`);', // 10
        '}',
        '',
      ].join('\n'),
    );
    expect(lines).toEqual([6, 7, 8, 9, 10]);
    // The first lint builds the type-checked program: slow on a loaded machine.
  }, 180_000);

  it('accepts the catalog’s words, and codes that are compared or passed on', async () => {
    const lines = await lintProbe(
      [
        ...HEAD,
        '  if (ok) throw new UsageError(fillCatalog(en.cliErrors.cannotRead, { path }));',
        "  if (ok) throw new UsageError(state === 'locked' ? en.cliErrors.profileLocked : en.cliErrors.noAccount);",
        "  io.err(fillCatalog(en.cliErrors.stillQueued, { items: [path, state].join(', ') }));",
        '}',
        '',
      ].join('\n'),
    );
    expect(lines).toEqual([]);
  }, 180_000);
});
