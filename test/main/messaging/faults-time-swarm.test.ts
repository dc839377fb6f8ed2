import { describe, expect, it } from 'vitest';
import { swarmForPubkey } from '../../../src/swarm/swarm-space';
import {
  call,
  deliveryReport,
  messagesOf,
  readUntilCount,
  type TestClient,
  useAliceAndBob,
  waitFor,
} from './helpers';

const FIVE_MIN = 5 * 60_000;

/** A conversation both ways, `n` messages each, interleaved; returns what each side sent. */
async function converse(a: TestClient, b: TestClient, tag: string, n: number) {
  const fromA: string[] = [];
  const fromB: string[] = [];
  for (let i = 0; i < n; i++) {
    fromA.push(`${tag} a${i}`);
    fromB.push(`${tag} b${i}`);
    await call(a, 'messages.send', { conversationId: b.sessionId, body: `${tag} a${i}` });
    await call(b, 'messages.send', { conversationId: a.sessionId, body: `${tag} b${i}` });
  }
  return { fromA, fromB };
}

/** Incoming bodies of `client` from `peer` that start with `tag`. */
async function incoming(client: TestClient, peer: TestClient, tag: string): Promise<string[]> {
  return (await messagesOf(client, peer.sessionId))
    .filter((m) => m.direction === 'in' && m.body.startsWith(`${tag} `))
    .map((m) => m.body);
}

async function expectAllDelivered(scenario: string, a: TestClient, b: TestClient, tag: string, n: number) {
  const sent = { toB: Array.from({ length: n }, (_, i) => `${tag} a${i}`), toA: [] as string[] };
  sent.toA = Array.from({ length: n }, (_, i) => `${tag} b${i}`);
  const atB = await readUntilCount(() => incoming(b, a, tag), n, 120_000);
  const atA = await readUntilCount(() => incoming(a, b, tag), n, 120_000);
  // A late duplicate would come in on a later poll: give it the time of a few.
  await new Promise((r) => setTimeout(r, 800));
  const reportB = deliveryReport(`${scenario} (A → B)`, sent.toB, await incoming(b, a, tag));
  const reportA = deliveryReport(`${scenario} (B → A)`, sent.toA, await incoming(a, b, tag));
  expect(reportB).toMatchObject({ lost: 0, duplicated: 0 });
  expect(reportA).toMatchObject({ lost: 0, duplicated: 0 });
  expect(atB.length + atA.length).toBe(2 * n);
}

/** Clock skew and swarm reassignment in the middle of a conversation: nothing lost or doubled. */
describe('messaging under clock skew and swarm changes', () => {
  const pair = useAliceAndBob({
    // Alice's computer is 5 minutes fast, Bob's 5 minutes slow.
    alice: { clock: () => Date.now() + FIVE_MIN },
    bob: { clock: () => Date.now() - FIVE_MIN },
    setup: async ({ alice, bob }) => {
      await call(alice, 'conversations.open', { sessionId: bob.sessionId });
      await call(bob, 'conversations.open', { sessionId: alice.sessionId });
    },
  });

  /** Sent times of `client`'s own messages tagged `tag`. */
  const sentTimes = async (client: TestClient, peer: TestClient, tag: string) =>
    (await messagesOf(client, peer.sessionId))
      .filter((m) => m.direction === 'out' && m.body.startsWith(`${tag} `))
      .map((m) => m.sentAt);

  it('clients 5 min fast and 5 min slow: every message once, stamped with network time', async () => {
    // What is sent before the first answer of any node carries the local clock (as in Session):
    // stamp-checking starts once each client has heard the network's time.
    for (const c of [pair.alice, pair.bob])
      await waitFor('network time', () =>
        Math.abs(c.core.network!.networkNow() - Date.now()) < 10_000 ? true : undefined,
      );
    const started = Date.now();
    await converse(pair.alice, pair.bob, 'skew-client', 10);
    await expectAllDelivered('client clocks ±5 min', pair.alice, pair.bob, 'skew-client', 10);
    // Both stamped their messages with network time, not their own wrong clocks.
    const times = [
      ...(await sentTimes(pair.alice, pair.bob, 'skew-client')),
      ...(await sentTimes(pair.bob, pair.alice, 'skew-client')),
    ];
    expect(times).toHaveLength(20);
    for (const t of times) expect(Math.abs(t - started)).toBeLessThan(60_000);
  }, 200_000);

  it('the whole network jumps 5 min ahead mid-conversation: every message once, then on its clock', async () => {
    pair.devnet.setClockOffset(FIVE_MIN);
    try {
      await converse(pair.alice, pair.bob, 'skew-net', 10);
      await expectAllDelivered('network clock +5 min', pair.alice, pair.bob, 'skew-net', 10);
      // Both clients then keep time with the network, not with their own clocks.
      for (const c of [pair.alice, pair.bob])
        await waitFor('network time follows the network', () =>
          Math.abs(c.core.network!.networkNow() - (Date.now() + FIVE_MIN)) < 10_000 ? true : undefined,
        );
    } finally {
      pair.devnet.setClockOffset(0);
    }
  }, 200_000);

  it('nodes disagreeing by ±5 min among themselves: every message once', async () => {
    // Two nodes of each swarm run 5 minutes ahead of the rest, two 5 minutes behind.
    for (const swarm of new Set(pair.devnet.nodes().map((n) => n.swarm))) {
      const members = pair.devnet.nodes().filter((n) => n.swarm === swarm);
      members.slice(0, 2).forEach((n) => {
        pair.devnet.setFaults(n.index, { clockSkewMs: FIVE_MIN });
      });
      members.slice(2, 4).forEach((n) => {
        pair.devnet.setFaults(n.index, { clockSkewMs: -FIVE_MIN });
      });
    }
    try {
      await converse(pair.alice, pair.bob, 'skew-nodes', 10);
      await expectAllDelivered('node clocks ±5 min', pair.alice, pair.bob, 'skew-nodes', 10);
    } finally {
      pair.devnet.clearFaults();
    }
  }, 200_000);

  it('the recipient’s swarm is dissolved into another mid-conversation: every message once', async () => {
    await converse(pair.alice, pair.bob, 'move1', 5);
    await expectAllDelivered('before the swarm move', pair.alice, pair.bob, 'move1', 5);

    // Move every member of Bob's swarm into another swarm: his messages are pushed to the new
    // owners, and both clients learn of the move from a 421.
    const nodes = pair.devnet.nodes();
    const swarms = [...new Set(nodes.map((n) => n.swarm))];
    const bobSwarm = swarmForPubkey(
      swarms.map((h) => BigInt(`0x${h}`)),
      pair.bob.sessionId,
    );
    const from = nodes.filter((n) => BigInt(`0x${n.swarm}`) === bobSwarm);
    const dest = swarms.find((h) => BigInt(`0x${h}`) !== bobSwarm) ?? '';
    expect(from.length).toBeGreaterThan(0);
    const sending = converse(pair.alice, pair.bob, 'move2', 5);
    for (const n of from) await pair.devnet.move(n.index, dest);
    await sending;
    await converse(pair.alice, pair.bob, 'move3', 5);
    for (const tag of ['move2', 'move3'])
      await expectAllDelivered(`swarm dissolved mid-conversation, ${tag}`, pair.alice, pair.bob, tag, 5);
    // The first part is still there exactly once (old messages moved with the swarm).
    expect(await incoming(pair.bob, pair.alice, 'move1')).toHaveLength(5);
  }, 200_000);
});
