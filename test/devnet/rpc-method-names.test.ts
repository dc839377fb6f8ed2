/**
 * A JSON-RPC method name is looked up among the devnet's own handlers only: names inherited from
 * Object.prototype (`toString`, `constructor`, `__proto__`…) are unknown methods, answered 400,
 * never called. `toString` once reached Object.prototype.toString and answered no HTTP status at
 * all (found by the quick fuzz run).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sodiumReady } from '../../src/crypto/sodium';
import { devnetHarness, type DevnetHarness } from '../fuzz/devnet-harness';

let devnet: DevnetHarness;
beforeAll(async () => {
  await sodiumReady();
  devnet = devnetHarness();
});
afterAll(() => {
  devnet.close();
});

const INHERITED = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

describe('devnet storage RPC method names', () => {
  it.each(INHERITED)('answers 400 to the inherited name %s, alone and inside a batch', async (method) => {
    const alone = await devnet.rpc(JSON.stringify({ jsonrpc: '2.0', method, params: {} }));
    expect(alone.status).toBe(400);
    const batch = await devnet.rpc(
      JSON.stringify({ jsonrpc: '2.0', method: 'batch', params: { requests: [{ method, params: {} }] } }),
    );
    expect(batch.status).toBe(400);
  });
});
