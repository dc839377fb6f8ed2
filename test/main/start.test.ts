import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

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
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`no address printed:\n${out}`));
        }, 90_000);
        child.stdout.on('data', () => {
          const match = /Veil is running at (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64})/.exec(out);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
        child.on('exit', (code) => {
          reject(new Error(`exited with ${code}:\n${out}`));
        });
      });
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
});
