/**
 * Issue #20 item 4: every connection through a SOCKS5 proxy. A devnet runs in a process of its
 * own, so every socket this process opens is the client's (or the test proxy's): a full
 * send/receive with a file between two profiles goes through a proxy started here, which sees the
 * seed by name (resolved at the proxy) and the service nodes, and not one socket leaves directly.
 * A dead proxy and a refusing one fail with an error naming the proxy, with no direct connection
 * tried; user/password authentication works; --proxy, socks5h:// and VEIL_PROXY are parsed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { spawnDevnet, type EmbeddedDevnet } from '../../../src/main/embedded-devnet/devnet-process';
import { runCli } from '../../../src/main/cli/main';
import { HttpTransport } from '../../../src/main/network/https-transport';
import { parseProxyUrl, ProxyError, ProxyUrlError } from '../../../src/main/network/proxy';
import { capture, createAccount, tempProfiles } from '../../cli/helpers';
import { deadPort, startSocksServer, type TestSocksServer } from './socks-server';

interface Connect {
  readonly host: string;
  readonly port: number;
}

/** Every TCP connect this process starts, except the test proxy's own (towards targets). */
function watchConnects(proxies: () => readonly TestSocksServer[]): { seen: Connect[]; stop(): void } {
  const seen: Connect[] = [];
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was, then called with apply
  const original = Socket.prototype.connect;
  Socket.prototype.connect = function (this: Socket, ...args: unknown[]) {
    if (!proxies().some((p) => p.outgoing.has(this))) {
      // Node calls connect([options, callback]) internally; users call (options) or (port, host).
      const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
      const o = (typeof first === 'object' && first !== null ? first : { port: first, host: args[1] }) as {
        port?: number | string;
        host?: string;
        path?: string;
      };
      if (o.path === undefined) seen.push({ host: o.host ?? 'localhost', port: Number(o.port) });
    }
    return (original as (...a: unknown[]) => Socket).apply(this, args);
  };
  return {
    seen,
    stop() {
      Socket.prototype.connect = original;
    },
  };
}

function getJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      });
    }).on('error', reject);
  });
}

const Nodes = z.object({ nodes: z.array(z.object({ port: z.number() })) });

describe('SOCKS5 proxy: every connection through it, never direct', () => {
  const profiles = tempProfiles('veil-proxy-');
  let devnet: EmbeddedDevnet;
  let dataDir: string;
  let seed: string;
  let seedPort: number;
  let nodePorts: Set<number>;
  let ann: string;
  let ben: string;
  let benId: string;
  const proxies: TestSocksServer[] = [];
  let watch: { seen: Connect[]; stop(): void } | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'veil-proxy-devnet-'));
    devnet = await spawnDevnet({ dataDir });
    const control = Nodes.parse(await getJson(devnet.controlUrl));
    nodePorts = new Set(control.nodes.map((n) => n.port));
    // By name: the proxy must receive "localhost", never an address we resolved.
    const u = new URL(devnet.seedUrl);
    seedPort = Number(u.port);
    seed = `http://localhost:${seedPort}/`;
    ann = profiles.make();
    ben = profiles.make();
    await createAccount(ann, 'Ann');
    benId = await createAccount(ben, 'Ben');
  }, 90_000);

  afterEach(async () => {
    watch?.stop();
    watch = undefined;
    for (const p of proxies.splice(0)) await p.close();
  });

  afterAll(async () => {
    await devnet.stop();
    rmSync(dataDir, { recursive: true, force: true });
    profiles.removeAll();
  });

  const veil = async (profile: string, proxy: string, ...args: string[]) => {
    const c = capture();
    const code = await runCli(['--profile', profile, '--network', seed, '--proxy', proxy, ...args], c.io);
    return { code, out: c.out, err: c.err };
  };

  it('a send and receive with a file go through the proxy, which sees the seed by name and every node', async () => {
    const proxy = await startSocksServer({ auth: { username: 'ann', password: 'pâss wörd' } });
    proxies.push(proxy);
    watch = watchConnects(() => proxies);
    const url = `socks5://ann:${encodeURIComponent('pâss wörd')}@127.0.0.1:${proxy.port}`;
    const file = join(profiles.make(), 'notes.txt');
    writeFileSync(file, 'a file through the proxy');

    const sent = await veil(ann, url, 'send', benId, 'hello through the proxy', '--attach', file, '--json');
    expect(sent.err).toEqual([]);
    expect(sent.code).toBe(0);
    const saveDir = profiles.make();
    const got = await veil(ben, url, 'receive', '--wait', '8', '--json', '--save-dir', saveDir);
    expect(got.code).toBe(0);
    const line = got.out
      .map((l) => JSON.parse(l) as { body: string; attachments?: { path?: string }[] })
      .find((m) => m.body === 'hello through the proxy');
    expect(line).toBeDefined();
    const saved = line?.attachments?.[0]?.path;
    expect(saved && readFileSync(saved, 'utf8')).toBe('a file through the proxy');

    // The seed, asked by name (SOCKS5 domain address): resolved at the proxy.
    expect(proxy.targets).toContainEqual({ host: 'localhost', port: seedPort, atyp: 3 });
    // Every other target is one of the devnet's service nodes (guards; the file server is
    // behind the onion, reached by an exit node, never by us).
    const others = proxy.targets.filter((t) => !(t.host === 'localhost' && t.port === seedPort));
    expect(others.length).toBeGreaterThan(0);
    for (const t of others) expect(nodePorts.has(t.port)).toBe(true);
    expect(proxy.connections).toBe(proxy.targets.length);
    // Not one socket of this process went anywhere but the proxy.
    expect(watch.seen.length).toBeGreaterThan(0);
    expect(watch.seen.filter((c) => c.port !== proxy.port)).toEqual([]);
    // The password is in no output.
    expect([...sent.out, ...sent.err, ...got.out, ...got.err].join('\n')).not.toContain('pâss');
  }, 120_000);

  it('a dead proxy: exit 2, one line naming it, and no direct connection tried', async () => {
    const port = await deadPort();
    watch = watchConnects(() => proxies);
    const r = await veil(ann, `socks5://127.0.0.1:${port}`, 'send', benId, 'never sent directly');
    expect(r.code).toBe(2);
    expect(r.err).toEqual([`the proxy 127.0.0.1:${port} does not answer`]);
    expect(watch.seen.length).toBeGreaterThan(0);
    expect(watch.seen.filter((c) => c.port !== port)).toEqual([]);
  }, 60_000);

  it('a proxy that refuses every connection (SOCKS reply 2): a clear error, nothing direct', async () => {
    const proxy = await startSocksServer({ refuseWith: 2 });
    proxies.push(proxy);
    watch = watchConnects(() => proxies);
    const r = await veil(ann, proxy.url, 'send', benId, 'refused');
    expect(r.code).toBe(2);
    expect(r.err).toEqual([`the proxy 127.0.0.1:${proxy.port} refused the connection`]);
    expect(proxy.targets).toContainEqual({ host: 'localhost', port: seedPort, atyp: 3 });
    expect(watch.seen.filter((c) => c.port !== proxy.port)).toEqual([]);
  }, 60_000);

  it('wrong credentials are refused by the proxy, and said so', async () => {
    const proxy = await startSocksServer({ auth: { username: 'ann', password: 'right' } });
    proxies.push(proxy);
    const transport = new HttpTransport(parseProxyUrl(`socks5://ann:wrong@127.0.0.1:${proxy.port}`));
    const e = await transport
      .post(`${seed}json_rpc`, '{}', { timeoutMs: 5_000, verifyTls: false })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProxyError);
    expect((e as ProxyError).failure).toBe('auth');
    expect((e as ProxyError).message).toContain(`127.0.0.1:${proxy.port}`);
    expect((e as ProxyError).message).not.toContain('wrong');
    expect(transport.proxyFailure()).toEqual({ failure: 'auth', proxy: `127.0.0.1:${proxy.port}` });
  });

  it('a proxy set while running takes effect at once; keep-alive sockets are reused through it', async () => {
    const proxy = await startSocksServer();
    proxies.push(proxy);
    const transport = new HttpTransport();
    transport.setProxy(parseProxyUrl(proxy.url));
    const node = [...nodePorts][0];
    for (let i = 0; i < 3; i++) {
      const r = await transport.post(
        `https://127.0.0.1:${node}/storage_rpc/v1`,
        '{"method":"info","params":{}}',
        {
          timeoutMs: 5_000,
          verifyTls: false,
        },
      );
      expect(r.status).toBe(200);
    }
    // Three requests, one tunnel: the TLS connection to the node stayed open.
    expect(proxy.connections).toBe(1);
    transport.setProxy(undefined);
    expect(transport.proxy()).toBeUndefined();
  });

  it('parses socks5:// and socks5h:// with credentials; refuses other schemes without echoing them', () => {
    expect(parseProxyUrl('socks5://127.0.0.1:9050')).toEqual({ host: '127.0.0.1', port: 9050 });
    expect(parseProxyUrl('socks5h://u:p%40ss@tor.example:9150')).toEqual({
      host: 'tor.example',
      port: 9150,
      username: 'u',
      password: 'p@ss',
    });
    expect(parseProxyUrl('socks5://[::1]:1080')).toEqual({ host: '[::1]', port: 1080 });
    for (const bad of ['http://u:secret@h:1', 'socks5://h', 'socks5://h:0', 'socks5://h:70000', 'nonsense'])
      expect(() => parseProxyUrl(bad)).toThrow(ProxyUrlError);
    try {
      parseProxyUrl('socks4://u:secret@h:1');
    } catch (e) {
      expect((e as Error).message).not.toContain('secret');
    }
  });

  it('--proxy that is not a SOCKS5 URL: exit 2 with one line', async () => {
    const c = capture();
    expect(await runCli(['--proxy', 'http://127.0.0.1:8080', 'net', 'status'], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain('only SOCKS5 proxies are supported');
  });
});
