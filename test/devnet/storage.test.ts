/** Conformance of the devnet storage RPC against network.md §2–§3 and the vectors. */
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/crypto/bytes';
import { seedRequestBody } from '../../src/onion/transport';
import { computeMessageHash } from '../../src/swarm/message-hash';
import { verifyStorageSignature } from '../../src/swarm/storage-signing';
import { swarmForPubkey } from '../../src/swarm/swarm-space';
import type { DevnetNode } from '../../devnet/index';
import {
  account,
  obj,
  randomAccount,
  rawPost,
  rpc,
  testClock,
  useDevnet,
  vector,
  type Account,
} from './helpers';

const T0 = 1_700_000_000_123;
const clock = testClock(T0 + 500);
const net = useDevnet({
  nodes: 12,
  clock: clock.now,
  timeouts: { replicationMs: 1500, relayMs: 1500, proxyMs: 1500 },
});

function swarmOf(pubkey: string): { members: DevnetNode[]; outsider: DevnetNode } {
  const nodes = net().nodes();
  const id = swarmForPubkey([...new Set(nodes.map((n) => BigInt(`0x${n.swarm}`)))], pubkey);
  const members = nodes.filter((n) => BigInt(`0x${n.swarm}`) === id);
  const outsider = nodes.find((n) => BigInt(`0x${n.swarm}`) !== id);
  if (!outsider || members.length === 0) throw new Error('bad layout');
  return { members, outsider };
}

function at<T>(a: readonly T[], i: number): T {
  const v = a[i];
  if (v === undefined) throw new Error(`no element ${i}`);
  return v;
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** An unsigned store of `text` to the public inbox (namespace 0). */
const storeText = (
  url: string,
  acc: Account,
  text: string,
  timestamp: number,
  ttl: number,
): ReturnType<typeof rpc> => rpc(url, 'store', { pubkey: acc.sessionId, timestamp, ttl, data: b64(text) });

function signedRetrieve(acc: Account, extra: Record<string, unknown> = {}, ns = 0): Record<string, unknown> {
  const ts = clock.now();
  return {
    pubkey: acc.sessionId,
    pubkey_ed25519: acc.edHex,
    timestamp: ts,
    signature: acc.sign(`retrieve${ns === 0 ? '' : ns}${ts}`),
    ...(ns !== 0 ? { namespace: ns } : {}),
    ...extra,
  };
}

function verifyB64(sig: unknown, msg: string, edHex: string): boolean {
  return typeof sig === 'string' && verifyStorageSignature(msg, sig, fromHex(edHex));
}

describe('seed and swarms', () => {
  it('seed answers get_n_service_nodes with the fields desktop requires', async () => {
    // Exactly the body the client sends (network.md §1.2).
    const r = await rawPost(`${net().seedUrl}json_rpc`, seedRequestBody());
    expect(r.status).toBe(200);
    expect(r.contentType).toBe('application/json');
    const result = obj(obj(r.json).result);
    expect(typeof result.height).toBe('number');
    const states = result.service_node_states as Array<Record<string, unknown>>;
    expect(states).toHaveLength(12);
    for (const s of states) {
      expect(s.public_ip).toBe('127.0.0.1');
      expect(s.pubkey_ed25519).toMatch(/^[0-9a-f]{64}$/);
      expect(s.pubkey_x25519).toMatch(/^[0-9a-f]{64}$/);
      expect(s.requested_unlock_height).toBe(0);
      expect(typeof s.storage_port).toBe('number');
    }
  });

  it('nodes form swarms of 5–7 with distinct 64-bit ids, and swarm_id is exact on the wire', async () => {
    const bySwarm = new Map<string, number>();
    for (const n of net().nodes()) bySwarm.set(n.swarm, (bySwarm.get(n.swarm) ?? 0) + 1);
    expect(bySwarm.size).toBeGreaterThanOrEqual(2);
    for (const size of bySwarm.values()) {
      expect(size).toBeGreaterThanOrEqual(5);
      expect(size).toBeLessThanOrEqual(7);
    }
    const r = await rawPost(
      `${net().seedUrl}json_rpc`,
      JSON.stringify({
        method: 'get_n_service_nodes',
        params: { fields: { swarm_id: true, pubkey_ed25519: true } },
      }),
    );
    const ids = [...r.text.matchAll(/"swarm_id":(\d+)/g)].map((m) => BigInt(m[1] ?? '0').toString(16));
    expect(new Set(ids)).toEqual(new Set(bySwarm.keys()));
  });

  it('get_swarm returns the full shape for the owning swarm; 421 from outside it', async () => {
    const acc = randomAccount();
    const { members, outsider } = swarmOf(acc.sessionId);
    const r = await rpc(at(members, 0).url, 'get_swarm', { pubkey: acc.sessionId });
    expect(r.status).toBe(200);
    const body = obj(r.json);
    expect(body.swarm).toBe(at(members, 0).swarm);
    expect(body.t).toBe(clock.now());
    expect(body.hf).toEqual([19, 4]);
    const snodes = body.snodes as Array<Record<string, unknown>>;
    expect(snodes.map((s) => s.pubkey_ed25519).sort()).toEqual(members.map((m) => m.ed25519).sort());
    for (const s of snodes) {
      expect(typeof s.port).toBe('string');
      expect(typeof s.port_https).toBe('number');
      expect(s.address).toMatch(/\.snode$/);
    }
    const wrong = await storeText(outsider.url, acc, 'x', clock.now(), 60_000);
    expect(wrong.status).toBe(421);
    expect(obj(wrong.json).swarm).toBe(at(members, 0).swarm);
    expect((obj(wrong.json).snodes as unknown[]).length).toBe(members.length);
  });

  it('info carries version, t from the injected clock and hf', async () => {
    const r = await rpc(at(net().nodes(), 3).url, 'info', {});
    expect(obj(r.json)).toEqual({ version: [2, 8, 0], timestamp: clock.now(), t: clock.now(), hf: [19, 4] });
    expect(r.text.startsWith('{"hf"')).toBe(true); // keys sorted like nlohmann::json
  });
});

describe('storage RPC', () => {
  it('store replicates to every member before replying, with per-member signatures and the exact hash', async () => {
    const acc = randomAccount();
    const { members } = swarmOf(acc.sessionId);
    const data = b64('hello swarm');
    const r = await rpc(at(members, 0).url, 'store', {
      pubkey: acc.sessionId,
      timestamp: clock.now(),
      ttl: 3_600_000,
      data,
      namespace: 0,
    });
    expect(r.status).toBe(200);
    const body = obj(r.json);
    const hash = computeMessageHash(acc.sessionId, 0, Buffer.from(data, 'base64'));
    expect(body.hash).toBe(hash);
    expect(body.t).toBe(clock.now());
    const swarm = obj(body.swarm);
    expect(Object.keys(swarm).sort()).toEqual(members.map((m) => m.ed25519).sort());
    for (const [ed, entry] of Object.entries(swarm)) {
      const e = obj(entry);
      expect(e.hash).toBe(hash);
      expect(e.expiry).toBe(clock.now() + 3_600_000);
      expect(verifyB64(e.signature, hash, ed)).toBe(true);
    }
    for (const m of members.slice(1)) {
      const got = await rpc(m.url, 'retrieve', signedRetrieve(acc));
      expect(got.status).toBe(200);
      const msgs = obj(got.json).messages as Array<Record<string, unknown>>;
      expect(msgs.map((x) => x.hash)).toEqual([hash]);
      expect(msgs[0]?.data).toBe(data);
      expect(msgs[0]?.expiration).toBe(clock.now() + 3_600_000);
    }
  });

  it('the message hash vector matches the devnet hash', async () => {
    const v = vector('storage_message_hash_ns0');
    const pubkey = String(v.inputs.pubkey);
    const { members } = swarmOf(pubkey);
    const r = await rpc(at(members, 1).url, 'store', {
      pubkey,
      timestamp: clock.now(),
      ttl: 60_000,
      data: v.inputs.data_base64,
    });
    expect(obj(r.json).hash).toBe(v.expected.hash);
  });

  it('accepts the vector signatures, checks Ed→X, accepts upper-case hex, refuses tampering', async () => {
    clock.set(T0);
    const v = vector('storage_request_signatures_user');
    const acc = account(Buffer.from(String(v.inputs.ed25519_seed_hex).slice(0, 64), 'hex'));
    expect(acc.sessionId).toBe(v.expected.session_id);
    const sigs = obj(v.expected.signature_base64);
    const node = at(swarmOf(acc.sessionId).members, 0).url;
    const base = { pubkey: acc.sessionId, pubkey_ed25519: acc.edHex, timestamp: T0 };
    expect((await rpc(node, 'retrieve', { ...base, signature: sigs.retrieve_ns0 })).status).toBe(200);
    expect(
      (await rpc(node, 'retrieve', { ...base, namespace: 2, signature: sigs.retrieve_ns2 })).status,
    ).toBe(200);
    const upper = await rpc(node, 'retrieve', {
      ...base,
      pubkey_ed25519: acc.edHex.toUpperCase(),
      signature: sigs.retrieve_ns0,
    });
    expect(upper.status).toBe(200);
    const stored = await rpc(node, 'store', {
      ...base,
      namespace: 3,
      ttl: 20 * 86_400_000,
      data: b64('config'),
      signature: sigs.store_ns3,
    });
    expect(stored.status).toBe(200);
    const tampered = String(sigs.retrieve_ns0).replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    const bad = await rpc(node, 'retrieve', { ...base, signature: tampered });
    expect([bad.status, bad.text]).toEqual([401, 'retrieve signature verification failed']);
    const other = randomAccount();
    const mismatch = await rpc(node, 'retrieve', {
      ...base,
      pubkey_ed25519: other.edHex,
      signature: other.sign(`retrieve${T0}`),
    });
    expect(mismatch.status).toBe(401);
    const exp = await rpc(node, 'get_expiries', {
      ...base,
      messages: ['hash4321', 'hash4221'],
      signature: sigs.get_expiries,
    });
    expect(obj(exp.json)).toEqual({ expiries: {} });
    const del = await rpc(node, 'delete_all', { ...base, namespace: 'all', signature: sigs.delete_all_all });
    expect(del.status).toBe(200);
    const hash = String(obj(stored.json).hash);
    for (const [ed, entry] of Object.entries(obj(obj(del.json).swarm))) {
      expect(obj(entry).deleted).toEqual({ '3': [hash] });
      expect(verifyB64(obj(entry).signature, `${acc.sessionId}${T0}${hash}`, ed)).toBe(true);
    }
    clock.set(T0 + 500);
  });

  it('answers clock errors with 406 (and 401 for a past expire), honouring a skewed node clock', async () => {
    const acc = randomAccount();
    const { members } = swarmOf(acc.sessionId);
    const node = at(members, 0);
    const now = clock.now();
    const old = await rpc(node.url, 'retrieve', {
      pubkey: acc.sessionId,
      pubkey_ed25519: acc.edHex,
      timestamp: now - 61_000,
      signature: acc.sign(`retrieve${now - 61_000}`),
    });
    expect([old.status, old.text]).toEqual([406, 'retrieve timestamp too far from current time']);
    const future = await storeText(node.url, acc, 'f', now + 11_000, 60_000);
    expect([future.status, future.text]).toEqual([406, 'Timestamp error: check your clock']);
    const hash = 'A'.repeat(43);
    const past = await rpc(node.url, 'expire', {
      pubkey: acc.sessionId,
      pubkey_ed25519: acc.edHex,
      messages: [hash],
      expiry: now - 61_000,
      signature: acc.sign(`expire${now - 61_000}${hash}`),
    });
    expect([past.status, past.text]).toEqual([401, 'expire: timestamp should be >= current time']);
    net().setFaults(node.index, { clockSkewMs: 5 * 60_000 });
    try {
      const skewed = await storeText(node.url, acc, 's', now, 60_000);
      expect(skewed.status).toBe(406);
      expect(obj((await rpc(node.url, 'info', {})).json).t).toBe(now + 5 * 60_000);
    } finally {
      net().setFaults(node.index, { clockSkewMs: 0 });
    }
  });

  it('enforces auth, TTL and size rules with the server bodies (401/403/400/413)', async () => {
    const acc = randomAccount();
    const node = at(swarmOf(acc.sessionId).members, 0).url;
    const now = clock.now();
    const s = (p: Record<string, unknown>): Promise<{ status: number; text: string }> =>
      rpc(node, 'store', { pubkey: acc.sessionId, timestamp: now, data: b64('d'), ...p });
    expect(await s({ ttl: 60_000, namespace: 2 })).toMatchObject({
      status: 401,
      text: 'store: signature required to store to namespace 2',
    });
    expect(await s({ ttl: 5_000 })).toMatchObject({ status: 403, text: 'Provided expiry/TTL is not valid.' });
    expect((await s({ ttl: 15 * 86_400_000 })).status).toBe(403);
    const sig = { pubkey_ed25519: acc.edHex, signature: acc.sign(`store2${now}`) };
    expect((await s({ ttl: 15 * 86_400_000, namespace: 2, ...sig })).status).toBe(200);
    expect((await s({ ttl: '60000', timestamp: String(now) })).status).toBe(200);
    expect(await rpc(node, 'retrieve', { pubkey: acc.sessionId })).toMatchObject({
      status: 401,
      text: 'retrieve: request signature required',
    });
    expect((await rpc(node, 'retrieve', { pubkey: acc.sessionId, namespace: -10 })).status).toBe(200);
    expect(await rpc(node, 'retrieve', signedRetrieve(acc, { last_hash: 'abc' }))).toMatchObject({
      status: 400,
      text: 'invalid request: Invalid last_hash: expected base64 (43 chars)',
    });
    expect(await rpc(node, 'frobnicate', {})).toMatchObject({ status: 400, text: 'no method frobnicate' });
    expect(await rawPost(`${node}/storage_rpc/v1`, '{not json')).toMatchObject({
      status: 400,
      text: 'invalid json',
    });
    expect((await rpc(node, 'store', { pubkey: 'zz', timestamp: 'x' })).status).toBe(400);
    expect((await s({ ttl: 60_000, data: Buffer.alloc(76_801).toString('base64') })).status).toBe(400);
    expect((await rpc(node, 'retrieve', { ...signedRetrieve(acc), signature: 'A'.repeat(87) })).status).toBe(
      400,
    );
    const big = await rawPost(`${node}/storage_rpc/v1`, Buffer.alloc(10 * 1024 * 1024 + 10, 32));
    expect([big.status, big.text]).toEqual([413, 'Request body too large']);
  });

  it('pages with max_count, max_size, last_hash and more; unknown last_hash restarts', async () => {
    const acc = randomAccount();
    const node = at(swarmOf(acc.sessionId).members, 2).url;
    const hashes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await storeText(node, acc, `m${i}`, clock.now(), 600_000);
      hashes.push(String(obj(r.json).hash));
    }
    const page = async (extra: Record<string, unknown>): Promise<{ hashes: unknown[]; more: unknown }> => {
      const b = obj((await rpc(node, 'retrieve', signedRetrieve(acc, extra))).json);
      return { hashes: (b.messages as Array<Record<string, unknown>>).map((m) => m.hash), more: b.more };
    };
    expect(await page({ max_count: 2 })).toEqual({ hashes: hashes.slice(0, 2), more: true });
    expect(await page({ max_count: 2, last_hash: hashes[1] })).toEqual({
      hashes: hashes.slice(2, 4),
      more: true,
    });
    expect(await page({ last_hash: hashes[3] })).toEqual({ hashes: hashes.slice(4), more: false });
    expect(await page({ last_hash: 'B'.repeat(43) })).toEqual({ hashes, more: false });
    expect(await page({ max_size: 1 })).toEqual({ hashes: hashes.slice(0, 1), more: true });
    expect(await page({ max_size: -1 })).toEqual({ hashes, more: false });
  });

  it('expires messages with the controllable clock; duplicates keep one copy and extend', async () => {
    const acc = randomAccount();
    const node = at(swarmOf(acc.sessionId).members, 0).url;
    const p = { pubkey: acc.sessionId, timestamp: clock.now(), ttl: 10_000, data: b64('short') };
    expect((await rpc(node, 'store', p)).status).toBe(200);
    const again = obj((await rpc(node, 'store', { ...p, ttl: 20_000 })).json);
    for (const e of Object.values(obj(again.swarm)))
      expect(obj(e)).toMatchObject({ already: true, expiry: p.timestamp + 20_000 });
    const start = clock.now();
    try {
      clock.advance(21_000);
      net().sweep();
      const got = obj((await rpc(node, 'retrieve', signedRetrieve(acc))).json);
      expect(got.messages).toEqual([]);
    } finally {
      clock.set(start);
    }
  });

  it('delete, expire and get_expiries replicate and are signed by each member', async () => {
    const acc = randomAccount();
    const { members } = swarmOf(acc.sessionId);
    const [a, b] = [at(members, 0).url, at(members, 1).url];
    const now = clock.now();
    const h1 = String(obj((await storeText(a, acc, 'one', now, 600_000)).json).hash);
    const h2 = String(obj((await storeText(a, acc, 'two', now, 600_000)).json).hash);
    const far = now + 40 * 86_400_000;
    const ex = await rpc(a, 'expire', {
      pubkey: acc.sessionId,
      pubkey_ed25519: acc.edHex,
      messages: [h1],
      expiry: far,
      extend: true,
      signature: acc.sign(`expireextend${far}${h1}`),
    });
    expect(ex.status).toBe(200);
    const clamped = now + 30 * 86_400_000;
    for (const [ed, e] of Object.entries(obj(obj(ex.json).swarm))) {
      expect(obj(e)).toMatchObject({ updated: [h1], expiry: clamped, unchanged: {} });
      expect(verifyB64(obj(e).signature, `${acc.sessionId}${clamped}${h1}${h1}`, ed)).toBe(true);
    }
    const ge = await rpc(b, 'get_expiries', {
      pubkey: acc.sessionId,
      pubkey_ed25519: acc.edHex,
      timestamp: now,
      messages: [h1, h2],
      signature: acc.sign(`get_expiries${now}${h1}${h2}`),
    });
    expect(obj(ge.json)).toEqual({ expiries: { [h1]: clamped, [h2]: now + 600_000 } });
    const del = await rpc(a, 'delete', {
      pubkey: acc.sessionId,
      pubkey_ed25519: acc.edHex,
      messages: [h2],
      signature: acc.sign(`delete${h2}`),
    });
    for (const [ed, e] of Object.entries(obj(obj(del.json).swarm))) {
      expect(obj(e).deleted).toEqual([h2]);
      expect(verifyB64(obj(e).signature, `${acc.sessionId}${h2}${h2}`, ed)).toBe(true);
    }
    const left = obj((await rpc(b, 'retrieve', signedRetrieve(acc))).json).messages as Array<
      Record<string, unknown>
    >;
    expect(left.map((m) => m.hash)).toEqual([h1]);
    const none = await rpc(a, 'delete', {
      pubkey: acc.sessionId,
      pubkey_ed25519: acc.edHex,
      messages: [h2],
      required: true,
      signature: acc.sign(`delete${h2}`),
    });
    expect(none.status).toBe(404);
  });

  it('batch runs all, sequence stops at the first failure; error bodies are strings', async () => {
    const acc = randomAccount();
    const node = at(swarmOf(acc.sessionId).members, 0).url;
    const bad = { method: 'retrieve', params: { pubkey: acc.sessionId } };
    const batch = obj(
      (
        await rpc(node, 'batch', {
          requests: [
            { method: 'info', params: {} },
            bad,
            { method: 'get_swarm', params: { pubkey: acc.sessionId } },
          ],
        })
      ).json,
    );
    const results = batch.results as Array<Record<string, unknown>>;
    expect(results.map((r) => r.code)).toEqual([200, 401, 200]);
    expect(results[1]?.body).toBe('retrieve: request signature required');
    const seq = obj(
      (
        await rpc(node, 'sequence', {
          requests: [{ method: 'info', params: {} }, bad, { method: 'info', params: {} }],
        })
      ).json,
    );
    expect((seq.results as unknown[]).length).toBe(2);
    const tooMany = await rpc(node, 'batch', {
      requests: Array.from({ length: 21 }, () => ({ method: 'info', params: {} })),
    });
    expect(tooMany.status).toBe(400);
    const oxend = await rpc(node, 'oxend_request', {
      endpoint: 'get_service_nodes',
      params: { fields: { pubkey_ed25519: true } },
    });
    expect((obj(obj(oxend.json).result).service_node_states as unknown[]).length).toBe(12);
  });

  it('a killed member is unreachable and reported failed; after restart it still has its data', async () => {
    const acc = randomAccount();
    const { members } = swarmOf(acc.sessionId);
    const [a, victim] = [at(members, 0), at(members, 1)];
    const now = clock.now();
    const h1 = String(obj((await storeText(a.url, acc, 'before', now, 600_000)).json).hash);
    await net().kill(victim.index);
    await expect(rpc(victim.url, 'info', {})).rejects.toThrow();
    const r = await storeText(a.url, acc, 'during', now, 600_000);
    expect(r.status).toBe(200);
    expect(obj(obj(obj(r.json).swarm)[victim.ed25519])).toEqual({ failed: true, timeout: true });
    await net().restart(victim.index);
    const got = obj((await rpc(victim.url, 'retrieve', signedRetrieve(acc))).json).messages as Array<
      Record<string, unknown>
    >;
    expect(got.map((m) => m.hash)).toEqual([h1]);
  });
});
