/** The store batcher's rules, with a scripted sender (the devnet test is in client-basics). */
import { describe, expect, it } from 'vitest';
import type { Snode } from '../../../src/onion/keys';
import {
  MAX_BATCH_DATA_BYTES,
  MAX_IN_FLIGHT,
  MAX_QUEUE_WAIT_MS,
  StoreBatcher,
  type BatchAnswer,
  type QueuedStore,
} from '../../../src/main/network/store-batcher';

const NODE = { pubkeyEd25519: 'aa'.repeat(32) } as unknown as Snode;
const data = (n: number): Uint8Array => new Uint8Array(n);

interface Call {
  readonly recipient: string;
  readonly stores: readonly QueuedStore[];
  answer(a: BatchAnswer | Error): void;
}

function scripted(): { calls: Call[]; batcher: StoreBatcher } {
  const calls: Call[] = [];
  const batcher = new StoreBatcher(
    (recipient, stores) =>
      new Promise<BatchAnswer>((resolve, reject) => {
        calls.push({
          recipient,
          stores,
          answer: (a) => {
            if (a instanceof Error) reject(a);
            else resolve(a);
          },
        });
      }),
  );
  return { calls, batcher };
}

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));
const ok = (i: number) => ({ code: 200, body: { hash: `h${i}` }, t: undefined });

describe('StoreBatcher', () => {
  it('sends the stores of one turn together, at most 20 per request', async () => {
    const { calls, batcher } = scripted();
    const out = Array.from({ length: 25 }, (_, i) => batcher.store('05ab', { data: data(10), ttlMs: i }));
    expect(calls).toHaveLength(0); // nothing leaves before the turn ends
    await turn();
    expect(calls.map((c) => c.stores.length)).toEqual([20, 5]);
    expect(calls[0]?.stores.map((s) => s.ttlMs)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    calls[0]?.answer({ target: NODE, results: Array.from({ length: 20 }, (_, i) => ok(i)) });
    calls[1]?.answer({ target: NODE, results: Array.from({ length: 5 }, (_, i) => ok(20 + i)) });
    const answers = await Promise.all(out);
    expect(answers.map((a) => (a.sub?.body as { hash: string }).hash)).toEqual(
      Array.from({ length: 25 }, (_, i) => `h${i}`),
    );
    expect(answers.every((a) => a.target === NODE)).toBe(true);
  });

  it('queues what comes while every request of the swarm is out, then sends it as one', async () => {
    const { calls, batcher } = scripted();
    const first = [1, 2].map(() => batcher.store('05ab', { data: data(1), ttlMs: 1 }));
    await turn();
    expect(calls).toHaveLength(1); // one turn, one request
    // A later turn with a slot free: it leaves at once, alone.
    const second = batcher.store('05ab', { data: data(1), ttlMs: 2 });
    await turn();
    expect(calls).toHaveLength(MAX_IN_FLIGHT);
    const later = Array.from({ length: 7 }, () => batcher.store('05ab', { data: data(1), ttlMs: 3 }));
    await turn();
    expect(calls).toHaveLength(2); // both slots busy: they wait
    calls[0]?.answer({ target: NODE, results: first.map((_, i) => ok(i)) });
    await Promise.all(first);
    await turn();
    expect(calls).toHaveLength(3);
    expect(calls[2]?.stores.map((s) => s.ttlMs)).toEqual(Array(7).fill(3));
    calls[1]?.answer({ target: NODE, results: [ok(9)] });
    calls[2]?.answer({ target: NODE, results: later.map((_, i) => ok(i)) });
    await Promise.all([second, ...later]);
  });

  it('sends a store that waited MAX_QUEUE_WAIT_MS for a slot on a request of its own', async () => {
    const { calls, batcher } = scripted();
    // Two requests that never answer (a dead member): every slot is taken.
    void batcher.store('05ab', { data: data(1), ttlMs: 1 }).catch(() => undefined);
    await turn();
    void batcher.store('05ab', { data: data(1), ttlMs: 1 }).catch(() => undefined);
    await turn();
    expect(calls).toHaveLength(MAX_IN_FLIGHT);
    const late = batcher.store('05ab', { data: data(1), ttlMs: 7 });
    await turn();
    expect(calls).toHaveLength(MAX_IN_FLIGHT);
    await new Promise((r) => setTimeout(r, MAX_QUEUE_WAIT_MS + 50));
    expect(calls).toHaveLength(MAX_IN_FLIGHT + 1);
    expect(calls[MAX_IN_FLIGHT]?.stores.map((x) => x.ttlMs)).toEqual([7]);
    calls[MAX_IN_FLIGHT]?.answer({ target: NODE, results: [ok(7)] });
    await expect(late).resolves.toMatchObject({ sub: { code: 200 } });
  });

  it('keeps swarms apart, and a failed request fails only its own stores', async () => {
    const { calls, batcher } = scripted();
    const a = batcher.store('05aa', { data: data(1), ttlMs: 1 });
    const b = batcher.store('05BB', { data: data(1), ttlMs: 1 });
    await turn();
    expect(calls.map((c) => c.recipient).sort()).toEqual(['05BB', '05aa']);
    const callA = calls.find((c) => c.recipient === '05aa');
    const callB = calls.find((c) => c.recipient === '05BB');
    callA?.answer(new Error('no path'));
    callB?.answer({ target: NODE, results: [ok(1)] });
    await expect(a).rejects.toThrow('no path');
    await expect(b).resolves.toMatchObject({ sub: { code: 200 } });
  });

  it('hands a store without its own sub-result an undefined one', async () => {
    const { calls, batcher } = scripted();
    const out = [1, 2].map(() => batcher.store('05ab', { data: data(1), ttlMs: 1 }));
    await turn();
    calls[0]?.answer({ target: NODE, results: [{ code: 406, body: 'clock', t: undefined }] });
    const [x, y] = await Promise.all(out);
    expect(x?.sub?.code).toBe(406);
    expect(y?.sub).toBeUndefined();
  });

  it('splits by size: a request never carries more than its data budget (one big store alone)', async () => {
    const { calls, batcher } = scripted();
    const big = MAX_BATCH_DATA_BYTES / 2 + 1;
    const out = [big, big, 10, big + MAX_BATCH_DATA_BYTES].map((n) =>
      batcher.store('05ab', { data: data(n), ttlMs: 1 }),
    );
    await turn();
    expect(calls).toHaveLength(MAX_IN_FLIGHT);
    expect(calls[0]?.stores.map((s) => s.data.length)).toEqual([big]);
    expect(calls[1]?.stores.map((s) => s.data.length)).toEqual([big, 10]);
    calls[0]?.answer({ target: NODE, results: [ok(0)] });
    await out[0];
    await turn();
    expect(calls[2]?.stores.map((s) => s.data.length)).toEqual([big + MAX_BATCH_DATA_BYTES]);
    calls[1]?.answer({ target: NODE, results: [ok(1), ok(2)] });
    calls[2]?.answer({ target: NODE, results: [ok(3)] });
    await Promise.all(out);
    expect(batcher.pending()).toBe(0);
  });
});
