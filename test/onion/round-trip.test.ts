import { beforeAll, describe, expect, it } from 'vitest';
import { fromUtf8, utf8 } from '../../src/crypto/bytes';
import { sodiumReady } from '../../src/crypto/sodium';
import { buildOnionRequest } from '../../src/onion/builder';
import { x25519PublicFromSecret } from '../../src/onion/hop-crypto';
import { toHex } from '../../src/crypto/bytes';
import type { X25519Hex } from '../../src/onion/keys';
import { classifyDestinationStatus, classifyPathResponse } from '../../src/onion/path-errors';
import { decodeSnodeOnionReply, decodeV4OnionReply } from '../../src/onion/response';
import { decodeV4Body, encodeV4Request } from '../../src/onion/v4';
import { parseOnionFrame } from '../../src/onion/framing';
import { parseOnionEnvelope, peelOnionLayer } from '../../src/onion/relay';
import { seededRandom } from './helpers';
import { handleOnion, makeNodes, type SimOptions } from './sim-network';

beforeAll(async () => {
  await sodiumReady();
});

const random = seededRandom(1234);
let nodes: ReturnType<typeof makeNodes> = [];
const serverSecret = seededRandom(99)(32);
const serverX = () => toHex(x25519PublicFromSecret(serverSecret)) as X25519Hex;

beforeAll(() => {
  nodes = makeNodes(6, seededRandom(42));
});

function sim(extra: Partial<SimOptions> = {}): SimOptions {
  return {
    nodes,
    random,
    rpc: (_n, body) => ({
      status: 200,
      body: { json: { echo: JSON.parse(fromUtf8(body)) as unknown, t: 1700000000000 } },
    }),
    servers: {
      'files.local': {
        secret: serverSecret,
        handle: (req) => ({
          code: 200,
          headers: { 'content-type': 'application/json' },
          body: utf8(
            JSON.stringify({ method: req.method, endpoint: req.endpoint, size: req.body?.length ?? 0 }),
          ),
        }),
      },
    },
    ...extra,
  };
}

const path = () => nodes.slice(0, 3).map((n) => n.snode);

describe('onion round trips through 3 simulated relays', () => {
  for (const encType of ['aes-gcm', 'xchacha20'] as const) {
    it(`snode destination (${encType}): exact payload delivered, reply decoded`, () => {
      const seen: Uint8Array[] = [];
      const payload = utf8('{"jsonrpc":"2.0","method":"info","params":{}}');
      const target = nodes[4]!.snode;
      const built = buildOnionRequest({
        path: path(),
        target: { kind: 'snode', node: target },
        payload,
        encType,
        random,
      });
      const res = handleOnion(sim({ seen }), nodes[0]!, built.guardBody);
      expect(res.status).toBe(200);
      expect(seen).toEqual([payload]);
      expect(classifyPathResponse(res.status, res.body)).toBeUndefined();
      const reply = decodeSnodeOnionReply(res.body, built.destinationKey, encType);
      expect(reply.ok).toBe(true);
      if (!reply.ok) return;
      expect(reply.value.status).toBe(200);
      expect(reply.value.bodyJson).toEqual({
        echo: { jsonrpc: '2.0', method: 'info', params: {} },
        t: 1700000000000,
      });
      expect(classifyDestinationStatus(reply.value.status, reply.value.body)).toEqual({ kind: 'ok' });
    });

    it(`HTTP server destination, v4 (${encType}): request parsed by the server, reply decoded`, () => {
      const seen: Uint8Array[] = [];
      const file = new Uint8Array(3000).fill(7);
      const payload = encodeV4Request({
        method: 'POST',
        endpoint: '/file',
        headers: { 'Content-Type': 'application/octet-stream' },
        body: file,
      });
      const built = buildOnionRequest({
        path: path(),
        target: { kind: 'server', host: 'files.local', pubkeyX25519: serverX(), protocol: 'http' },
        payload,
        encType,
        random,
      });
      const res = handleOnion(sim({ seen }), nodes[0]!, built.guardBody);
      expect(res.status).toBe(200);
      expect(seen.length).toBe(1);
      const reply = decodeV4OnionReply(res.body, built.destinationKey, encType);
      expect(reply.ok).toBe(true);
      if (!reply.ok) return;
      expect(reply.value.code).toBe(200);
      expect(decodeV4Body(reply.value)).toEqual({
        ok: true,
        value: { kind: 'json', value: { method: 'POST', endpoint: '/file', size: 3000 } },
      });
    });
  }

  it('the exit layer for a server carries host/target/method/protocol/port', () => {
    const built = buildOnionRequest({
      path: [nodes[0]!.snode],
      target: { kind: 'server', host: 'files.local', pubkeyX25519: serverX(), protocol: 'http' },
      payload: encodeV4Request({ method: 'GET', endpoint: '/file/abc' }),
      random,
    });
    const env = parseOnionEnvelope(built.guardBody);
    if (!env.ok) throw new Error('bad envelope');
    const peeled = peelOnionLayer(nodes[0]!.secret, env.value);
    if (!peeled.ok || peeled.value.layer.kind !== 'server') throw new Error('not a server layer');
    const l = peeled.value.layer;
    expect([l.host, l.target, l.protocol, l.port, l.allowed]).toEqual([
      'files.local',
      '/oxen/v4/lsrpc',
      'http',
      80,
      true,
    ]);
    const frame = parseOnionFrame(l.payload);
    expect(frame.ok && Object.keys(frame.value.json)).toEqual([
      'host',
      'target',
      'method',
      'protocol',
      'port',
      'ephemeral_key',
    ]);
  });

  it('an exit refuses proxy targets other than /oxen|/loki …/lsrpc', () => {
    const built = buildOnionRequest({
      path: path(),
      target: { kind: 'server', host: 'files.local', pubkeyX25519: serverX(), target: '/evil?x=1' },
      payload: encodeV4Request({ method: 'GET', endpoint: '/' }),
      random,
    });
    const res = handleOnion(sim(), nodes[0]!, built.guardBody);
    const reply = decodeSnodeOnionReply(res.body, built.destinationKey, 'aes-gcm');
    // encrypted with the exit's layer key, not the destination's
    expect(reply.ok).toBe(false);
    const fromExit = decodeSnodeOnionReply(res.body, built.hopKeys[2]!, 'aes-gcm');
    expect(fromExit.ok && [fromExit.value.status, fromExit.value.body]).toEqual([400, 'Invalid url']);
  });

  it('a relay whose next node is unknown answers 502 in plaintext: client drops that node', () => {
    const target = nodes[4]!.snode;
    const built = buildOnionRequest({
      path: path(),
      target: { kind: 'snode', node: target },
      payload: utf8('{}'),
      random,
    });
    const res = handleOnion(
      sim({ offline: new Set([nodes[2]!.snode.pubkeyEd25519]) }),
      nodes[0]!,
      built.guardBody,
    );
    expect(res.status).toBe(502);
    expect(classifyPathResponse(res.status, res.body)).toEqual({
      kind: 'node-not-found',
      status: 502,
      ed25519: nodes[2]!.snode.pubkeyEd25519,
    });
  });

  it('a target error travels encrypted and is classified at the destination level', () => {
    const built = buildOnionRequest({
      path: path(),
      target: { kind: 'snode', node: nodes[4]!.snode },
      payload: utf8('{}'),
      random,
    });
    const res = handleOnion(
      sim({ rpc: () => ({ status: 406, body: 'Timestamp error: check your clock' }) }),
      nodes[0]!,
      built.guardBody,
    );
    const reply = decodeSnodeOnionReply(res.body, built.destinationKey, 'aes-gcm');
    expect(reply.ok && reply.value.status).toBe(406);
    if (reply.ok)
      expect(classifyDestinationStatus(reply.value.status, reply.value.body)).toEqual({
        kind: 'clock-out-of-sync',
        status: 406,
      });
  });

  it('a corrupted onion is refused with 400 Invalid ciphertext by the first hop', () => {
    const built = buildOnionRequest({
      path: path(),
      target: { kind: 'snode', node: nodes[4]!.snode },
      payload: utf8('{}'),
      random,
    });
    const bad = built.guardBody.slice();
    bad[20] = (bad[20] ?? 0) ^ 0x80;
    const res = handleOnion(sim(), nodes[0]!, bad);
    expect(res.status).toBe(400);
    expect(fromUtf8(res.body)).toBe('Invalid ciphertext');
    expect(classifyPathResponse(res.status, res.body)?.kind).toBe('path-failure');
  });

  it('a corrupted or mis-keyed reply is rejected, not misread', () => {
    const built = buildOnionRequest({
      path: path(),
      target: { kind: 'snode', node: nodes[4]!.snode },
      payload: utf8('{}'),
      random,
    });
    const res = handleOnion(sim(), nodes[0]!, built.guardBody);
    const text = fromUtf8(res.body);
    const flipped = utf8(
      (text[10] === 'A' ? 'B' : 'A') + text.slice(1, 10) + (text[10] === 'A' ? 'B' : 'A') + text.slice(11),
    );
    const r1 = decodeSnodeOnionReply(flipped, built.destinationKey, 'aes-gcm');
    expect(!r1.ok && r1.error.kind).toBe('decrypt');
    const r2 = decodeSnodeOnionReply(res.body, new Uint8Array(32), 'aes-gcm');
    expect(!r2.ok && r2.error.kind).toBe('decrypt');
    const r3 = decodeSnodeOnionReply(new Uint8Array(), built.destinationKey, 'aes-gcm');
    expect(!r3.ok && r3.error.kind).toBe('empty');
    // desktop also accepts the base64 wrapped in {"result": …}
    const wrapped = utf8(JSON.stringify({ result: text }));
    expect(decodeSnodeOnionReply(wrapped, built.destinationKey, 'aes-gcm').ok).toBe(true);
  });
});
