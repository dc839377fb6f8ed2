/**
 * The embedded devnet runs as a child process (issue #15 item 5): started from devnet/cli.ts,
 * ready once its line is read, stopped by `stop()` or by the launcher's stdin closing, and a
 * failed start says why instead of hanging.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { spawnDevnet } from '../../../src/main/embedded-devnet/devnet-process';
import { devnetCommand, findCheckoutRoot } from '../../../src/main/embedded-devnet/entry-point';
import { parseReadyLine } from '../../../src/main/embedded-devnet/ready-line';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'veil-embedded-devnet-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function seedNodeCount(seedUrl: string): Promise<number> {
  const r = await fetch(`${seedUrl}json_rpc`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      method: 'get_n_service_nodes',
      params: { fields: { public_ip: true } },
    }),
  });
  const body = (await r.json()) as { result?: { service_node_states?: unknown[] } };
  return body.result?.service_node_states?.length ?? -1;
}

const node = (script: string): { executable: string; args: string[]; cwd: string } => ({
  executable: process.execPath,
  args: ['-e', script],
  cwd: process.cwd(),
});

describe('the embedded devnet process', () => {
  it('starts devnet/cli.ts in a child process, serves its seed, and stops', async () => {
    const dataDir = tempDir();
    const net = await spawnDevnet({ dataDir, nodes: 3 });
    expect(net.seedUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(net.fileServer.x25519).toMatch(/^[0-9a-f]{64}$/);
    expect(await seedNodeCount(net.seedUrl)).toBe(3);
    await net.stop();
    await net.stop(); // twice is harmless
    await expect(seedNodeCount(net.seedUrl)).rejects.toThrow();
  }, 120_000);

  it('stops by itself when the launcher’s end of stdin closes (a crashed app leaves no devnet)', async () => {
    const cmd = devnetCommand(['--nodes', '1', '--data', tempDir(), '--exit-with-stdin']);
    const child = spawn(cmd.executable, [...cmd.args], { cwd: cmd.cwd, stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const first = await new Promise<string>((resolve) => {
      createInterface({ input: child.stdout }).once('line', resolve);
    });
    const ready = parseReadyLine(first);
    expect(ready).toBeDefined();
    child.stdin.end();
    expect(await exited).toBe(0);
    await expect(seedNodeCount(ready?.seedUrl ?? 'http://127.0.0.1:1/')).rejects.toThrow();
  }, 120_000);

  it('reports a devnet that exits before it is ready, with its last words', async () => {
    const start = spawnDevnet({
      dataDir: tempDir(),
      command: node("process.stderr.write('no room on this disk\\n'); process.exit(3)"),
    });
    await expect(start).rejects.toThrow(/exited before it was ready \(code 3\): no room on this disk/);
  });

  it('logs a devnet that dies after it was ready, with its stderr', async () => {
    const lines: string[] = [];
    const ready = JSON.stringify({
      seed: 'http://127.0.0.1:4000/',
      fileServer: { url: 'http://127.0.0.1:4001', x25519: 'a'.repeat(64), ed25519: 'b'.repeat(64) },
      control: 'http://127.0.0.1:4002/',
    });
    await spawnDevnet({
      dataDir: tempDir(),
      command: node(
        `console.log(${JSON.stringify(ready)}); setTimeout(() => { console.error('out of memory'); process.exit(2); }, 200)`,
      ),
      log: (line) => lines.push(line),
    });
    // stderr and the exit event travel separately: wait for both, in either order.
    await vi.waitFor(() => {
      expect([...lines].sort()).toEqual([
        'devnet: out of memory',
        'devnet: the devnet process ended (code 2)',
      ]);
    });
  });

  it('gives up on a devnet that never gets ready, and kills it', async () => {
    const start = spawnDevnet({
      dataDir: tempDir(),
      command: node("console.log('starting…'); setInterval(() => {}, 1000)"),
      readyTimeoutMs: 500,
      stopTimeoutMs: 2000,
    });
    await expect(start).rejects.toThrow(/not ready within 1 s/);
  });

  it('reports a runtime that cannot be started', async () => {
    const start = spawnDevnet({
      dataDir: tempDir(),
      command: { executable: join(tempDir(), 'no-such-node'), args: [], cwd: process.cwd() },
    });
    await expect(start).rejects.toThrow(/could not be started/);
  });
});

describe('the devnet entry point and ready line', () => {
  it('finds the checkout from the sources and from the Electron bundle’s place', () => {
    const root = process.cwd();
    expect(findCheckoutRoot(join(root, 'src/main/embedded-devnet/entry-point.ts'))).toBe(root);
    expect(findCheckoutRoot(join(root, 'dist/electron/main.mjs'))).toBe(root);
    expect(findCheckoutRoot('/nowhere/app.asar/dist/electron/main.mjs')).toBeUndefined();
    const cmd = devnetCommand(['--nodes', '2']);
    expect(cmd.args.slice(-3)).toEqual([join(root, 'devnet', 'cli.ts'), '--nodes', '2']);
    expect(cmd.args[0]).toBe('--import');
  });

  it('accepts only a loopback ready line with a valid file server', () => {
    const good = {
      seed: 'http://127.0.0.1:4000/',
      fileServer: { url: 'http://127.0.0.1:4001', x25519: 'a'.repeat(64), ed25519: 'b'.repeat(64) },
      control: 'http://127.0.0.1:4002/',
    };
    expect(parseReadyLine(JSON.stringify(good))?.seedUrl).toBe(good.seed);
    expect(parseReadyLine('Debugger attached.')).toBeUndefined();
    expect(parseReadyLine(JSON.stringify({ ...good, seed: 'http://example.com/' }))).toBeUndefined();
    expect(
      parseReadyLine(JSON.stringify({ ...good, fileServer: { ...good.fileServer, x25519: 'zz' } })),
    ).toBeUndefined();
  });
});
