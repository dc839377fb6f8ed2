import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { utf8 } from '../../src/crypto/bytes';
import { sodiumReady } from '../../src/crypto/sodium';
import { encodeOnionFrame, parseOnionFrame } from '../../src/onion/framing';
import { parseSeedAnswer, parseSwarmAnswer } from '../../src/onion/network-schemas';
import { classifyDestinationStatus, classifyPathResponse } from '../../src/onion/path-errors';
import { classifyOnionLayer, parseOnionEnvelope, peelOnionLayer } from '../../src/onion/relay';
import { decodeSnodeOnionReply, decodeV4OnionReply } from '../../src/onion/response';
import { openServerOnionRequest } from '../../src/onion/server-destination';
import { seededRandom } from './helpers';

beforeAll(async () => {
  await sodiumReady();
});

const ED = 'ab'.repeat(32);
const X = 'cd'.repeat(32);

describe('framing', () => {
  it('round-trips and rejects short, truncated, non-object JSON', () => {
    const f = encodeOnionFrame(utf8('blob'), { a: 1 });
    expect(parseOnionFrame(f)).toEqual({ ok: true, value: { blob: utf8('blob'), json: { a: 1 } } });
    expect(parseOnionFrame(new Uint8Array(3)).ok).toBe(false);
    expect(parseOnionFrame(Uint8Array.of(9, 0, 0, 0, 1)).ok).toBe(false);
    expect(parseOnionFrame(encodeOnionFrame(new Uint8Array(), {}).subarray(0, 4)).ok).toBe(false);
    const arr = new Uint8Array([0, 0, 0, 0, ...utf8('[1]')]);
    expect(parseOnionFrame(arr).ok).toBe(false);
  });

  it('envelope errors are 400 "Error parsing onion request: …"', () => {
    const bad = parseOnionEnvelope(encodeOnionFrame(utf8('x'), { ephemeral_key: 'zz' }));
    expect(!bad.ok && bad.error.message.startsWith('Error parsing onion request: ')).toBe(true);
    const enc = parseOnionEnvelope(encodeOnionFrame(utf8('x'), { ephemeral_key: X, enc_type: 'aes-cbc' }));
    expect(!enc.ok && enc.error.status).toBe(400);
    const hop = parseOnionEnvelope(encodeOnionFrame(utf8('x'), { ephemeral_key: X, hop_no: -4 }));
    expect(hop.ok && hop.value.hopNo).toBe(0);
    const far = parseOnionEnvelope(encodeOnionFrame(utf8('x'), { ephemeral_key: X, hop_no: 16 }));
    if (!far.ok) throw new Error('envelope');
    const peeled = peelOnionLayer(new Uint8Array(32).fill(3), far.value);
    expect(!peeled.ok && peeled.error.message).toBe('onion request max path length exceeded');
  });

  it('layer classification: destination, server, relay, invalid', () => {
    expect(classifyOnionLayer(encodeOnionFrame(utf8('{}'), { headers: {}, json: true }))).toMatchObject({
      ok: true,
      value: { kind: 'destination', embedJson: true, base64: true },
    });
    expect(classifyOnionLayer(encodeOnionFrame(utf8('{}'), { headers: '', base64: false }))).toMatchObject({
      ok: true,
      value: { base64: false },
    });
    expect(
      classifyOnionLayer(encodeOnionFrame(utf8(''), { host: 'h', target: '/oxen/v4/lsrpc' })),
    ).toMatchObject({
      ok: true,
      value: { kind: 'server', port: 443, protocol: 'https', allowed: true },
    });
    expect(
      classifyOnionLayer(encodeOnionFrame(utf8(''), { host: 'h', target: '/oxen/v4/lsrpc?x' })),
    ).toMatchObject({ value: { allowed: false } });
    expect(
      classifyOnionLayer(encodeOnionFrame(utf8(''), { destination: ED.toUpperCase(), ephemeral_key: X })),
    ).toMatchObject({
      ok: true,
      value: { kind: 'relay', destination: ED, encType: 'aes-gcm' },
    });
    expect(classifyOnionLayer(encodeOnionFrame(utf8(''), { destination: 'nope', ephemeral_key: X })).ok).toBe(
      false,
    );
    expect(classifyOnionLayer(encodeOnionFrame(utf8(''), { destination: ED })).ok).toBe(false);
  });
});

describe('path and destination error classification (§4.6, §3.9)', () => {
  it.each([
    [502, `Next node not found: ${ED}`, { kind: 'node-not-found', status: 502, ed25519: ED }],
    [
      502,
      `502 Bad Gateway\n\nNext node not found: ${ED}`,
      { kind: 'node-not-found', status: 502, ed25519: ED },
    ],
    [
      504,
      'Request time out',
      { kind: 'path-failure', status: 504, body: 'Request time out', oxenServerError: false },
    ],
    [
      503,
      `Snode not ready: ${ED}`,
      { kind: 'path-failure', status: 503, body: `Snode not ready: ${ED}`, oxenServerError: false },
    ],
    [
      500,
      'Invalid response from snode',
      { kind: 'path-failure', status: 500, body: 'Invalid response from snode', oxenServerError: false },
    ],
    [406, 'x', { kind: 'clock-out-of-sync', status: 406 }],
    [425, 'x', { kind: 'clock-out-of-sync', status: 425 }],
    [421, '{"snodes":[]}', { kind: 'wrong-swarm', status: 421, body: '{"snodes":[]}' }],
    [
      502,
      'Next node not found: garbage',
      { kind: 'path-failure', status: 502, body: 'Next node not found: garbage', oxenServerError: false },
    ],
  ])('guard status %i %j', (status, body, expected) => {
    expect(classifyPathResponse(status, utf8(body))).toEqual(expected);
  });

  it('200 is not an error; no answer at all is a path failure; bare 502 to a community is unreachable', () => {
    expect(classifyPathResponse(200, 'x')).toBeUndefined();
    expect(classifyPathResponse(undefined, '')?.kind).toBe('path-failure');
    expect(classifyPathResponse(502, 'Bad Gateway', { unknownServer: true })?.kind).toBe(
      'server-unreachable',
    );
    expect(classifyPathResponse(502, new Uint8Array([0xff, 0xfe]))?.kind).toBe('path-failure');
  });

  it('destination statuses', () => {
    expect(classifyDestinationStatus(401, 'x')).toEqual({ kind: 'unauthorized' });
    expect(classifyDestinationStatus(401, 'x', { allow401s: true })).toEqual({
      kind: 'client-error',
      status: 401,
      body: 'x',
    });
    expect(classifyDestinationStatus(400, 'bad')).toEqual({ kind: 'client-error', status: 400, body: 'bad' });
    expect(classifyDestinationStatus(500, 'Oxen Server error')).toEqual({ kind: 'oxen-server-error' });
    expect(classifyDestinationStatus(421, { snodes: [] })).toEqual({
      kind: 'wrong-swarm',
      body: { snodes: [] },
    });
    expect(classifyDestinationStatus(502, `Next node not found: ${ED}`)).toEqual({
      kind: 'target-not-found',
      ed25519: ED,
    });
    expect(classifyDestinationStatus(503, 'Snode not ready')).toEqual({
      kind: 'target-failure',
      status: 503,
      body: 'Snode not ready',
    });
  });
});

describe('network input schemas', () => {
  const state = (ip: string, i: number) => ({
    public_ip: ip,
    storage_port: 22000 + i,
    pubkey_ed25519: `${i}`.padStart(64, 'a'),
    pubkey_x25519: `${i}`.padStart(64, 'b'),
    requested_unlock_height: 0,
  });

  it('seed answer: drops 0.0.0.0 and empty ips, rejects bad shapes and empty lists', () => {
    const ans = {
      result: { height: 5, service_node_states: [state('1.2.3.4', 1), state('0.0.0.0', 2), state('', 3)] },
      status: 'OK',
    };
    const r = parseSeedAnswer(JSON.stringify(ans));
    expect(r.ok && r.value.snodes.map((s) => s.ip)).toEqual(['1.2.3.4']);
    expect(
      parseSeedAnswer({ result: { height: 5, service_node_states: [state('0.0.0.0', 1)] } }),
    ).toMatchObject({ error: { kind: 'empty' } });
    expect(parseSeedAnswer({ result: { service_node_states: [] } })).toMatchObject({
      error: { kind: 'invalid-shape' },
    });
    expect(parseSeedAnswer('{')).toMatchObject({ error: { kind: 'invalid-json' } });
    expect(parseSeedAnswer({ result: { height: 1, service_node_states: [state('999.1.1.1', 1)] } }).ok).toBe(
      false,
    );
  });

  it('get_swarm / 421 body: string port, port_https, swarm id hex, t', () => {
    const node = {
      ip: '1.2.3.4',
      port: '22021',
      port_https: 22021,
      port_omq: 1,
      pubkey_ed25519: ED,
      pubkey_x25519: X,
      pubkey_legacy: ED,
      address: 'x.snode',
    };
    const r = parseSwarmAnswer({
      snodes: [node, { ...node, ip: '0.0.0.0' }, { ...node, port_https: undefined }],
      swarm: 'ff',
      t: 17,
      hf: [19, 3],
    });
    expect(r.ok && r.value.snodes.length).toBe(2);
    expect(r.ok && r.value.swarmId).toBe(255n);
    expect(r.ok && r.value.t).toBe(17);
    expect(parseSwarmAnswer({ snodes: [{ ...node, port: undefined, port_https: undefined }] }).ok).toBe(
      false,
    );
    expect(parseSwarmAnswer({ snodes: [], swarm: 'ffffffffffffffff' })).toMatchObject({
      ok: true,
      value: { swarmId: (1n << 64n) - 1n },
    });
  });
});

describe('parsers never throw on hostile bytes', () => {
  const key = seededRandom(5)(32);
  it('all byte parsers return typed results', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        for (const r of [
          parseOnionFrame(b),
          parseOnionEnvelope(b),
          classifyOnionLayer(b),
          decodeSnodeOnionReply(b, key, 'aes-gcm'),
          decodeSnodeOnionReply(b, key, 'xchacha20'),
          decodeV4OnionReply(b, key, 'aes-gcm'),
          openServerOnionRequest(key, b),
        ]) {
          expect(typeof r.ok).toBe('boolean');
        }
        classifyPathResponse(502, b);
      }),
      { numRuns: 1500 },
    );
  });

  it('framed payloads with random JSON never throw', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 60 }),
        fc.dictionary(
          fc.constantFrom(
            'ephemeral_key',
            'enc_type',
            'hop_no',
            'destination',
            'host',
            'target',
            'port',
            'headers',
            'json',
            'base64',
            'protocol',
          ),
          fc.jsonValue(),
        ),
        (blob, json) => {
          const f = encodeOnionFrame(blob, json);
          const env = parseOnionEnvelope(f);
          if (env.ok) expect(typeof peelOnionLayer(key, env.value).ok).toBe('boolean');
          expect(typeof classifyOnionLayer(f).ok).toBe('boolean');
          expect(typeof openServerOnionRequest(key, f).ok).toBe('boolean');
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('network JSON schemas never throw', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (j, s) => {
        expect(typeof parseSeedAnswer(j).ok).toBe('boolean');
        expect(typeof parseSwarmAnswer(j).ok).toBe('boolean');
        expect(typeof parseSeedAnswer(s).ok).toBe('boolean');
        expect(typeof parseSwarmAnswer(s).ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });
});

describe('cached seed asset fallback (§1.3)', () => {
  it('drops nodes whose unlock height has probably passed', async () => {
    const { parseCachedSeedAsset } = await import('../../src/onion/network-schemas');
    const st = (i: number, unlock: number) => ({
      public_ip: `1.2.3.${i}`,
      storage_port: 22000,
      pubkey_ed25519: `${i}`.padStart(64, 'a'),
      pubkey_x25519: `${i}`.padStart(64, 'b'),
      requested_unlock_height: unlock,
    });
    const asset = { height: 1000, service_node_states: [st(1, 0), st(2, 1005), st(3, 1011)] };
    // 1201 s later: 10 blocks → estimate 1010
    const r = parseCachedSeedAsset(JSON.stringify(asset), 0, 1_201_000);
    expect(r.ok && r.value.snodes.map((n) => n.ip)).toEqual(['1.2.3.1', '1.2.3.3']);
    expect(parseCachedSeedAsset({ height: 1 }, 0, 0).ok).toBe(false);
  });
});
