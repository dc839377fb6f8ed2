/** Seed client (network.md §1.2–1.3) with a fake HTTP post: mainnet is never contacted. */
import { beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/crypto/bytes';
import { sodium, sodiumReady } from '../../../src/crypto/sodium';
import type { HttpResponse } from '../../../src/main/network/https-transport';
import {
  fetchSeedPool,
  loadFallbackPool,
  seedRpcUrl,
  type HttpPost,
} from '../../../src/main/network/seed-client';
import { seedRequestBody } from '../../../src/onion/transport';

beforeAll(async () => {
  await sodiumReady();
});

const node = (i: number): Record<string, unknown> => ({
  public_ip: `10.0.0.${i + 1}`,
  storage_port: 20000 + i,
  pubkey_ed25519: i.toString(16).padStart(2, '0').repeat(32),
  pubkey_x25519: (i + 100).toString(16).padStart(2, '0').repeat(32),
  requested_unlock_height: 0,
});

function answer(status: number, body: unknown, contentType = 'application/json'): HttpResponse {
  return { status, contentType, body: new TextEncoder().encode(JSON.stringify(body)) };
}

describe('seed client', () => {
  it('asks every seed in parallel with the desktop body and keeps the first valid answer', async () => {
    const calls: { url: string; body: string; verifyTls: boolean }[] = [];
    const post: HttpPost = (url, body, o) => {
      calls.push({ url, body, verifyTls: o.verifyTls });
      if (url.includes('bad')) return Promise.reject(new Error('refused'));
      return Promise.resolve(
        answer(200, {
          result: {
            height: 5,
            service_node_states: [node(1), node(2), { ...node(3), public_ip: '0.0.0.0' }],
          },
        }),
      );
    };
    const pool = await fetchSeedPool({
      seedUrls: ['https://bad.example/', 'https://good.example:4443/'],
      post,
    });
    expect(pool.snodes.map((n) => n.port)).toEqual([20001, 20002]);
    expect(calls.map((c) => c.url).sort()).toEqual([
      'https://bad.example/json_rpc',
      'https://good.example:4443/json_rpc',
    ]);
    expect(calls[0]?.body).toBe(seedRequestBody());
    expect(seedRpcUrl('http://127.0.0.1:1')).toBe('http://127.0.0.1:1/json_rpc');
  });

  it('retries up to 4 times and rejects wrong content types, empty lists and bad shapes', async () => {
    let n = 0;
    const bad: HttpResponse[] = [
      answer(200, { result: { height: 1, service_node_states: [node(1)] } }, 'text/html'),
      answer(200, { result: { height: 1, service_node_states: [] } }),
      answer(500, 'oops'),
      answer(200, { result: { service_node_states: [node(1)] } }),
    ];
    const post: HttpPost = () => Promise.resolve(bad[n++] ?? answer(500, ''));
    await expect(fetchSeedPool({ seedUrls: ['https://s/'], post, retryMinMs: 1 })).rejects.toThrow(/no seed/);
    expect(n).toBe(4);
  });

  it('bundles a valid fallback snapshot whose x25519 keys derive from the ed25519 keys', () => {
    const pool = loadFallbackPool(Date.now());
    expect(pool.snodes.length).toBeGreaterThanOrEqual(5);
    for (const s of pool.snodes)
      expect(toHex(sodium().crypto_sign_ed25519_pk_to_curve25519(fromHex(s.pubkeyEd25519)))).toBe(
        s.pubkeyX25519,
      );
  });
});
