/** Polling at 100 ms (network.md §2.3): 2 members per cycle, merged by hash, each message once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../../devnet/index';
import type { NetworkClient } from '../../../src/main/network/network-client';
import { memoryLastHashStore, Poller, type PolledMessage } from '../../../src/main/network/poller';
import { storeOwn, storeToInbox, swarmFor } from '../../../src/main/network/swarm-api';
import { bytes, clientOn, devnet, newAccount, until } from './helpers';

let net: Devnet;
let client: NetworkClient;

beforeAll(async () => {
  net = await devnet();
  client = clientOn(net);
  await client.start();
}, 30_000);
afterAll(async () => {
  await client.stop();
  await net.stop();
});

describe('Poller', () => {
  it('delivers every stored message exactly once, across namespaces, with last_hash per snode', async () => {
    const me = newAccount();
    const got: PolledMessage[] = [];
    const lastHashes = memoryLastHashStore();
    const poller = new Poller({
      client,
      account: me,
      intervalMs: 100,
      lastHashes,
      onMessages: (m) => {
        got.push(...m);
      },
    });
    poller.start();
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await storeToInbox(client, { recipient: me.sessionId, data: bytes(`poll ${i}`) });
      sent.push(r.hash);
      await new Promise((res) => setTimeout(res, 60));
    }
    const cfg = await storeOwn(client, {
      account: me,
      namespace: 2,
      data: bytes('profile'),
      ttlMs: 3_600_000,
    });
    sent.push(cfg.hash);
    await until(() => got.length >= sent.length, 10_000);
    const before = poller.counters.polls;
    await until(() => poller.counters.polls >= before + 5, 10_000);
    await poller.stop();

    expect(got.map((m) => m.hash).sort()).toEqual([...sent].sort());
    const profile = got.find((m) => m.hash === cfg.hash);
    expect(profile?.namespace).toBe(2);
    // Bytes stay bytes: base64 was decoded once, where the answer was parsed.
    expect(profile?.data).toEqual(bytes('profile'));
    expect(got.find((m) => m.hash === sent[0])?.namespace).toBe(0);
    expect(got.every((m) => m.timestamp > 0 && (m.expiration ?? 0) > m.timestamp)).toBe(true);
    // last_hash is kept per (snode, pubkey, namespace).
    const keys = [...lastHashes.map.keys()];
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(k).toMatch(new RegExp(`^[0-9a-f]{64}:${me.sessionId}:(0|2)$`));
    expect(poller.counters.errors).toBe(0);
  });

  it('a handler that throws loses nothing: the same messages come again at the next poll', async () => {
    const me = newAccount();
    const lastHashes = memoryLastHashStore();
    let failing = true;
    const handled: string[] = [];
    const poller = new Poller({
      client,
      account: me,
      namespaces: [0],
      lastHashes,
      onMessages: (m) => {
        // A crash or a full disk while storing: nothing of this batch was kept.
        if (failing) throw new Error('disk full');
        handled.push(...m.map((x) => x.hash));
      },
    });
    const sent = await storeToInbox(client, { recipient: me.sessionId, data: bytes('kept') });
    // The message reaches the handler once a polled member has it (it throws: an error counted).
    for (let i = 0; i < 100 && poller.counters.errors === 0; i++) await poller.pollOnce();
    expect(handled).toEqual([]);
    expect(lastHashes.map.size).toBe(0);
    failing = false;
    for (let i = 0; i < 100 && handled.length === 0; i++) await poller.pollOnce();
    expect(handled).toEqual([sent.hash]);
    expect([...lastHashes.map.values()]).toContain(sent.hash);
  });

  it('keeps polling through errors (stopped client) without throwing', async () => {
    const me = newAccount();
    const poller = new Poller({ client, account: me, intervalMs: 100, onMessages: () => undefined });
    const other = clientOn(net);
    const broken = new Poller({ client: other, account: me, intervalMs: 50, onMessages: () => undefined });
    broken.start();
    await until(() => broken.counters.polls >= 3);
    await broken.stop();
    expect(broken.counters.errors).toBeGreaterThanOrEqual(3);
    expect(await poller.pollOnce()).toEqual([]);
  });

  it('a dead swarm member only fails its own polls: messages still arrive once, client stays up', async () => {
    const me = newAccount();
    const swarm = await swarmFor(client, me.sessionId);
    const dead = swarm[0]?.pubkeyEd25519 ?? '';
    await net.kill(dead);
    try {
      const got: PolledMessage[] = [];
      const poller = new Poller({
        client,
        account: me,
        intervalMs: 100,
        onMessages: (m) => void got.push(...m),
      });
      poller.start();
      const sent: string[] = [];
      for (let i = 0; i < 3; i++)
        sent.push((await storeToInbox(client, { recipient: me.sessionId, data: bytes(`dead ${i}`) })).hash);
      await until(() => got.length >= sent.length, 10_000);
      const before = poller.counters.polls;
      await until(() => poller.counters.polls >= before + 5, 10_000);
      await poller.stop();
      expect(got.map((m) => m.hash).sort()).toEqual([...sent].sort());
      expect(client.status().state).not.toBe('offline');
    } finally {
      await net.restart(dead);
    }
  });
});
