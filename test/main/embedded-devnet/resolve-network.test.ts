/**
 * `--network devnet` (npm start, the browser host, the CLI): resolveNetwork starts the profile's
 * devnet as a child process, configures the core for it, and the devnet keeps its nodes in the
 * profile across runs.
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveNetwork } from '../../../src/main/core/network-config';

const profileDir = mkdtempSync(join(tmpdir(), 'veil-resolve-devnet-'));
afterAll(() => {
  rmSync(profileDir, { recursive: true, force: true });
});

async function nodeKeys(seedUrl: string): Promise<string[]> {
  const r = await fetch(`${seedUrl}json_rpc`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      method: 'get_n_service_nodes',
      params: { fields: { pubkey_ed25519: true } },
    }),
  });
  const body = (await r.json()) as { result: { service_node_states: { pubkey_ed25519: string }[] } };
  return body.result.service_node_states.map((n) => n.pubkey_ed25519).sort();
}

describe('resolveNetwork("devnet")', () => {
  it('runs the profile’s devnet in a child process and comes back with the same nodes', async () => {
    const first = await resolveNetwork('devnet', profileDir, {});
    const devnet = first.devnet;
    if (!devnet) throw new Error('no devnet was started');
    expect(first.config).toEqual({
      seedUrls: [devnet.seedUrl],
      localDevnet: true,
      fileServer: devnet.fileServer,
    });
    const keys = await nodeKeys(devnet.seedUrl);
    expect(keys).toHaveLength(12);
    expect(existsSync(join(profileDir, 'devnet', 'network.json'))).toBe(true);
    await devnet.stop();

    const again = await resolveNetwork('devnet', profileDir, { VEIL_POLL_MS: '500' });
    try {
      expect(again.config.pollIntervalMs).toBe(500);
      expect(await nodeKeys(again.devnet?.seedUrl ?? '')).toEqual(keys);
    } finally {
      await again.devnet?.stop();
    }
  }, 180_000);

  it('starts nothing for mainnet or a seed URL', async () => {
    expect((await resolveNetwork('mainnet', profileDir, {})).devnet).toBeUndefined();
    const url = await resolveNetwork('http://127.0.0.1:1/', profileDir, {});
    expect(url.devnet).toBeUndefined();
    expect(url.config).toEqual({ seedUrls: ['http://127.0.0.1:1/'], fileServerFromSeed: true });
  });
});
