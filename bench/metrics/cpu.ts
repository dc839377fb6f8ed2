/**
 * CPU per message ÷ the bare crypto it needs. Alice sends N messages to Bob (both at Session's
 * 5 s polling); the CPU of both processes (process.cpuUsage) from the first send until Bob has
 * stored all N and Alice has all N "sent" is divided by the CPU of the same N × bare operations
 * (bench/workers/bare.ts) run in Bob's process right after, with its core closed.
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

export async function cpuMetric(ctx: BenchContext, alice: Client, bob: Client): Promise<MetricResult> {
  const n = ctx.mode.cpuMessages;
  await Promise.all([alice, bob].map((c) => c.child.call('awaitPath', { timeoutMs: 30_000 })));
  // Both cores were just reopened (new threads, so V8 has compiled none of the send and receive
  // code yet), while the bare crypto is measured after warm-up rounds (bench/workers/bare.ts):
  // the same number of unmeasured messages first, so both sides are compared warm. A long-running
  // app compiles its send path once, not once per 200 messages.
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
  const bodies = Array.from({ length: n }, (_, i) => `cpu-${i} on se retrouve où demain matin ?`);
  const [a0, b0, s0, at0, bt0] = await Promise.all([
    alice.child.call('usage', null),
    bob.child.call('usage', null),
    ctx.devnet.call('stats', null),
    alice.child.call('tlsConnections', null),
    bob.child.call('tlsConnections', null),
  ]);
  const received = bob.child.call(
    'awaitCount',
    { prefix: 'cpu-', direction: 'in', count: n, timeoutMs: 600_000 },
    610_000,
  );
  const sent = alice.child.call(
    'awaitCount',
    { prefix: 'cpu-', direction: 'out', status: 'sent', count: n, timeoutMs: 600_000 },
    610_000,
  );
  // Awaited below; a failed send must not leave them unhandled meanwhile.
  received.catch(() => undefined);
  sent.catch(() => undefined);
  const t0 = epochNow();
  await alice.child.call('sendMany', { conversationId: bob.sessionId, bodies });
  const [r, s] = await Promise.all([received, sent]);
  const [a1, b1, s1, at1, bt1] = await Promise.all([
    alice.child.call('usage', null),
    bob.child.call('usage', null),
    ctx.devnet.call('stats', null),
    alice.child.call('tlsConnections', null),
    bob.child.call('tlsConnections', null),
  ]);
  // Counted in the cores' threads: handshakes actually made, not an estimate.
  const newTls = at1.tls - at0.tls + (bt1.tls - bt0.tls);
  if (r.reachedAt === null || s.reachedAt === null)
    throw new Error(`only ${r.seen} received and ${s.seen} sent of ${n}`);
  const appMs = a1.cpuMs - a0.cpuMs + (b1.cpuMs - b0.cpuMs);

  await bob.child.call('close', null);
  const bare = await bob.child.call('bare', { n, payloadBytes: PAYLOAD_BYTES, replyBytes: REPLY_BYTES });
  const nodeUrl = ctx.nodeUrls[0];
  const tls = nodeUrl ? await bob.child.call('tls', { url: nodeUrl, n: 100 }) : undefined;
  // The devnet counts every hop: guard, two relays and the destination snode see each request.
  const onion = (s1.onionRequests - s0.onionRequests) / 4;
  // What new TLS connections cost over reusing one (client side only; the nodes pay too).
  const tlsMs = tls ? newTls * (tls.freshConnectionCpuMs - tls.keepAliveCpuMs) : null;
  return metric(ctx.mode.name, {
    metric: 'CPU per message sent and received ÷ bare crypto it needs',
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
      `${n} messages Alice → Bob (after ${WARM_UP_MESSAGES} unmeasured ones), both cores at 5 s polling in their own processes; ` +
      'process.cpuUsage (user + system) of both from the first send until all are stored at Bob ' +
      'and "sent" at Alice, ÷ the CPU of N × (2 × pad+sign+seal and 2 × 4-layer onion + reply ' +
      '(recipient copy and sync copy), open+verify+unpad) done bare with libsodium/node:crypto in ' +
      'the same run',
    details: {
      messages: n,
      windowMs: round(Math.max(r.reachedAt, s.reachedAt) - t0),
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
      newTlsConnectionsAlice: at1.tls - at0.tls,
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
}
