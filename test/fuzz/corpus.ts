/**
 * Valid inputs the fuzzers start from: built with our own encoders (deterministically: fixed keys,
 * fixed nonces) and read from the shared known-answer vectors. Call `buildCorpus()` after
 * `sodiumReady()`.
 */
import fc from 'fast-check';
import { fromHex, toBase64, toHex, utf8 } from '../../src/crypto/bytes';
import { encodeRecoveryPhrase } from '../../src/crypto/recovery-phrase';
import { identityFromSeed, type Identity, type Seed16 } from '../../src/crypto/keys';
import { padMessage, padMessageLegacy } from '../../src/crypto/padding';
import { encryptForRecipientDeterministic } from '../../src/crypto/session-protocol';
import { bencode } from '../../src/onion/bencode';
import { buildOnionRequest, type OnionHop } from '../../src/onion/builder';
import { encodeOnionFrame } from '../../src/onion/framing';
import { x25519PublicFromSecret, type EncType } from '../../src/onion/hop-crypto';
import type { Ed25519Hex, X25519Hex } from '../../src/onion/keys';
import { encodeSnodeReply, encodeV4Reply } from '../../src/onion/reply';
import type { RandomBytes } from '../../src/onion/result';
import { encodeV4Request, encodeV4Response } from '../../src/onion/v4';
import { seedRequestBody } from '../../src/onion/transport';
import {
  encodeContent,
  encodeEnvelope,
  encodeWebSocketMessage,
  wrapEnvelopeBytes,
  type ContentMessage,
} from '../../src/swarm/messages';
import { content as contentArbitrary } from '../swarm/messages/arbitraries';
import { loadVectorFile, str } from '../crypto/vectors';
import { vector as networkVector } from '../onion/helpers';
import type { Json } from './mutate';

/** Deterministic bytes (xorshift32): fuzz inputs must be reproducible from their seed. */
export function detRandom(seed: number): RandomBytes {
  let s = seed >>> 0 || 1;
  return (n: number) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      s ^= s << 13;
      s >>>= 0;
      s ^= s >>> 17;
      s ^= s << 5;
      s >>>= 0;
      out[i] = s & 0xff;
    }
    return out;
  };
}

export const SENT_AT = 1_754_971_101_000;

export interface Corpus {
  /** Sender (vector account A) and recipient (B): 1-to-1 messages go A → B. */
  readonly alice: Identity;
  readonly bob: Identity;
  readonly contents: readonly Uint8Array[];
  readonly envelopes: readonly Uint8Array[];
  readonly webSocketMessages: readonly Uint8Array[];
  /** Sealed boxes (sign + seal) for bob. */
  readonly sealedForBob: readonly Uint8Array[];
  /** Onion reply key shared with a snode / server destination. */
  readonly replyKey: Uint8Array;
  readonly snodeReplies: ReadonlyArray<{ readonly encType: EncType; readonly body: Uint8Array }>;
  readonly snodeReplyPlaintexts: readonly Json[];
  readonly v4Replies: ReadonlyArray<{ readonly encType: EncType; readonly body: Uint8Array }>;
  readonly v4Plaintexts: readonly Uint8Array[];
  /** A node whose X25519 secret we hold, and `/onion_req/v2` bodies addressed to it. */
  readonly nodeSecret: Uint8Array;
  readonly nodePublic: Uint8Array;
  readonly onionEnvelopes: readonly Uint8Array[];
  /** Decrypted layer plaintexts (frames) of the three kinds: destination, server, relay. */
  readonly layerFrames: readonly Uint8Array[];
  readonly bencoded: readonly Uint8Array[];
  readonly seedAnswers: readonly Json[];
  readonly swarmAnswers: readonly Json[];
  readonly batchResults: readonly Json[];
  readonly storeResults: readonly Json[];
  readonly retrieveResults: readonly Json[];
  readonly phrases: readonly string[];
  readonly sessionIds: readonly string[];
}

function hop(edHex: string, xHex: string): OnionHop {
  return { pubkeyEd25519: edHex as Ed25519Hex, pubkeyX25519: xHex as X25519Hex };
}

function contentSeeds(): Uint8Array[] {
  const handmade: ContentMessage[] = [
    { dataMessage: { body: 'Bonjour, ça va ?' }, sigTimestamp: SENT_AT },
    {
      dataMessage: {
        body: 'quoted',
        quote: { id: SENT_AT - 1, author: `05${'ab'.repeat(32)}` },
        profile: { displayName: 'Alice', lastProfileUpdateSeconds: 1_754_971_101 },
        attachments: [{ id: 12345n, contentType: 'image/png', size: 10, key: new Uint8Array(64) }],
      },
      expirationType: 'DELETE_AFTER_SEND',
      expirationTimer: 3600,
      sigTimestamp: SENT_AT,
    },
    { receiptMessage: { type: 'READ', timestamp: [SENT_AT, SENT_AT + 1] } },
    { typingMessage: { timestamp: SENT_AT, action: 'STARTED' } },
    { unsendRequest: { timestamp: SENT_AT, author: `05${'cd'.repeat(32)}` } },
    { messageRequestResponse: { isApproved: true } },
  ];
  const generated = fc.sample(contentArbitrary, { seed: 7, numRuns: 24 });
  return [...handmade, ...generated].map(encodeContent);
}

export function buildCorpus(): Corpus {
  const identity = loadVectorFile('identity.json');
  const byId = (id: string): { inputs: Record<string, unknown>; expected: Record<string, unknown> } => {
    const v = identity.vectors.find((x) => x.id === id);
    if (!v) throw new Error(`vector ${id} missing`);
    return v;
  };
  const wire = byId('wire-1o1-A-to-B');
  const alice = identityFromSeed(fromHex('0123456789abcdef0123456789abcdef'));
  const bob = identityFromSeed(fromHex('00112233445566778899aabbccddeeff'));

  const contents = [fromHex(str(wire.expected, 'content_hex')), ...contentSeeds()];
  const sealedForBob = [
    fromHex(str(wire.expected, 'sealed_box_hex')),
    ...contents
      .slice(0, 8)
      .map((c, i) =>
        encryptForRecipientDeterministic(
          alice.ed25519SecretKey,
          bob.x25519PublicKey,
          i % 2 === 0 ? padMessage(c) : padMessageLegacy(c),
        ),
      ),
    // Note to Self: bob to bob.
    encryptForRecipientDeterministic(
      bob.ed25519SecretKey,
      bob.x25519PublicKey,
      padMessage(contents[1] ?? contents[0] ?? new Uint8Array()),
    ),
  ];
  const envelopes = [
    fromHex(str(wire.expected, 'envelope_hex')),
    ...sealedForBob.map((content, i) =>
      encodeEnvelope({
        type: i % 5 === 4 ? 'CLOSED_GROUP_MESSAGE' : 'SESSION_MESSAGE',
        timestamp: SENT_AT,
        sourceDevice: 1,
        content,
        ...(i % 2 === 0 ? { proSig: detRandom(i + 1)(64) } : {}),
        ...(i % 3 === 0 ? { source: '' } : {}),
      }),
    ),
  ];
  const webSocketMessages = [
    fromHex(str(wire.expected, 'websocket_message_hex')),
    ...sealedForBob.map((content, i) =>
      wrapEnvelopeBytes({ timestamp: SENT_AT + (i === 3 ? 1 : 0), content, proSig: null }),
    ),
    // Legacy Desktop form, and a RESPONSE that must be refused.
    encodeWebSocketMessage({
      type: 'REQUEST',
      request: {
        verb: 'PUT',
        path: '/api/v1/message',
        body: envelopes[0] ?? new Uint8Array(),
        requestId: 42,
        headers: ['a: b'],
      },
    }),
    encodeWebSocketMessage({ type: 'RESPONSE', request: { body: envelopes[1] ?? new Uint8Array() } }),
  ];

  // ---- onion: replies from a destination ----
  const hop3 = networkVector('onion_3hop_snode_request_aes_gcm_deterministic');
  const replyKey = fromHex(str(hop3.expected, 'destination_key_hex'));
  const rnd = detRandom(99);
  const replyBodies: Array<{ status: number; body: string | { json: unknown } }> = [
    { status: 200, body: { json: { hf: [19, 4], t: 1_700_000_000_123, messages: [], more: false } } },
    { status: 421, body: { json: { snodes: [], swarm: 'ffffffffffffffff', t: 1 } } },
    { status: 400, body: "invalid request: Required field 'pubkey' missing" },
    { status: 502, body: `Next node not found: ${'ab'.repeat(32)}` },
    { status: 200, body: 'Oxen Server error' },
  ];
  const snodeReplies: Array<{ encType: EncType; body: Uint8Array }> = [
    { encType: 'aes-gcm', body: utf8(str(hop3.expected, 'response_body_base64')) },
  ];
  for (const encType of ['aes-gcm', 'xchacha20'] as const)
    for (const [i, r] of replyBodies.entries())
      snodeReplies.push({
        encType,
        body: encodeSnodeReply({
          ...r,
          key: replyKey,
          encType,
          random: rnd,
          embedJson: i === 0 && encType === 'xchacha20',
          base64: i !== 1,
        }),
      });
  const snodeReplyPlaintexts: Json[] = [
    JSON.parse(str(hop3.expected, 'response_json_utf8')) as Json,
    { body: '{"messages":[],"more":false,"t":1}', status: 200 },
    { body: { json: true }, status_code: 421 },
    { body: 'x', status: 0, status_code: 0 },
  ];
  const v4Plaintexts = [
    encodeV4Response({ code: 200, headers: { 'content-type': 'application/json' }, body: utf8('{"id":1}') }),
    encodeV4Response({
      code: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      body: utf8('Not found'),
    }),
    encodeV4Response({ code: 200, headers: {}, body: detRandom(5)(40) }),
    // The Python servers' spacing.
    bencode([
      utf8('{"code": 200, "headers": {"content-type": "application/octet-stream"}}'),
      new Uint8Array(3),
    ]),
    encodeV4Request({ method: 'GET', endpoint: '/file/123', headers: { Accept: '*/*' } }),
    encodeV4Request({ method: 'POST', endpoint: '/file', body: 'hello' }),
  ];
  const v4Replies = v4Plaintexts.slice(0, 4).flatMap((_, i) =>
    (['aes-gcm', 'xchacha20'] as const).map((encType) => ({
      encType,
      body: encodeV4Reply(
        {
          code: i === 1 ? 404 : 200,
          headers: { 'content-type': i === 0 ? 'application/json' : 'text/plain; charset=utf-8' },
          body: utf8('{"ok":true}'),
        },
        replyKey,
        encType,
        rnd,
      ),
    })),
  );

  // ---- onion: what a node receives ----
  const nodes = hop3.inputs.nodes as Record<string, Record<string, string>>;
  const guard = nodes.guard ?? {};
  const nodeSecret = fromHex(guard.x25519_sec_hex ?? '');
  const nodePublic = x25519PublicFromSecret(nodeSecret);
  const self = hop(guard.ed25519_pub_hex ?? '', toHex(nodePublic));
  const others = ['middle', 'exit'].map((k) =>
    hop(nodes[k]?.ed25519_pub_hex ?? '', nodes[k]?.x25519_pub_hex ?? ''),
  );
  const rpcBody = utf8(str(hop3.inputs, 'rpc_body_utf8'));
  const v4Get = encodeV4Request({ method: 'GET', endpoint: '/file/1' });
  const onionEnvelopes: Uint8Array[] = [fromHex(str(hop3.expected, 'guard_payload_hex'))];
  for (const encType of ['aes-gcm', 'xchacha20'] as const) {
    const r = detRandom(encType === 'aes-gcm' ? 3 : 4);
    onionEnvelopes.push(
      buildOnionRequest({
        path: [self],
        target: { kind: 'snode', node: self },
        payload: rpcBody,
        encType,
        random: r,
      }).guardBody,
      buildOnionRequest({
        path: [self, ...others],
        target: { kind: 'snode', node: self },
        payload: rpcBody,
        encType,
        random: r,
      }).guardBody,
      buildOnionRequest({
        path: [self],
        target: {
          kind: 'server',
          host: '127.0.0.1',
          pubkeyX25519: toHex(nodePublic) as X25519Hex,
          protocol: 'http',
          port: 8080,
        },
        payload: v4Get,
        encType,
        random: r,
      }).guardBody,
    );
  }
  onionEnvelopes.push(
    encodeOnionFrame(new Uint8Array(40), {
      ephemeral_key: toHex(nodePublic),
      enc_type: 'xchacha20',
      hop_no: 3,
    }),
  );
  const layerFrames = [
    encodeOnionFrame(rpcBody, { headers: { 'Content-Type': 'application/json' }, json: true, base64: false }),
    encodeOnionFrame(v4Get, {
      host: 'seed.example',
      target: '/oxen/v4/lsrpc',
      method: 'POST',
      protocol: 'https',
      port: 443,
    }),
    encodeOnionFrame(new Uint8Array(60), {
      destination: others[0]?.pubkeyEd25519 ?? '',
      ephemeral_key: toHex(nodePublic),
      enc_type: 'aes-gcm',
    }),
  ];

  const bencoded = [
    ...v4Plaintexts,
    bencode(
      new Map<string, Parameters<typeof bencode>[0]>([
        ['#', 3],
        [
          '&',
          new Map<string, Parameters<typeof bencode>[0]>([
            ['n', 'Alice'],
            ['p', 'https://x/y'],
            ['q', new Uint8Array(32)],
          ]),
        ],
        ['<', [[1, new Uint8Array(32), new Map()]]],
        ['=', new Map<string, Parameters<typeof bencode>[0]>([['n', '']])],
      ]),
    ),
    bencode([-42, 0, 2 ** 53 - 1, [], new Map()]),
  ];

  // ---- JSON answers ----
  const state = (i: number): Json => ({
    public_ip: `10.0.0.${i + 1}`,
    storage_port: 22021 + i,
    pubkey_ed25519: toHex(detRandom(10 + i)(32)),
    pubkey_x25519: toHex(detRandom(20 + i)(32)),
    requested_unlock_height: i === 2 ? 100 : 0,
  });
  const seedAnswers: Json[] = [
    { result: { height: 1000, service_node_states: [state(0), state(1), state(2)] }, status: 'OK' },
    {
      result: {
        height: 0,
        service_node_states: [{ ...(state(3) as Record<string, Json>), public_ip: '0.0.0.0' }, state(4)],
      },
    },
    JSON.parse(seedRequestBody()) as Json,
  ];
  const swarmNode = (i: number): Json => ({
    ip: `10.0.1.${i + 1}`,
    port: String(22100 + i),
    port_https: 22100 + i,
    pubkey_ed25519: toHex(detRandom(30 + i)(32)),
    pubkey_x25519: toHex(detRandom(40 + i)(32)),
    pubkey_legacy: toHex(detRandom(30 + i)(32)),
    address: 'abc.snode',
  });
  const swarmAnswers: Json[] = [
    { snodes: [swarmNode(0), swarmNode(1)], swarm: '7fffffffffffffff', t: 1_700_000_000_000, hf: [19, 4] },
    { snodes: [{ ...(swarmNode(2) as Record<string, Json>), port_https: null }], swarm: 'ffffffffffffffff' },
  ];
  const hash = (i: number): string => toBase64(detRandom(50 + i)(32)).replace(/=+$/, '');
  const retrieveResults: Json[] = [
    {
      messages: [
        {
          hash: hash(0),
          timestamp: 1_700_000_000_000,
          expiration: 1_700_001_000_000,
          data: toBase64(webSocketMessages[0] ?? new Uint8Array()),
        },
        { hash: hash(1), timestamp: 1_700_000_000_001, expiry: 1_700_001_000_001, data: '' },
      ],
      more: true,
      t: 1_700_000_000_123,
      hf: [19, 4],
    },
  ];
  const storeResults: Json[] = [
    { hash: hash(2), t: 1_700_000_000_123, swarm: { a: { hash: hash(2), expiry: 1 } } },
  ];
  const batchResults: Json[] = [
    {
      results: [
        { code: 200, body: retrieveResults[0] ?? null },
        { code: 401, body: 'retrieve signature verification failed' },
      ],
    },
    { results: [{ code: 200, body: storeResults[0] ?? null }] },
  ];

  // ---- user input ----
  const phrases = identity.vectors
    .map((v) => v.inputs.mnemonic ?? v.expected.mnemonic)
    .filter((m): m is string => typeof m === 'string');
  for (let i = 0; i < 4; i++) phrases.push(encodeRecoveryPhrase(detRandom(60 + i)(16) as Seed16));
  phrases.push(phrases[0]?.toUpperCase() ?? '', `  ${(phrases[1] ?? '').split(' ').join('\n\t')}  `);
  const sessionIds = [
    alice.sessionId,
    bob.sessionId,
    bob.sessionId.toUpperCase(),
    ` ${alice.sessionId}\n`,
    `15${alice.sessionId.slice(2)}`,
    `25${alice.sessionId.slice(2)}`,
    `03${alice.sessionId.slice(2)}`,
    `00${alice.sessionId.slice(2)}`,
  ];

  return {
    alice,
    bob,
    contents,
    envelopes,
    webSocketMessages,
    sealedForBob,
    replyKey,
    snodeReplies,
    snodeReplyPlaintexts,
    v4Replies,
    v4Plaintexts,
    nodeSecret,
    nodePublic,
    onionEnvelopes,
    layerFrames,
    bencoded,
    seedAnswers,
    swarmAnswers,
    batchResults,
    storeResults,
    retrieveResults,
    phrases,
    sessionIds,
  };
}
