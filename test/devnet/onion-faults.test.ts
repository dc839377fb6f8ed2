/** Devnet onion requests (network.md §4), the file server (§5) and fault injection. */
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { utf8 } from '../../src/crypto/bytes';
import { buildOnionRequest, type OnionHop } from '../../src/onion/builder';
import { decodeSnodeOnionReply, decodeV4OnionReply } from '../../src/onion/response';
import { encodeV4Request } from '../../src/onion/v4';
import type { EncType } from '../../src/onion/hop-crypto';
import type { Ed25519Hex, X25519Hex } from '../../src/onion/keys';
import type { DevnetNode } from '../../devnet/index';
import { MAX_FILE_SIZE } from '../../devnet/fileserver/routes';
import { obj, rawPost, rpc, useDevnet, vector } from './helpers';

const net = useDevnet({ nodes: 12, timeouts: { replicationMs: 1000, relayMs: 1000, proxyMs: 2000 } });
const random = (n: number): Uint8Array => new Uint8Array(randomBytes(n));

const hop = (n: DevnetNode): OnionHop => ({
  pubkeyEd25519: n.ed25519 as Ed25519Hex,
  pubkeyX25519: n.x25519 as X25519Hex,
});
function nodesAt(...i: number[]): DevnetNode[] {
  const all = net().nodes();
  return i.map((k) => {
    const n = all[k];
    if (!n) throw new Error(`no node ${k}`);
    return n;
  });
}

async function onionToSnode(
  path: DevnetNode[],
  target: DevnetNode,
  body: string,
  encType: EncType = 'aes-gcm',
): Promise<{ status: number; text: string; reply?: unknown }> {
  const built = buildOnionRequest({
    path: path.map(hop),
    target: { kind: 'snode', node: hop(target) },
    payload: utf8(body),
    encType,
    random,
  });
  const guard = path[0];
  if (!guard) throw new Error('empty path');
  const r = await rawPost(`${guard.url}/onion_req/v2`, built.guardBody);
  if (r.status !== 200) return { status: r.status, text: r.text };
  const dec = decodeSnodeOnionReply(new Uint8Array(r.body), built.destinationKey, built.encType);
  if (!dec.ok) throw new Error(`cannot decode reply: ${JSON.stringify(dec.error)}`);
  return { status: r.status, text: r.text, reply: dec.value };
}

describe('onion requests', () => {
  it.each<EncType>(['aes-gcm', 'xchacha20'])(
    '3 relays then the target answer storage RPC (%s)',
    async (enc) => {
      const [g, m, x, t] = nodesAt(0, 5, 7, 10) as [DevnetNode, DevnetNode, DevnetNode, DevnetNode];
      const r = await onionToSnode(
        [g, m, x],
        t,
        JSON.stringify({ jsonrpc: '2.0', method: 'info', params: {} }),
        enc,
      );
      expect(r.status).toBe(200);
      const reply = obj(r.reply);
      expect(reply.status).toBe(200);
      expect(obj(reply.bodyJson ?? JSON.parse(String(reply.body))).version).toEqual([2, 8, 0]);
    },
  );

  it('the vectors guard payload parses but cannot be decrypted by a devnet node: 400 Invalid ciphertext', async () => {
    const v = vector('onion_3hop_snode_request_aes_gcm_deterministic');
    const payload = Buffer.from(String(v.expected.guard_payload_hex), 'hex');
    const [g] = nodesAt(0) as [DevnetNode];
    const r = await rawPost(`${g.url}/onion_req/v2`, payload);
    expect([r.status, r.text]).toEqual([400, 'Invalid ciphertext']);
    const junk = await rawPost(`${g.url}/onion_req/v2`, Buffer.from([1, 2]));
    expect(junk.status).toBe(400);
    expect(junk.text.startsWith('Error parsing onion request')).toBe(true);
  });

  it('an unknown next hop gives plaintext 502 Next node not found', async () => {
    const [g, m] = nodesAt(1, 2) as [DevnetNode, DevnetNode];
    const ghostEd = 'ab'.repeat(32);
    const ghost = { ...m, ed25519: ghostEd };
    const r = await onionToSnode([g, ghost, m], m, '{"method":"info","params":{}}');
    expect([r.status, r.text]).toEqual([502, `Next node not found: ${ghostEd}`]);
  });

  it('a black-holed next hop gives 504 Request time out', async () => {
    const [g, m, x, t] = nodesAt(3, 4, 6, 8) as [DevnetNode, DevnetNode, DevnetNode, DevnetNode];
    net().setFaults(m.index, { blackhole: true });
    try {
      const r = await onionToSnode([g, m, x], t, '{"method":"info","params":{}}');
      expect([r.status, r.text]).toEqual([504, 'Request time out']);
    } finally {
      net().setFaults(m.index, { blackhole: false });
    }
  });
});

/**
 * The file server behind three hops, with the real servers' relay timeouts: a 10 MB body takes
 * longer than the 1 s the fault tests above give each hop (a loaded machine timed it out).
 */
describe('onion requests to the file server', () => {
  const fsNet = useDevnet({ nodes: 12 });

  it('reaches the file server with v4: upload, download, info, extend, 404 and the 10 MB limit', async () => {
    const [g, m, x] = [0, 4, 9].map((i) => fsNet().nodes()[i]) as [DevnetNode, DevnetNode, DevnetNode];
    const fs = new URL(fsNet().fileServer.url);
    const call = async (
      method: string,
      endpoint: string,
      body?: Uint8Array,
    ): Promise<{ code: number; body: Buffer }> => {
      const built = buildOnionRequest({
        path: [g, m, x].map(hop),
        target: {
          kind: 'server',
          host: fs.hostname,
          protocol: 'http',
          port: Number(fs.port),
          pubkeyX25519: fsNet().fileServer.x25519 as X25519Hex,
        },
        payload: encodeV4Request({ method, endpoint, headers: {}, body: body ?? null }),
        random,
      });
      const r = await rawPost(`${g.url}/onion_req/v2`, built.guardBody, 20_000);
      expect(r.status).toBe(200);
      const dec = decodeV4OnionReply(new Uint8Array(r.body), built.destinationKey, built.encType);
      if (!dec.ok) throw new Error('bad v4 reply');
      return { code: dec.value.code, body: Buffer.from(dec.value.body) };
    };
    const content = randomBytes(5000);
    const up = await call('POST', '/file', content);
    expect(up.code).toBe(200);
    const { id, expires } = obj(JSON.parse(up.body.toString('utf8')));
    expect(String(id)).toMatch(/^[A-Za-z0-9_-]{44}$/);
    expect(typeof expires).toBe('number');
    const down = await call('GET', `/file/${String(id)}`);
    expect(down.code).toBe(200);
    expect(down.body.equals(content)).toBe(true);
    const info = obj(JSON.parse((await call('GET', `/file/${String(id)}/info`)).body.toString('utf8')));
    expect(info.size).toBe(5000);
    const ext = await call('POST', `/file/${String(id)}/extend`);
    expect(ext.code).toBe(200);
    expect((await call('GET', '/file/doesnotexist')).code).toBe(404);
    // The server takes an encrypted 10 MB file (10,223,616 bytes at most), not one byte more.
    expect((await call('POST', '/file', new Uint8Array(MAX_FILE_SIZE + 1))).code).toBe(413);
  }, 30_000);
});

describe('control API and faults', () => {
  it('lists the network, injects faults, corrupts, moves a node and reports stats', async () => {
    const ctl = net().controlUrl;
    const overview = obj(JSON.parse(await (await fetch(ctl)).text()));
    expect(overview.seed).toBe(net().seedUrl);
    const [n] = nodesAt(2) as [DevnetNode];
    const set = await rawPost(
      `${ctl}nodes/${n.index}/faults`,
      JSON.stringify({ latencyMs: 50, clockSkewMs: 120_000 }),
    );
    expect(obj(obj(set.json).faults)).toMatchObject({ latencyMs: 50, clockSkewMs: 120_000 });
    const t = Number(obj((await rpc(n.url, 'info', {})).json).t);
    expect(Math.abs(t - (Date.now() + 120_000))).toBeLessThan(5_000);
    expect((await rawPost(`${ctl}nodes/${n.index}/faults`, JSON.stringify({ bogus: 1 }))).status).toBe(400);
    await rawPost(
      `${ctl}nodes/${n.index}/faults`,
      JSON.stringify({ corrupt: true, latencyMs: 0, clockSkewMs: 0 }),
    );
    const corrupted = await rpc(n.url, 'info', {});
    expect(corrupted.json === undefined || !JSON.stringify(corrupted.json).includes('[2,8,0]')).toBe(true);
    await rawPost(`${ctl}faults/clear`, '');
    await rawPost(`${ctl}nodes/${n.index}/faults`, JSON.stringify({ drop: true }));
    await expect(rpc(n.url, 'info', {})).rejects.toThrow();
    await rawPost(`${ctl}faults/clear`, '');

    // Store a message, move one member of its swarm elsewhere and another node in: the
    // newcomer receives the swarm's messages.
    const pubkey = `05${'11'.repeat(32)}`;
    const before = net().nodes();
    const owner = (await rpc(n.url, 'get_swarm', { pubkey })).json;
    const swarmHex = String(obj(owner).swarm);
    const member = before.find((x) => x.swarm === swarmHex);
    const newcomer = before.find((x) => x.swarm !== swarmHex);
    if (!member || !newcomer) throw new Error('layout');
    const stored = await rpc(member.url, 'store', {
      pubkey,
      timestamp: Date.now(),
      ttl: 600_000,
      data: 'aGk=',
    });
    expect(stored.status).toBe(200);
    const moved = await rawPost(`${ctl}nodes/${newcomer.index}/move`, JSON.stringify({ swarm: swarmHex }));
    expect(obj(moved.json).pushed).toBeGreaterThanOrEqual(1);
    const got = await rpc(newcomer.url, 'retrieve', { pubkey, namespace: -10 });
    expect(got.status).toBe(200);
    const stats = obj(JSON.parse(await (await fetch(`${ctl}stats`)).text()));
    expect(Object.keys(obj(stats.swarms)).length).toBeGreaterThanOrEqual(2);
    expect((stats.nodes as unknown[]).length).toBe(12);
  }, 30_000);
});
