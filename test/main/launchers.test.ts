import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupMembers } from './process-group';

const ROOT = join(__dirname, '..', '..');

/**
 * Runs `npm run <args>` in a process group of its own, waits until it printed `ready`, sends
 * `signal`, and returns what is still running in the group once things settled.
 * SIGTERM and SIGHUP go to npm alone, as a supervisor or `kill PID` sends them: npm passes
 * SIGTERM to its script's shell only, which dies without passing it on, and dies of SIGHUP
 * passing nothing on; without the launcher (scripts/veil.mjs), tsx and the CLI under it kept
 * running. SIGINT goes to the whole group, as Ctrl+C in a terminal sends it (npm's shell waits
 * for its command on a SIGINT of its own: shells leave Ctrl+C to the foreground command).
 */
async function survivorsAfter(args: string[], ready: RegExp, signal: NodeJS.Signals): Promise<string[]> {
  const npm = spawn('npm', ['run', '-s', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    // The host's first line is matched in English: the language is set, not the machine's.
    env: { ...process.env, DISPLAY: '', LC_ALL: 'C.UTF-8' },
    detached: true,
  });
  const pgid = npm.pid ?? 0;
  let out = '';
  npm.stdout.on('data', (d: Buffer) => (out += d.toString()));
  npm.stderr.on('data', (d: Buffer) => (out += d.toString()));
  try {
    await expect.poll(() => ready.test(out), { timeout: 90_000, interval: 250 }).toBe(true);
    // The command itself (tsx's node child) is running under npm.
    expect(groupMembers(pgid).some((p) => p.includes('src/main/cli/main.ts'))).toBe(true);
    if (signal === 'SIGINT') process.kill(-pgid, signal);
    else npm.kill(signal);
    await expect.poll(() => groupMembers(pgid), { timeout: 30_000, interval: 250 }).toEqual([]);
    return groupMembers(pgid);
  } finally {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // All gone, as they should be.
    }
  }
}

describe.runIf(process.platform === 'linux')('npm run devnet / veil host stopped by a signal to npm', () => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const)
    it(`${signal}: npm run devnet leaves nothing running`, async () => {
      expect(await survivorsAfter(['devnet', '--', '--nodes', '3'], /"seed":"http/, signal)).toEqual([]);
    }, 150_000);

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const)
    it(`${signal}: npm run veil -- host leaves nothing running (nor its embedded devnet)`, async () => {
      // The host serves the built app (npm test builds it first).
      expect(existsSync(join(ROOT, 'dist', 'renderer', 'index.html')), 'run `npm run build` first').toBe(
        true,
      );
      const profile = mkdtempSync(join(tmpdir(), 'veil-launcher-'));
      try {
        expect(
          await survivorsAfter(
            ['veil', '--', '--profile', profile, 'host', '--no-open'],
            /Veil is running at http/,
            signal,
          ),
        ).toEqual([]);
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    }, 150_000);
});
