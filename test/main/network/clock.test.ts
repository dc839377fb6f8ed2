/** Network time (network.md §6): a 406 refreshes the offset and retries once. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../../devnet/index';
import { NetworkError } from '../../../src/main/network/errors';
import type { NetworkClient } from '../../../src/main/network/network-client';
import type { AttemptInfo } from '../../../src/main/network/options';
import { retrieve, storeToInbox, swarmFor } from '../../../src/main/network/swarm-api';
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
    const before = client.counters.clockRefreshes;
    const stored = await storeToInbox(client, { recipient: me.sessionId, data: bytes('skewed') });
    // No network-wide refresh for one node's clock: the store lands on another member...
    expect(client.counters.clockRefreshes).toBe(before);
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
    const s = client.status();
    expect(s.clockProblem).toBe(false);
    // Network time minus local time.
    expect(Math.abs(s.clockOffsetMs - TEN_MIN)).toBeLessThan(5_000);
    // And back: the stale offset is refused once, then refreshed again.
    net.setClockOffset(0);
    await retrieve(client, me, [{ namespace: 0, lastHash: '' }]);
    expect(Math.abs(client.status().clockOffsetMs)).toBeLessThan(5_000);
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
