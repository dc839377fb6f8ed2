/**
 * Pool refresh after nodes leave the network (network.md §1.5) and automatic recovery after
 * an outage. The seed is fronted by a small filtering proxy: that is how nodes "leave" (the
 * devnet seed always lists every node), and a dead second seed shows seeds are asked in
 * parallel.
 */
import { createServer, request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Devnet } from '../../../devnet/index';
import type { NetworkClient } from '../../../src/main/network/network-client';
import type { NetworkStatus } from '../../../src/shared/ipc/network';
import { retrieve, storeToInbox } from '../../../src/main/network/swarm-api';
import { bytes, clientOn, devnet, newAccount, until } from './helpers';

let net: Devnet;
let client: NetworkClient;
let proxy: Server;
const removed = new Set<string>();

const SeedAnswer = z.looseObject({
  result: z.looseObject({ service_node_states: z.array(z.looseObject({ pubkey_ed25519: z.string() })) }),
});

function startProxy(target: string): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const up = request(
        `${target}json_rpc`,
        { method: 'POST', headers: { 'Content-Type': 'application/json' } },
        (r) => {
          const body: Buffer[] = [];
          r.on('data', (c: Buffer) => body.push(c));
          r.on('end', () => {
            const answer = SeedAnswer.parse(JSON.parse(Buffer.concat(body).toString('utf8')));
            answer.result.service_node_states = answer.result.service_node_states.filter(
              (s) => !removed.has(s.pubkey_ed25519),
            );
            res.writeHead(200, { 'Content-Type': 'application/json' });
            res.end(JSON.stringify(answer));
          });
        },
      );
      up.end(Buffer.concat(chunks));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  net = await devnet();
  proxy = await startProxy(net.seedUrl);
  const port = (proxy.address() as { port: number }).port;
  client = clientOn(net, {
    seedUrls: ['http://127.0.0.1:9/', `http://127.0.0.1:${port}/`],
    poolRefresh: { firstMs: 300, everyMs: 300 },
  });
  await client.start();
}, 30_000);
afterAll(async () => {
  await client.stop();
  proxy.closeAllConnections();
  await new Promise((r) => proxy.close(r));
  await net.stop();
});

describe('pool refresh and recovery', () => {
  it('drops nodes that left the network at the next refresh and keeps working', async () => {
    expect(client.status().poolSize).toBe(12);
    // One guard and two other nodes leave.
    const leaving = [client.state().guards[0]?.pubkeyEd25519 ?? '', ...net.nodes().map((n) => n.ed25519)]
      .filter((ed, i, all) => all.indexOf(ed) === i)
      .filter((ed) => ed !== client.state().guards[1]?.pubkeyEd25519)
      .slice(0, 3);
    for (const ed of leaving) {
      removed.add(ed);
      await net.kill(ed);
    }
    await until(() => client.status().poolSize === 9 && client.status().state === 'connected', 10_000);
    const hops = client.status().paths.flatMap((p) => p.hops.map((h) => h.ed25519));
    expect(hops.some((ed) => removed.has(ed))).toBe(false);
    const me = newAccount();
    const stored = await storeToInbox(client, { recipient: me.sessionId, data: bytes('after refresh') });
    const [got] = await retrieve(client, me, [{ namespace: 0, lastHash: '' }]);
    expect(got?.messages.map((m) => m.hash)).toEqual([stored.hash]);
  });

  it('goes offline with a reason when every node is down, and back to connected by itself', async () => {
    const states: NetworkStatus[] = [];
    const off = client.onStatus((s) => states.push(s));
    const alive = net.nodes().filter((n) => n.alive);
    await Promise.all(alive.map((n) => net.kill(n.ed25519)));
    const me = newAccount();
    await expect(
      storeToInbox(client, { recipient: me.sessionId, data: bytes('nobody home') }),
    ).rejects.toThrow();
    await until(() => client.status().state === 'offline');
    expect(client.status().reason).not.toBeNull();
    await Promise.all(alive.map((n) => net.restart(n.ed25519)));
    await until(() => client.status().state === 'connected', 15_000);
    off();
    expect(states.some((s) => s.state === 'offline')).toBe(true);
    await storeToInbox(client, { recipient: me.sessionId, data: bytes('back online') });
  });
});
