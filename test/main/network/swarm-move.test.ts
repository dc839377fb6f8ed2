/** 421 (network.md §2.4): after the swarm moves, the client takes the new swarm from the body. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../../devnet/index';
import { swarmForPubkey } from '../../../src/swarm/swarm-space';
import type { NetworkClient } from '../../../src/main/network/network-client';
import type { AttemptInfo } from '../../../src/main/network/options';
import { retrieve, storeToInbox, swarmFor } from '../../../src/main/network/swarm-api';
import { bytes, clientOn, devnet, newAccount } from './helpers';

let net: Devnet;
let client: NetworkClient;
const attempts: AttemptInfo[] = [];

beforeAll(async () => {
  net = await devnet(18);
  client = clientOn(net, { onAttempt: (a) => attempts.push(a) });
  await client.start();
}, 30_000);
afterAll(async () => {
  await client.stop();
  await net.stop();
});

describe('wrong swarm', () => {
  it('replaces the cached swarm from a 421 body and succeeds on the new swarm', async () => {
    const me = newAccount();
    const stored = await storeToInbox(client, { recipient: me.sessionId, data: bytes('before the move') });
    const oldSwarm = (await swarmFor(client, me.sessionId)).map((n) => n.pubkeyEd25519);

    // Empty our swarm into the one our pubkey will NOT map to, so that every cached member
    // answers 421 with the owning swarm's list.
    const nodes = net.nodes();
    const ownId = nodes.find((n) => n.ed25519 === oldSwarm[0])?.swarm ?? '';
    const others = [...new Set(nodes.map((n) => n.swarm))].filter((s) => s !== ownId);
    expect(others.length).toBeGreaterThanOrEqual(2);
    const owner = swarmForPubkey(
      others.map((h) => BigInt(`0x${h}`)),
      me.sessionId,
    );
    const dest = others.find((h) => BigInt(`0x${h}`) !== owner) ?? '';
    for (const ed of oldSwarm) await net.move(ed, dest);

    attempts.length = 0;
    const [got] = await retrieve(client, me, [{ namespace: 0, lastHash: '' }]);
    expect(got?.messages.map((m) => m.hash)).toEqual([stored.hash]);
    const first = attempts[0]?.target.pubkeyEd25519 ?? '';
    expect(oldSwarm).toContain(first);
    expect(attempts.length).toBeGreaterThan(1);
    const now = (client.state().swarms.get(me.sessionId) ?? []).map((n) => n.pubkeyEd25519);
    const ownerMembers = net
      .nodes()
      .filter((n) => BigInt(`0x${n.swarm}`) === owner)
      .map((n) => n.ed25519);
    expect(new Set(now)).toEqual(new Set(ownerMembers));
    expect(now.some((ed) => oldSwarm.includes(ed))).toBe(false);
  });
});
