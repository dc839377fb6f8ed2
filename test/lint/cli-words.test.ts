import { rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import { afterEach, describe, expect, it } from 'vitest';

// The command line's errors, its stdout and stderr lines and its `--help` come from the catalog
// (EN and FR): a literal English sentence in src/main/cli fails lint (eslint.config.js, CLI_SAYS).
// This proves that it bites, that codes compared or passed on to a helper and option names do not,
// and that no file of src/main/cli prints such a sentence today.
const probe = join(process.cwd(), 'src/main/cli/zz-words-probe.ts');
afterEach(() => {
  rmSync(probe, { force: true });
});

const saidLines = (result: ESLint.LintResult | undefined): number[] =>
  (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.line);

async function lintProbe(code: string): Promise<number[]> {
  writeFileSync(probe, code);
  const eslint = new ESLint({ cwd: process.cwd() });
  const [result] = await eslint.lintFiles([probe]);
  return saidLines(result);
}

const HEAD = [
  "import { InvalidArgumentError, Option, type Command } from 'commander';",
  "import { en } from '../../shared/i18n/en';",
  "import { CliError, UsageError, type CliIo } from './context';",
  "import { fillCatalog } from './id-words';",
  'export function probe(io: CliIo, path: string, state: string, ok: boolean, program: Command): void {',
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

  it('fails on a literal sentence on stdout, on the console or in --help', async () => {
    const lines = await lintProbe(
      [
        ...HEAD,
        "  io.out('Write the recovery phrase down');", // 6
        '  io.out(`sent ${path}`);', // 7
        "  io.out(ok ? 'muted until turned back on' : path);", // 8
        "  console.log('done');", // 9
        "  process.stdout.write('listening\\n');", // 10
        "  program.command('x').description('list conversations');", // 11
        "  program.option('--json', 'print one JSON line');", // 12
        "  program.requiredOption('--name <name>', `the group’s ${state}`);", // 13
        "  program.argument('<id>', 'the group’s ID');", // 14
        "  program.addOption(new Option('--off', 'messages no longer disappear'));", // 15
        "  program.version('1.0', '-V, --version', 'print the version');", // 16
        "  program.showHelpAfterError('(run veil --help for usage)');", // 17
        '}',
        '',
      ].join('\n'),
    );
    expect(lines).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
  }, 180_000);

  it('accepts option and command names, JSON and lines without words', async () => {
    const lines = await lintProbe(
      [
        ...HEAD,
        "  program.command('send').option('--json', en.cliHelp.json).option('--wait <seconds>', en.cliHelp.receive.wait);",
        "  program.version('1.0', '-V, --version', en.cliHelp.version).argument('<id>', en.cliHelp.groupId);",
        "  io.out(ok ? JSON.stringify({ kind: 'reaction' }) : `${path}: ${state}`);",
        '  io.out(fillCatalog(en.cliOut.sent, { id: path }));',
        '}',
        '',
      ].join('\n'),
    );
    expect(lines).toEqual([]);
  }, 180_000);

  it('finds no such sentence in any file of src/main/cli', async () => {
    const eslint = new ESLint({ cwd: process.cwd() });
    const results = await eslint.lintFiles(['src/main/cli/**/*.ts']);
    expect(results.length).toBeGreaterThan(20);
    const said = results.flatMap((r) =>
      saidLines(r).map((line) => `${relative(process.cwd(), r.filePath)}:${line}`),
    );
    expect(said).toEqual([]);
  }, 300_000);
});
