import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupMembers } from './process-group';

/** Resolves with the address `npm start` prints (token included: that is the user's terminal). */
function printedUrl(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no address printed:\n${output()}`));
    }, 90_000);
    child.stdout?.on('data', () => {
      const match = /Veil is running at (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64})/.exec(output());
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => {
      reject(new Error(`exited with ${code}:\n${output()}`));
    });
  });
}

/** One API call with the token, as the app makes when it loads. */
function invoke(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ name: 'app.info', args: {} });
    request(
      new URL('/api/invoke', url),
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    )
      .on('error', reject)
      .end(body);
  });
}

/** Every process's command line and (where we may read it) environment holding `secret`. */
function processesHolding(secret: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    for (const part of ['cmdline', 'environ']) {
      try {
        if (readFileSync(`/proc/${pid}/${part}`).includes(secret)) found.push(`${pid}/${part}`);
      } catch {
        // Gone, or another user's environment: not readable by us, nor by them.
      }
    }
  }
  return found;
}

/** `npm start` on a machine without an Electron binary: the browser host, saying so. */
describe('npm start', () => {
  it('falls back to the browser host, says why, prints the address and serves the app', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'veil-start-'));
    const child = spawn(process.execPath, ['scripts/start.mjs', '--no-open', '--profile', profile], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DISPLAY: '' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const url = await printedUrl(child, () => out);
      expect(out).toMatch(/Veil runs in browser mode: .+\./);
      const page = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        request(new URL(url), (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body });
          });
        })
          .on('error', reject)
          .end();
      });
      expect(page.status).toBe(200);
      expect(page.body).toContain('<div id="root">');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(profile, { recursive: true, force: true });
    }
  }, 120_000);

  it.runIf(process.platform === 'linux')(
    'opens the browser through a private page: the token is in no process’s arguments or environment',
    async () => {
      const profile = mkdtempSync(join(tmpdir(), 'veil-start-'));
      // A stand-in for xdg-open, found first on PATH: it records what any local user could see
      // of it (its arguments, its environment) and what it was given to open.
      const fake = mkdtempSync(join(tmpdir(), 'veil-opener-'));
      const log = join(fake, 'log');
      writeFileSync(
        join(fake, 'xdg-open'),
        [
          '#!/bin/sh',
          `log='${log}'`,
          'mkdir "$log.tmp"',
          'printf "%s\\n" "$@" > "$log.tmp/argv"',
          'cat /proc/$$/environ > "$log.tmp/environ"',
          'stat -c %a "$1" > "$log.tmp/mode"',
          'stat -c %a "$(dirname "$1")" > "$log.tmp/dirmode"',
          'cat "$1" > "$log.tmp/page"',
          'mv "$log.tmp" "$log"',
          '',
        ].join('\n'),
        { mode: 0o755 },
      );
      const child = spawn(process.execPath, ['scripts/start.mjs', '--profile', profile], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, DISPLAY: '', PATH: `${fake}:${process.env.PATH ?? ''}` },
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      try {
        const url = await printedUrl(child, () => out);
        const token = /#token=([0-9a-f]{64})$/.exec(url)?.[1] ?? '';
        await expect.poll(() => existsSync(log), { timeout: 30_000 }).toBe(true);
        const argv = readFileSync(join(log, 'argv'), 'utf8').trim().split('\n');
        expect(argv).toHaveLength(1);
        const page = argv[0] ?? '';
        expect(readFileSync(join(log, 'argv'), 'utf8')).not.toContain(token);
        expect(readFileSync(join(log, 'environ'), 'utf8')).not.toContain(token);
        expect(processesHolding(token)).toEqual([]);
        // Readable by this user only, in a folder only this user can enter.
        expect(readFileSync(join(log, 'mode'), 'utf8').trim()).toBe('600');
        expect(readFileSync(join(log, 'dirmode'), 'utf8').trim()).toBe('700');
        // It sends the browser to the address, token included, and holds nothing else to run.
        const html = readFileSync(join(log, 'page'), 'utf8');
        const refresh = /<meta http-equiv="refresh" content="0;url=([^"]+)">/.exec(html)?.[1];
        expect(refresh?.replace(/&#(\d+);/g, (_m, c: string) => String.fromCharCode(Number(c)))).toBe(url);
        expect(html).not.toMatch(/<script/i);
        // Once the app has called in with the token, the page is gone.
        expect(existsSync(page)).toBe(true);
        expect(await invoke(url, token)).toBe(200);
        await expect.poll(() => existsSync(page), { timeout: 5_000 }).toBe(false);
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
        rmSync(profile, { recursive: true, force: true });
        rmSync(fake, { recursive: true, force: true });
      }
    },
    180_000,
  );
});

/**
 * `npm start` told to stop by a signal sent to npm alone (a supervisor, `kill PID`): npm passes
 * SIGTERM to its script's shell only, which dies without passing it on; SIGHUP kills npm and is
 * passed to nobody. Everything start.mjs started (browser host, embedded devnet) stops too.
 */
describe.runIf(process.platform === 'linux')('npm start stopped by a signal', () => {
  for (const signal of ['SIGTERM', 'SIGHUP'] as const)
    it(`${signal} to npm stops start.mjs and everything it started`, async () => {
      const profile = mkdtempSync(join(tmpdir(), 'veil-start-'));
      // A process group of its own, to find every process started under it.
      const npm = spawn('npm', ['start', '--', '--no-open', '--profile', profile], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, DISPLAY: '' },
        detached: true,
      });
      const pgid = npm.pid ?? 0;
      let out = '';
      npm.stdout.on('data', (d: Buffer) => (out += d.toString()));
      try {
        await printedUrl(npm, () => out);
        expect(groupMembers(pgid).some((p) => p.includes('scripts/start.mjs'))).toBe(true);
        npm.kill(signal);
        await expect.poll(() => groupMembers(pgid), { timeout: 30_000, interval: 250 }).toEqual([]);
      } finally {
        try {
          process.kill(-pgid, 'SIGKILL');
        } catch {
          // All gone, as they should be.
        }
        rmSync(profile, { recursive: true, force: true });
      }
    }, 180_000);
});
