import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VeilCore } from '../../../src/main/core/core';
import { startBrowserHost, type BrowserHost } from '../../../src/main/host/browser-host';
import { tempDir } from '../../helpers/temp-dir';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(
  port: number,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers ?? {} },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('browser host', () => {
  let host: BrowserHost;
  let core: VeilCore;
  let auth: Record<string, string>;

  beforeAll(async () => {
    // The renderer folder and, beside it, a file the host must never serve.
    const around = tempDir('veil-static-');
    const staticDir = join(around, 'renderer');
    mkdirSync(join(staticDir, 'assets'), { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Veil</title>');
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(around, 'veil-outside.txt'), 'secret');
    core = await VeilCore.open({
      profileDir: tempDir('veil-host-'),
      host: 'browser',
      network: 'devnet',
    });
    host = await startBrowserHost({ core, staticDir });
    auth = {
      Host: `127.0.0.1:${host.port}`,
      Authorization: `Bearer ${host.token}`,
      'Content-Type': 'application/json',
    };
  });
  afterAll(async () => {
    await host.close();
    await core.close();
  });

  const invoke = (name: string, args: unknown, headers = auth) =>
    call(host.port, '/api/invoke', { method: 'POST', headers, body: JSON.stringify({ name, args }) });

  it('uses a 256-bit random token and prints it only in the URL fragment', () => {
    expect(host.token).toMatch(/^[0-9a-f]{64}$/);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
  });

  it('answers a call with the token', async () => {
    const r = await invoke('settings.get', {});
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { theme: 'system' } });
  });

  it('refuses calls without the token or with a wrong one', async () => {
    const { Authorization: _a, ...noToken } = auth;
    expect((await invoke('settings.get', {}, noToken)).status).toBe(401);
    const wrong = { ...auth, Authorization: `Bearer ${'0'.repeat(64)}` };
    expect((await invoke('settings.get', {}, wrong)).status).toBe(401);
    expect((await call(host.port, '/api/events', { headers: { Host: auth.Host! } })).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const r = await invoke('settings.get', {}, { ...auth, Host: `evil.example:${host.port}` });
    expect(r.status).toBe(403);
    expect((await call(host.port, '/', { headers: { Host: 'attacker.test' } })).status).toBe(403);
  });

  it('refuses a foreign Origin and cross-site fetches', async () => {
    expect((await invoke('settings.get', {}, { ...auth, Origin: 'https://evil.example' })).status).toBe(403);
    expect((await invoke('settings.get', {}, { ...auth, 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect(
      (await invoke('settings.get', {}, { ...auth, Origin: `http://127.0.0.1:${host.port}` })).status,
    ).toBe(200);
  });

  it('answers malformed bodies with 400 and bad arguments with a typed error', async () => {
    const bad = await call(host.port, '/api/invoke', { method: 'POST', headers: auth, body: '{not json' });
    expect(bad.status).toBe(400);
    const r = await invoke('settings.update', { theme: 'purple' });
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
  });

  it('sends the strict CSP without unsafe-inline on every response', async () => {
    for (const r of [
      await call(host.port, '/', { headers: { Host: auth.Host! } }),
      await invoke('settings.get', {}),
    ]) {
      const csp = String(r.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of [
      '/../veil-outside.txt',
      '/%2e%2e/veil-outside.txt',
      '/assets/..%2f..%2fveil-outside.txt',
      '/%00index.html',
    ]) {
      const r = await call(host.port, path, { headers: { Host: auth.Host! } });
      expect(r.body).not.toContain('secret');
    }
  });

  it('pushes events to the stream', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: '/api/events',
          headers: { Host: auth.Host, Authorization: auth.Authorization },
        },
        (res) => {
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            buf += c;
            if (buf.includes('event: settings.changed')) {
              req.destroy();
              resolve(buf);
            }
            if (buf.includes(': connected')) void invoke('settings.update', { theme: 'dark' });
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(await received).toMatch(/event: settings.changed\ndata: \{"theme":"dark"/);
  });

  it('listens on loopback only', async () => {
    const { networkInterfaces } = await import('node:os');
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i?.family === 'IPv4' && !i.internal);
    if (!external) return; // no non-loopback interface on this machine: nothing to probe
    await expect(
      new Promise((resolve, reject) => {
        const req = request({ host: external.address, port: host.port, path: '/', timeout: 1000 }, resolve);
        req.on('error', reject);
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.end();
      }),
    ).rejects.toThrow();
  });
});
