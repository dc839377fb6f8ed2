/**
 * Issue #18 item 9's private-group figures, with the app processes the other rows use (each core
 * in its worker thread, `process.cpuUsage` per process; the devnet in its own process):
 *
 * - Alice creates a group and invites 99 people (a group of 100 with her): time and CPU of her
 *   process from `groups.create` until every invitation is stored in its invitee's swarm. The
 *   invitees are fresh accounts nobody has written to, so the devnet's count of swarm owners
 *   with a message (`stats.owners`) rises by exactly one per invitation stored, plus the group's.
 * - The CPU of Alice's process per group message ÷ per 1-to-1 message, measured in the same run,
 *   in alternating rounds (1-to-1, group, 1-to-1, group) at Session's 5 s polling; each round
 *   lasts from the first send until all are "sent". A group message must cost one store in the
 *   group's swarm, not one per member: the onion requests per message are in the details.
 * - Bruno, one of the 99 (restored from a phrase made here, so his swarm was empty too), accepts
 *   and is then measured over 60 s (20 s quick) at Session's 5 s polling while Alice posts to the
 *   group every 10 s: the CPU of his process (his own swarm and the group's polled, the posts
 *   received and stored).
 */
import { randomBytes } from 'node:crypto';
import { encodeRecoveryPhrase } from '../../src/crypto/recovery-phrase';
import { generateSeed16, identityFromSeed } from '../../src/crypto/keys';
import { sodiumReady } from '../../src/crypto/sodium';
import { startClient, type Client } from '../lib/client';
import type { BenchContext } from '../lib/context';
import { epochNow } from '../lib/protocol';
import { round, sleep } from '../lib/stats';
import { failed, metric, type Goal, type MetricResult } from '../report';

export const GROUP_ROWS: readonly (readonly [string, string, Goal | null])[] = [
  ['create a group and invite 100 members (all invitations stored)', 's', null],
  ['create a group and invite 100 members: CPU of the app process', 'ms', null],
  ['CPU to send one group message ÷ one 1-to-1 message', '×', { op: '<=', value: 1.2 }],
  ['receiving from a 100-member group at Session’s polling, CPU', '% of a core', { op: '<', value: 1 }],
];

/** Alice and the 99 she invites: a group of 100, the most Session allows. */
const INVITEES = 99;
/** Messages per round of the send ratio (two rounds of each kind). */
const ROUND = { full: 50, quick: 10 } as const;
const POST_EVERY_MS = 10_000;

function row(i: number): readonly [string, string, Goal | null] {
  const r = GROUP_ROWS[i];
  if (!r) throw new Error(`no group row ${i}`);
  return r;
}

/** A fresh Session ID (nobody will ever read it): only its swarm receives the invitation. */
function strangerId(): string {
  return identityFromSeed(new Uint8Array(randomBytes(16))).sessionId;
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

interface SendRound {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly onion: number;
}

/** Alice sends `n` messages to `conversationId` and waits until all are sent: her CPU. */
async function sendRound(
  ctx: BenchContext,
  alice: Client,
  conversationId: string,
  prefix: string,
  n: number,
): Promise<SendRound> {
  const bodies = Array.from({ length: n }, (_, i) => `${prefix}${i} on se retrouve où demain matin ?`);
  const [u0, s0] = await Promise.all([alice.child.call('usage', null), ctx.devnet.call('stats', null)]);
  const sent = alice.child.call(
    'awaitCount',
    { prefix, direction: 'out', status: 'sent', count: n, timeoutMs: 300_000 },
    310_000,
  );
  sent.catch(() => undefined);
  const t0 = epochNow();
  await alice.child.call('sendMany', { conversationId, bodies });
  const s = await sent;
  if (s.reachedAt === null) throw new Error(`${prefix}: only ${s.seen} of ${n} sent`);
  const [u1, s1] = await Promise.all([alice.child.call('usage', null), ctx.devnet.call('stats', null)]);
  // The devnet counts every hop: guard, two relays and the destination snode see each request.
  return {
    cpuMs: u1.cpuMs - u0.cpuMs,
    wallMs: s.reachedAt - t0,
    onion: (s1.onionRequests - s0.onionRequests) / 4,
  };
}

export async function groupMetrics(ctx: BenchContext): Promise<MetricResult[]> {
  await sodiumReady();
  const clients: Client[] = [];
  const results: MetricResult[] = [];
  try {
    const alice = await startClient(ctx, 'Alice', {});
    clients.push(alice);
    // Bruno's account exists only as a phrase until he opens it: his swarm is empty until then.
    const seed = generateSeed16();
    const brunoId = identityFromSeed(seed).sessionId;
    const members = [brunoId, ...Array.from({ length: INVITEES - 1 }, strangerId)];
    await alice.child.call('awaitPath', { timeoutMs: 30_000 });
    // The first polls and config pushes after opening; let them pass.
    await sleep(3_000);

    // 1. Create and invite.
    const [u0, st0] = await Promise.all([alice.child.call('usage', null), ctx.devnet.call('stats', null)]);
    const t0 = epochNow();
    const created = (await alice.child.call('dispatch', {
      name: 'groups.create',
      args: { name: 'Bench choir', members },
    })) as { groupId: string };
    const groupId = created.groupId;
    const createdAt = epochNow();
    // Every invitee's swarm, and the group's, gets its first message.
    const storedAt = await waitFor('every invitation stored', 900_000, async () => {
      const s = await ctx.devnet.call('stats', null);
      return s.owners - st0.owners >= INVITEES + 1 ? epochNow() : undefined;
    });
    const u1 = await alice.child.call('usage', null);
    const st1 = await ctx.devnet.call('stats', null);
    const createMs = storedAt - t0;
    const createCpu = u1.cpuMs - u0.cpuMs;
    const onionCreate = (st1.onionRequests - st0.onionRequests) / 4;
    const createMethod = `Alice's \`groups.create\` with ${INVITEES} fresh Session IDs (a group of ${INVITEES + 1}): Keys/Info/Members pushed to the group's swarm, then one invitation each through the outbox; done when the devnet holds a message for every invitee and the group (its count of swarm owners rose by ${INVITEES + 1}); CPU of Alice's process over that time, at Session's 5 s polling`;
    const createDetails = {
      createCallMs: round(createdAt - t0),
      onionRequests: round(onionCreate),
      onionPerInvite: round(onionCreate / INVITEES, 2),
    };
    results.push(
      metric(ctx.mode.name, {
        metric: row(0)[0],
        value: createMs / 1000,
        unit: 's',
        goal: row(0)[2],
        method: createMethod,
        details: createDetails,
      }),
      metric(ctx.mode.name, {
        metric: row(1)[0],
        value: createCpu,
        unit: 'ms',
        goal: row(1)[2],
        method: createMethod,
        details: { ...createDetails, cpuPerInviteMs: round(createCpu / INVITEES, 2) },
      }),
    );
    ctx.log(
      `groups: created and invited ${INVITEES} in ${round(createMs)} ms, ${round(createCpu)} ms CPU, ${round(onionCreate)} onion requests`,
    );

    // 2. Bruno opens his account (restored), finds the invitation and accepts it.
    const bruno = await startClient(ctx, 'Bruno', { phrase: encodeRecoveryPhrase(seed) });
    clients.push(bruno);
    await bruno.child.call('awaitPath', { timeoutMs: 30_000 });
    await waitFor('Bruno has the invitation', 120_000, async () => {
      const list = (await bruno.child.call('dispatch', { name: 'groups.list', args: {} })) as {
        groupId: string;
      }[];
      return list.some((g) => g.groupId === groupId) ? true : undefined;
    });
    await bruno.child.call('dispatch', { name: 'requests.accept', args: { conversationId: groupId } });
    await alice.child.call('dispatch', { name: 'conversations.open', args: { sessionId: brunoId } });

    // 3. The send ratio, in alternating rounds so that the machine's load falls on both alike.
    const n = ROUND[ctx.mode.name];
    const oneToOne: SendRound[] = [];
    const group: SendRound[] = [];
    try {
      for (const r of [0, 1]) {
        oneToOne.push(await sendRound(ctx, alice, brunoId, `dm${r}-`, n));
        group.push(await sendRound(ctx, alice, groupId, `grp${r}-`, n));
      }
      const sum = (rs: SendRound[], k: keyof SendRound) => rs.reduce((t, x) => t + x[k], 0);
      const perDm = sum(oneToOne, 'cpuMs') / (2 * n);
      const perGroup = sum(group, 'cpuMs') / (2 * n);
      const onionDm = sum(oneToOne, 'onion') / (2 * n);
      const onionGroup = sum(group, 'onion') / (2 * n);
      results.push(
        metric(ctx.mode.name, {
          metric: row(2)[0],
          value: perGroup / perDm,
          unit: '×',
          goal: row(2)[2],
          method: `CPU of Alice's process per message, ${2 * n} messages to the ${INVITEES + 1}-member group ÷ ${2 * n} to Bruno 1-to-1, in alternating rounds of ${n} (from the first send until all are "sent"), at Session's 5 s polling`,
          details: {
            groupMsCpuPerMessage: round(perGroup, 2),
            oneToOneMsCpuPerMessage: round(perDm, 2),
            onionPerGroupMessage: round(onionGroup, 2),
            onionPerOneToOneMessage: round(onionDm, 2),
            groupRoundsMs: group.map((g) => round(g.wallMs)),
            oneToOneRoundsMs: oneToOne.map((g) => round(g.wallMs)),
          },
          why: `a group message cost ${round(perGroup, 2)} ms of CPU and ${round(onionGroup, 2)} onion requests, a 1-to-1 message ${round(perDm, 2)} ms and ${round(onionDm, 2)} (the 1-to-1 one includes the copy to our own swarm)`,
        }),
      );
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      results.push(failed(ctx.mode.name, row(2)[0], row(2)[1], row(2)[2], why));
    }

    // 4. Bruno receiving from the group at Session's polling.
    const windowMs = ctx.mode.name === 'quick' ? 20_000 : 60_000;
    const posts = Math.floor(windowMs / POST_EVERY_MS);
    await sleep(5_000);
    const received = bruno.child.call(
      'awaitCount',
      { prefix: 'idle-', direction: 'in', count: posts, timeoutMs: windowMs + 30_000 },
      windowMs + 40_000,
    );
    received.catch(() => undefined);
    const [b0, bt0] = await Promise.all([
      bruno.child.call('usage', null),
      bruno.child.call('tlsConnections', null),
    ]);
    const w0 = epochNow();
    for (let i = 0; i < posts; i++) {
      await alice.child.call('sendMany', {
        conversationId: groupId,
        bodies: [`idle-${i} la répétition est à 19 h`],
      });
      await sleep(Math.max(0, w0 + (i + 1) * POST_EVERY_MS - epochNow()));
    }
    const [b1, bt1] = await Promise.all([
      bruno.child.call('usage', null),
      bruno.child.call('tlsConnections', null),
    ]);
    const wall = epochNow() - w0;
    const got = await received;
    const cpuMs = b1.cpuMs - b0.cpuMs;
    results.push(
      metric(ctx.mode.name, {
        metric: row(3)[0],
        value: (cpuMs / wall) * 100,
        unit: '% of a core',
        goal: row(3)[2],
        method: `CPU of Bruno's app process over ${windowMs / 1000} s at Session's 5 s polling (his swarm and the ${INVITEES + 1}-member group's) while Alice posts to the group every ${POST_EVERY_MS / 1000} s`,
        details: {
          cpuMs: round(cpuMs),
          wallMs: round(wall),
          posts,
          received: got.seen,
          newTlsConnections: bt1.tls - bt0.tls,
        },
        why: `${round(cpuMs)} ms of CPU in ${round(wall / 1000)} s: ${got.seen} of ${posts} posts received, ${bt1.tls - bt0.tls} new TLS connections (see the idle CPU row: the same polling without a group)`,
      }),
    );
    return results;
  } finally {
    await Promise.all(clients.map((c) => c.child.stop()));
  }
}
