/**
 * CPU per message ÷ the bare crypto it needs. Alice sends N messages to Bob (both at Session's
 * 5 s polling); the CPU of both processes (process.cpuUsage) from the first send until Bob has
 * stored all N and Alice has all N "sent" is divided by the CPU of the same N × bare operations
 * (bench/workers/bare.ts) run in Bob's process right after, with its core closed.
 *
 * Two windows of N, one after the other. The first starts 20 messages after the cores opened,
 * while V8 is still optimizing the send and receive paths: shown without a goal. The goal is
 * judged on the second, the app warm as the bare crypto is (bench/README.md, session 13).
 */
import type { Client } from '../lib/client';
import type { BenchContext } from '../lib/context';
import { epochNow } from '../lib/protocol';
import { round, sleep } from '../lib/stats';
import { metric, type MetricResult } from '../report';

/** A store request's JSON through the onion (the message, base64, with its params) and its answer. */
const PAYLOAD_BYTES = 700;
const REPLY_BYTES = 1_500;
/** As many as the bare crypto's warm-up rounds (bench/workers/bare.ts). */
const WARM_UP_MESSAGES = 20;

export const CPU_METRIC = 'CPU per message sent and received ÷ bare crypto it needs';
export const CPU_FIRST_METRIC = 'CPU per message ÷ bare crypto, right after start (V8 still optimizing)';

interface Usage {
  readonly cpuMs: number;
}
interface Window {
  readonly a0: Usage;
  readonly a1: Usage;
  readonly b0: Usage;
  readonly b1: Usage;
  readonly onionRequests: number;
  readonly newTls: number;
  readonly newTlsAlice: number;
  readonly windowMs: number;
}

/** Alice sends `bodies` to Bob; both processes' CPU from the first send until all are in. */
async function measureWindow(
  ctx: BenchContext,
  alice: Client,
  bob: Client,
  prefix: string,
  bodies: readonly string[],
): Promise<Window> {
  const [a0, b0, s0, at0, bt0] = await Promise.all([
    alice.child.call('usage', null),
    bob.child.call('usage', null),
    ctx.devnet.call('stats', null),
    alice.child.call('tlsConnections', null),
    bob.child.call('tlsConnections', null),
  ]);
  const n = bodies.length;
  const received = bob.child.call(
    'awaitCount',
    { prefix, direction: 'in', count: n, timeoutMs: 600_000 },
    610_000,
  );
  const sent = alice.child.call(
    'awaitCount',
    { prefix, direction: 'out', status: 'sent', count: n, timeoutMs: 600_000 },
    610_000,
  );
  // Awaited below; a failed send must not leave them unhandled meanwhile.
  received.catch(() => undefined);
  sent.catch(() => undefined);
  const t0 = epochNow();
  await alice.child.call('sendMany', { conversationId: bob.sessionId, bodies: [...bodies] });
  const [r, s] = await Promise.all([received, sent]);
  const [a1, b1, s1, at1, bt1] = await Promise.all([
    alice.child.call('usage', null),
    bob.child.call('usage', null),
    ctx.devnet.call('stats', null),
    alice.child.call('tlsConnections', null),
    bob.child.call('tlsConnections', null),
  ]);
  if (r.reachedAt === null || s.reachedAt === null)
    throw new Error(`only ${r.seen} received and ${s.seen} sent of ${n}`);
  return {
    a0,
    a1,
    b0,
    b1,
    // The devnet counts every hop: guard, two relays and the destination snode see each request.
    onionRequests: (s1.onionRequests - s0.onionRequests) / 4,
    // Counted in the cores' threads: handshakes actually made, not an estimate.
    newTls: at1.tls - at0.tls + (bt1.tls - bt0.tls),
    newTlsAlice: at1.tls - at0.tls,
    windowMs: Math.max(r.reachedAt, s.reachedAt) - t0,
  };
}

const appCpuMs = (w: Window): number => w.a1.cpuMs - w.a0.cpuMs + (w.b1.cpuMs - w.b0.cpuMs);

export async function cpuMetric(ctx: BenchContext, alice: Client, bob: Client): Promise<MetricResult[]> {
  const n = ctx.mode.cpuMessages;
  await Promise.all([alice, bob].map((c) => c.child.call('awaitPath', { timeoutMs: 30_000 })));
  // Both cores were just reopened (new threads, so V8 has compiled none of the send and receive
  // code yet), while the bare crypto is measured after warm-up rounds (bench/workers/bare.ts):
  // unmeasured messages first, so both sides are compared warm. A long-running app compiles its
  // send path once, not once per 200 messages. Twenty were not enough: V8 was still optimizing
  // the app's paths through the next 200 (bench/README.md, session 13), hence two windows.
  const warm = Array.from({ length: WARM_UP_MESSAGES }, (_, i) => `warm-${i} on se retrouve où ?`);
  const warmReceived = bob.child.call(
    'awaitCount',
    { prefix: 'warm-', direction: 'in', count: warm.length, timeoutMs: 120_000 },
    130_000,
  );
  const warmSent = alice.child.call(
    'awaitCount',
    { prefix: 'warm-', direction: 'out', status: 'sent', count: warm.length, timeoutMs: 120_000 },
    130_000,
  );
  warmReceived.catch(() => undefined);
  warmSent.catch(() => undefined);
  await alice.child.call('sendMany', { conversationId: bob.sessionId, bodies: warm });
  await Promise.all([warmReceived, warmSent]);
  // The first polls after opening fetch swarms; let them pass.
  await sleep(3_000);
  const bodies = (prefix: string) =>
    Array.from({ length: n }, (_, i) => `${prefix}${i} on se retrouve où demain matin ?`);
  const first = await measureWindow(ctx, alice, bob, 'first-', bodies('first-'));
  // Bob's poll that ended the first window may be followed by the next: one poll cycle apart.
  await sleep(1_000);
  ctx.log(`cpu: the second ${n}, measured against the goal`);
  const steady = await measureWindow(ctx, alice, bob, 'cpu-', bodies('cpu-'));

  await bob.child.call('close', null);
  const bare = await bob.child.call('bare', { n, payloadBytes: PAYLOAD_BYTES, replyBytes: REPLY_BYTES });
  const nodeUrl = ctx.nodeUrls[0];
  const tls = nodeUrl ? await bob.child.call('tls', { url: nodeUrl, n: 100 }) : undefined;
  const appMs = appCpuMs(steady);
  const onion = steady.onionRequests;
  const newTls = steady.newTls;
  const { a0, a1, b0, b1 } = steady;
  // What new TLS connections cost over reusing one (client side only; the nodes pay too).
  const tlsMs = tls ? newTls * (tls.freshConnectionCpuMs - tls.keepAliveCpuMs) : null;
  const firstMs = appCpuMs(first);
  const steadyRow = metric(ctx.mode.name, {
    metric: CPU_METRIC,
    value: appMs / bare.cpuMs,
    unit: '×',
    goal: { op: '<=', value: 1.5 },
    why:
      `Alice (sender) ${round((a1.cpuMs - a0.cpuMs) / n, 2)} ms per message, Bob (receiver) ` +
      `${round((b1.cpuMs - b0.cpuMs) / n, 2)} ms, the bare crypto ${round(bare.cpuMs / n, 2)} ms; ` +
      `${round(onion / n, 2)} onion requests and ${round(newTls / n, 2)} new TLS connections per message` +
      (tls && tlsMs !== null
        ? ` (a new one costs the client ${round(tls.freshConnectionCpuMs, 2)} ms of CPU against ` +
          `${round(tls.keepAliveCpuMs, 2)} ms on a kept-alive one: ${round(tlsMs)} ms of the ${round(appMs)} ms)`
        : ''),
    method:
      `${n} messages Alice → Bob (after ${WARM_UP_MESSAGES} unmeasured ones and the ${n} of the row above), both cores at 5 s polling in their own processes; ` +
      'process.cpuUsage (user + system) of both from the first send until all are stored at Bob ' +
      'and "sent" at Alice, ÷ the CPU of N × (2 × pad+sign+seal and 2 × 4-layer onion + reply ' +
      '(recipient copy and sync copy), open+verify+unpad) done bare with libsodium/node:crypto in ' +
      'the same run',
    details: {
      messages: n,
      windowMs: round(steady.windowMs),
      appCpuMs: round(appMs),
      aliceCpuMs: round(a1.cpuMs - a0.cpuMs),
      bobCpuMs: round(b1.cpuMs - b0.cpuMs),
      appCpuPerMessageMs: round(appMs / n, 3),
      bareCpuPerMessageMs: round(bare.cpuMs / n, 3),
      bareBreakdownPerMessageMs: Object.fromEntries(
        Object.entries(bare.perMessageMs).map(([k, v]) => [k, round(v, 3)]),
      ),
      onionRequests: onion,
      onionRequestsPerMessage: round(onion / n, 2),
      newTlsConnections: newTls,
      newTlsConnectionsAlice: steady.newTlsAlice,
      ...(tls
        ? {
            tlsClientCpuPerNewConnectionMs: round(tls.freshConnectionCpuMs, 3),
            tlsClientCpuPerKeptAliveRequestMs: round(tls.keepAliveCpuMs, 3),
            // The handshakes counted above, each at the measured extra client CPU of a new one.
            estimatedExtraCpuOfNewConnectionsMs: tlsMs === null ? null : round(tlsMs),
            ratioIfConnectionsWereKeptAlive: tlsMs === null ? null : round((appMs - tlsMs) / bare.cpuMs, 2),
          }
        : {}),
    },
  });
  const firstRow = metric(ctx.mode.name, {
    metric: CPU_FIRST_METRIC,
    value: firstMs / bare.cpuMs,
    unit: '×',
    goal: null,
    method:
      `the same measure over the ${n} messages sent right after the ${WARM_UP_MESSAGES} unmeasured ones, ` +
      'while V8 still optimizes the send and receive paths; the goal row is the next ' +
      `${n}, with the same bare crypto`,
    notes:
      `Alice ${round((first.a1.cpuMs - first.a0.cpuMs) / n, 2)} ms per message, Bob ` +
      `${round((first.b1.cpuMs - first.b0.cpuMs) / n, 2)} ms`,
    details: {
      messages: n,
      windowMs: round(first.windowMs),
      appCpuMs: round(firstMs),
      aliceCpuMs: round(first.a1.cpuMs - first.a0.cpuMs),
      bobCpuMs: round(first.b1.cpuMs - first.b0.cpuMs),
      appCpuPerMessageMs: round(firstMs / n, 3),
      onionRequestsPerMessage: round(first.onionRequests / n, 2),
      newTlsConnections: first.newTls,
    },
  });
  return [firstRow, steadyRow];
}
