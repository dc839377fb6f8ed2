/**
 * A test run leaves nothing in the system's temp folder: it makes its temp files in a folder of
 * its own (test/helpers/temp-root.ts), which its workers and the processes they start use, and
 * which is removed at the end of the run, naming whatever a test left there.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './temp-dir';

const root = join(__dirname, '..', '..');

/** A vitest of its own on test/helpers/fixtures, with TMPDIR at `tmp`: its exit code and output. */
function runFixtures(tmp: string): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = {};
  // Not the variables of this run's worker: the child is a run of its own.
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('VITEST')) env[k] = v;
  env.TMPDIR = tmp;
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const args = [vitest, 'run', '--config', 'test/helpers/fixtures/temp.vitest.config.ts'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, output });
    });
  });
}

describe('the temp folder of a test run', () => {
  it('is a folder of its own, for this worker and for the processes it starts', () => {
    expect(basename(tmpdir())).toMatch(/^veil-test-run-/);
    const child = execFileSync(process.execPath, ['-p', "require('node:os').tmpdir()"], { encoding: 'utf8' });
    expect(child.trim()).toBe(tmpdir());
  });

  it('is removed at the end of the run, which names what a test left there and nothing else', async () => {
    const outer = tempDir('veil-run-check-');
    const run = await runFixtures(outer);
    expect(run.code, run.output).toBe(0);
    // The fixtures use the helpers that once left profiles, CLI folders, databases and devnets
    // behind; only the folder the leaky fixture forgot may be named.
    const named = /Tests left \d+ entries in the temp folder \(removed\): (.*)/.exec(run.output);
    expect(named?.[1]?.split(' '), run.output).toEqual([expect.stringMatching(/^veil-leak-\w{6}$/)]);
    expect(readdirSync(outer)).toEqual([]);
  }, 180_000);
});
