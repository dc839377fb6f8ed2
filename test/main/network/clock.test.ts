/** Network time (network.md §6): a 406 refreshes the offset and retries once. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../../devnet/index';
import { NetworkError } from '../../../src/main/network/errors';
import type { NetworkClient } from '../../../src/main/network/network-client';
import type { AttemptInfo } from '../../../src/main/network/options';
import { retrieve, storeToInbox, swarmFor, type AccountKeys } from '../../../src/main/network/swarm-api';
import { bytes, clientOn, devnet, newAccount } from './helpers';

const TEN_MIN = 10 * 60_000;
let net: Devnet;
let client: NetworkClient;
let hook: ((a: AttemptInfo) => void) | undefined;

beforeAll(async () => {
  net = await devnet();
  client = clientOn(net, { onAttempt: (a) => hook?.(a) });
  await client.start();
}, 30_000);
afterEach(() => {
  hook = undefined;
  net.clearFaults();
  net.setClockOffset(0);
});
afterAll(async () => {
  await client.stop();
  await net.stop();
});

/**
 * The client's network offset reaches `ms` (±5 s): the answers to further requests bring it
 * there (a node clock learned after one refusal lets the first request through at once).
 */
async function offsetSettles(ms: number, me: AccountKeys): Promise<void> {
  for (let i = 0; i < 15 && Math.abs(client.status().clockOffsetMs - ms) >= 5_000; i++)
    await retrieve(client, me, [{ namespace: 0, lastHash: '' }]);
  expect(Math.abs(client.status().clockOffsetMs - ms)).toBeLessThan(5_000);
}

describe('clock skew', () => {
  it('a member whose clock is behind answers 406: its own clock is learned, the network offset kept', async () => {
    const me = newAccount();
    await swarmFor(client, me.sessionId);
    const targets: string[] = [];
    hook = (a) => {
      if (a.method !== 'store') return;
      targets.push(a.target.pubkeyEd25519);
      // Our timestamp is then 10 min in this node's future: 406 "Timestamp error".
      if (targets.length === 1) net.setFaults(a.target.pubkeyEd25519, { clockSkewMs: -TEN_MIN });
    };
    const stored = await storeToInbox(client, { recipient: me.sessionId, data: bytes('skewed') });
    // One node's clock does not move the network time (three others are asked): the store
    // lands on another member...
    expect(targets).toHaveLength(2);
    expect(stored.target.pubkeyEd25519).toBe(targets[1]);
    expect(client.status().clockProblem).toBe(false);
    expect(Math.abs(client.status().clockOffsetMs)).toBeLessThan(5_000);
    // ...and that member, asked for its time, is now addressed on its own clock.
    const skewed = targets[0] ?? '';
    const own = client.networkNowFor(skewed);
    expect(own.fromNode).toBe(true);
    expect(Math.abs(own.now - (Date.now() - TEN_MIN))).toBeLessThan(5_000);
  });

  it('the whole network ahead of us: the refreshed offset makes signed requests pass', async () => {
    const me = newAccount();
    net.setClockOffset(TEN_MIN);
    const [got] = await retrieve(client, me, [{ namespace: 0, lastHash: '' }]);
    expect(got?.messages).toEqual([]);
    expect(client.status().clockProblem).toBe(false);
    // Network time minus local time (the refresh may finish just after the request).
    await offsetSettles(TEN_MIN, me);
    // And back: the stale offset is refused once, then refreshed again.
    net.setClockOffset(0);
    await retrieve(client, me, [{ namespace: 0, lastHash: '' }]);
    await offsetSettles(0, me);
  });

  it('after the whole network jumps, the node clocks learned before it are not trusted', async () => {
    const me = newAccount();
    // Every node's clock known (and right), then the network moves 10 minutes ahead.
    const learned = await Promise.all(client.state().pool.map((n) => client.learnNodeClock(n)));
    expect(learned.filter(Boolean).length).toBeGreaterThan(learned.length / 2);
    net.setClockOffset(TEN_MIN);
    const [got] = await retrieve(client, me, [{ namespace: 0, lastHash: '' }]);
    expect(got?.messages).toEqual([]);
    expect(client.status().clockProblem).toBe(false);
    await offsetSettles(TEN_MIN, me);
  });

  it('nodes that keep refusing our timestamps set clockProblem; a later success clears it', async () => {
    const me = newAccount();
    hook = (a) => {
      if (a.method === 'retrieve') net.setFaults(a.target.pubkeyEd25519, { clockSkewMs: -TEN_MIN });
    };
    const err = await retrieve(client, me, [{ namespace: 0, lastHash: '' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).code).toBe('clock-out-of-sync');
    expect(client.status().clockProblem).toBe(true);
    hook = undefined;
    net.clearFaults();
    await retrieve(client, me, [{ namespace: 0, lastHash: '' }]);
    expect(client.status().clockProblem).toBe(false);
  });
});
