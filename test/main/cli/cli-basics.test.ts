import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli/main';
import type { CliIo } from '../../../src/main/cli/context';
import pkg from '../../../package.json';
import { en } from '../../../src/shared/i18n/en';

function capture(): CliIo & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return {
    outLines,
    errLines,
    out: (l) => outLines.push(l),
    err: (l) => errLines.push(l),
    readStdin: () => Promise.resolve(''),
    words: en,
  };
}

describe('veil command line', () => {
  it('prints its version', async () => {
    const io = capture();
    expect(await runCli(['--version'], io)).toBe(0);
    expect(io.outLines).toEqual([pkg.version]);
  });

  it('prints help naming the global options and the commands', async () => {
    const io = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    const help = io.outLines.join('\n');
    expect(help).toContain('--profile <dir>');
    expect(help).toContain('--network <name>');
    expect(help).toContain('host');
  });

  it('rejects a bad --network with status 2 and a message', async () => {
    const io = capture();
    expect(await runCli(['--network', 'ftp://x', 'host'], io)).toBe(2);
    expect(io.errLines.join('\n')).toContain('use devnet, mainnet or a seed URL');
  });

  it('rejects an unknown command with status 2', async () => {
    const io = capture();
    expect(await runCli(['frobnicate'], io)).toBe(2);
  });

  // Two `npm run` + tsx start-ups, side by side and without blocking the worker: they took over
  // 45 s on a loaded machine (load 25), past the 30 s a unit test gets by default.
  it('runs as `npm run -s veil -- --version` with exactly one line on stdout', async () => {
    const npmVeil = (args: string[]) =>
      new Promise<{ code: number; out: string }>((resolve) => {
        execFile('npm', ['run', '-s', 'veil', '--', ...args], { encoding: 'utf8' }, (error, stdout) => {
          resolve({
            code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1,
            out: stdout,
          });
        });
      });
    const [version, bad] = await Promise.all([npmVeil(['--version']), npmVeil(['frobnicate'])]);
    expect(version).toEqual({ code: 0, out: `${pkg.version}\n` });
    expect(bad.code).toBe(2);
  }, 120_000);
});
