/**
 * One fuzz target per decoder of outside data (issue 9 item 3). A target's `run` takes one
 * generated input and says whether it was accepted or refused with a typed error; anything else
 * (a throw, a rejected promise, an error without a `kind`, more than the time limit) is a bug.
 *
 * Inputs are random data and, mostly, structure-aware mutations of valid inputs (see mutate.ts,
 * corpus.ts), sometimes re-encrypted or re-sealed with the right keys so that the code behind the
 * cryptography is reached too. All generation is deterministic: an input is reproducible from
 * its fast-check seed.
 */
import fc from 'fast-check';
import { concatBytes, toBase64, utf8 } from '../../src/crypto/bytes';
import { decodeRecoveryPhrase, wordList } from '../../src/crypto/recovery-phrase';
import { padMessage } from '../../src/crypto/padding';
import { parseSessionIdInput } from '../../src/crypto/session-id';
import {
  decryptIncoming,
  encryptForRecipientDeterministic,
  signForRecipient,
} from '../../src/crypto/session-protocol';
import { sodium, sodiumReady } from '../../src/crypto/sodium';
import { checkPhrase } from '../../src/main/recovery-phrase/check';
import { bdecode } from '../../src/onion/bencode';
import { encodeOnionFrame, parseOnionFrame } from '../../src/onion/framing';
import { encryptForNode, encryptWithHopKey, type EncType } from '../../src/onion/hop-crypto';
import { parseCachedSeedAsset, parseSeedAnswer, parseSwarmAnswer } from '../../src/onion/network-schemas';
import { classifyDestinationStatus, classifyPathResponse } from '../../src/onion/path-errors';
import { classifyOnionLayer, parseOnionEnvelope, peelOnionLayer } from '../../src/onion/relay';
import { decodeSnodeOnionReply, decodeV4OnionReply } from '../../src/onion/response';
import { decodeV4Body, parseV4Request, parseV4Response } from '../../src/onion/v4';
import {
  decodeContent,
  decodeEnvelope,
  decodeWebSocketMessage,
  inspectStoredMessage,
  openIncoming1o1,
  unwrapStoredMessage,
  wrapEnvelopeBytes,
} from '../../src/swarm/messages';
import { parseBatchResults, parseRetrieveResult, parseStoreResult } from '../../src/swarm/storage-responses';
import { answerSeedRequest } from '../../devnet/seed';
import { buildCorpus, detRandom, SENT_AT, type Corpus } from './corpus';
import { devnetHarness } from './devnet-harness';
import { configTargets } from './config-targets';
import { ContractViolation, target, typed, type FuzzTarget, type Outcome } from './contract';
import { ipcArbitrary, ipcTarget } from './ipc-target';
import {
  bytesInput,
  jsonInput,
  jsonLeaf,
  jsonTextInput,
  mutatedBytes,
  mutatedText,
  textInput,
  type Json,
} from './mutate';

const encType = fc.constantFrom<EncType>('aes-gcm', 'xchacha20');

/** A sealed box for `recipientX` around arbitrary inner bytes (deterministic ephemeral key). */
function sealTo(recipientX: Uint8Array, inner: Uint8Array): Uint8Array {
  const na = sodium();
  const eph = na.crypto_box_seed_keypair(na.crypto_generichash(32, inner, null));
  const nonce = na.crypto_generichash(24, concatBytes(eph.publicKey, recipientX), null);
  return concatBytes(eph.publicKey, na.crypto_box_easy(inner, nonce, recipientX, eph.privateKey));
}

/** u32le length ‖ blob ‖ JSON text: an onion frame whose JSON may be anything. */
function rawFrame(blob: Uint8Array, json: Json): Uint8Array {
  const head = new Uint8Array(4);
  new DataView(head.buffer).setUint32(0, blob.length, true);
  return concatBytes(head, blob, utf8(JSON.stringify(json)));
}

function protobufTargets(c: Corpus): FuzzTarget[] {
  return [
    target('protobuf.Content', bytesInput(c.contents), (b) => typed(decodeContent(b), 'decodeContent')),
    target('protobuf.Envelope', bytesInput(c.envelopes), (b) => typed(decodeEnvelope(b), 'decodeEnvelope')),
    target('protobuf.WebSocketMessage', bytesInput(c.webSocketMessages), (b) =>
      typed(decodeWebSocketMessage(b), 'decodeWebSocketMessage'),
    ),
    target(
      'wire.unwrapStoredMessage',
      fc.oneof(bytesInput(c.webSocketMessages).map(toBase64), textInput(c.webSocketMessages.map(toBase64))),
      (s) => typed(unwrapStoredMessage(s), 'unwrapStoredMessage'),
    ),
  ];
}

function messageTargets(c: Corpus): FuzzTarget[] {
  const seal = (content: Uint8Array): Uint8Array =>
    encryptForRecipientDeterministic(c.alice.ed25519SecretKey, c.bob.x25519PublicKey, padMessage(content));
  const stored = (sealed: Uint8Array, timestamp: number): string =>
    toBase64(wrapEnvelopeBytes({ timestamp, content: sealed, proSig: null }));
  const inners = c.contents.map((x) =>
    signForRecipient(c.alice.ed25519SecretKey, c.bob.x25519PublicKey, padMessage(x)),
  );
  const incoming = fc.oneof(
    // The outer layers damaged.
    { weight: 3, arbitrary: bytesInput(c.webSocketMessages).map(toBase64) },
    // A valid, authentic message whose Content bytes are damaged: reaches the Content decoder.
    { weight: 3, arbitrary: mutatedBytes(c.contents).map((x) => stored(seal(x), SENT_AT)) },
    // Valid Content, envelope timestamp anything (the §4.4 step 7 rule).
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...c.contents), fc.oneof(fc.constant(SENT_AT), fc.nat(), fc.constant(0)))
        .map(([x, t]) => stored(seal(x), t)),
    },
    // Sealed for us but the signed blob is damaged: signature / sender key checks.
    {
      weight: 1,
      arbitrary: mutatedBytes(inners).map((i) => stored(sealTo(c.bob.x25519PublicKey, i), SENT_AT)),
    },
  );
  return [
    target('wire.openIncoming1o1', incoming, (data) => {
      const opened = typed(openIncoming1o1({ ourIdentity: c.bob, data }), 'openIncoming1o1');
      // `veil inspect` shows the same message as JSON: it must open what the pipeline opens.
      const shown = inspectStoredMessage({ ourIdentity: c.bob, data });
      if (opened === 'accepted' && !shown.ok)
        throw new ContractViolation('inspect refused an accepted message');
      JSON.stringify(shown);
      return opened;
    }),
    target(
      'crypto.decryptIncoming',
      fc.oneof(
        { weight: 2, arbitrary: bytesInput(c.sealedForBob) },
        { weight: 2, arbitrary: mutatedBytes(inners).map((i) => sealTo(c.bob.x25519PublicKey, i)) },
        {
          weight: 1,
          arbitrary: fc
            .uint8Array({ minLength: 96, maxLength: 400, size: 'max' })
            .map((i) => sealTo(c.bob.x25519PublicKey, i)),
        },
      ),
      (ct) => typed(decryptIncoming(c.bob.ed25519SecretKey, ct), 'decryptIncoming'),
    ),
  ];
}

function onionTargets(c: Corpus): FuzzTarget[] {
  const rnd = detRandom(1234);
  const encryptReply = (e: EncType, plain: Uint8Array, base64: boolean): Uint8Array => {
    const ct = encryptWithHopKey(e, c.replyKey, plain, rnd);
    return base64 ? utf8(toBase64(ct)) : ct;
  };
  const snodeReply = fc.oneof(
    { weight: 2, arbitrary: fc.tuple(encType, bytesInput(c.snodeReplies.map((r) => r.body))) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(encType, jsonTextInput(c.snodeReplyPlaintexts), fc.boolean())
        .map(([e, text, b64]) => [e, encryptReply(e, utf8(text), b64)] as const),
    },
  );
  const v4Reply = fc.oneof(
    { weight: 2, arbitrary: fc.tuple(encType, bytesInput(c.v4Replies.map((r) => r.body))) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(encType, bytesInput(c.v4Plaintexts))
        .map(([e, plain]) => [e, encryptReply(e, plain, false)] as const),
    },
  );
  // Envelopes for our node around damaged layers, so that classification is reached.
  const envelope = fc.oneof(
    { weight: 2, arbitrary: bytesInput(c.onionEnvelopes) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          encType,
          fc.oneof(mutatedBytes(c.layerFrames), bytesInput(c.layerFrames)),
          fc.oneof(fc.constant(undefined), jsonLeaf),
        )
        .map(([e, plain, hopNo]) => {
          const enc = encryptForNode(e, c.nodePublic, plain, rnd);
          const json: Record<string, unknown> = {
            ephemeral_key: Buffer.from(enc.ephemeralPublic).toString('hex'),
          };
          if (e !== 'aes-gcm') json.enc_type = e;
          if (hopNo !== undefined) json.hop_no = hopNo;
          return encodeOnionFrame(enc.ciphertext, json);
        }),
    },
  );
  const frameJsons = c.layerFrames.flatMap((f) => {
    const p = parseOnionFrame(f);
    return p.ok ? [p.value.json as Json] : [];
  });
  const pathBodies = [
    `Next node not found: ${'ab'.repeat(32)}`,
    `502 Bad Gateway\n\nNext node not found: ${'CD'.repeat(32)}`,
    'Oxen Server error',
    'Request time out',
    'Invalid ciphertext',
  ];
  return [
    target('onion.decodeSnodeOnionReply', snodeReply, ([e, body]) =>
      typed(decodeSnodeOnionReply(body, c.replyKey, e), 'decodeSnodeOnionReply'),
    ),
    target('onion.decodeV4OnionReply', v4Reply, ([e, body]) =>
      typed(decodeV4OnionReply(body, c.replyKey, e), 'decodeV4OnionReply'),
    ),
    target('onion.v4', bytesInput([...c.v4Plaintexts, ...c.bencoded]), (b) => {
      const res = parseV4Response(b);
      const req = parseV4Request(b);
      typed(req, 'parseV4Request');
      if (typed(res, 'parseV4Response') === 'rejected' || !res.ok) return req.ok ? 'accepted' : 'rejected';
      return typed(decodeV4Body(res.value), 'decodeV4Body');
    }),
    target('onion.framing', bytesInput([...c.layerFrames, ...c.onionEnvelopes]), (b) =>
      typed(parseOnionFrame(b), 'parseOnionFrame'),
    ),
    target(
      'onion.classifyOnionLayer',
      fc.oneof(
        bytesInput(c.layerFrames),
        fc
          .tuple(fc.uint8Array({ maxLength: 64, size: 'max' }), jsonInput(frameJsons))
          .map(([blob, j]) => rawFrame(blob, j)),
      ),
      (b) => typed(classifyOnionLayer(b), 'classifyOnionLayer'),
    ),
    target('onion.relay', envelope, (b) => {
      const env = parseOnionEnvelope(b);
      if (typed(env, 'parseOnionEnvelope') === 'rejected' || !env.ok) return 'rejected';
      return typed(peelOnionLayer(c.nodeSecret, env.value), 'peelOnionLayer');
    }),
    target(
      'onion.pathErrors',
      fc.record({
        status: fc.oneof(
          fc.constant(undefined),
          fc.constantFrom(200, 400, 401, 404, 406, 421, 425, 500, 502, 503, 504),
          fc.integer(),
        ),
        body: fc.oneof(textInput(pathBodies), bytesInput(pathBodies.map(utf8))),
        destBody: fc.oneof(textInput(pathBodies), jsonLeaf),
        unknownServer: fc.boolean(),
        allow401s: fc.boolean(),
      }),
      (x) => {
        const path = classifyPathResponse(x.status, x.body, { unknownServer: x.unknownServer });
        if (path !== undefined && typeof path.kind !== 'string')
          throw new ContractViolation('untyped path failure');
        const dest = classifyDestinationStatus(x.status ?? 0, x.destBody, { allow401s: x.allow401s });
        if (typeof dest.kind !== 'string') throw new ContractViolation('untyped destination outcome');
        return path === undefined && dest.kind === 'ok' ? 'accepted' : 'rejected';
      },
    ),
    target(
      'bencode.bdecode',
      fc.oneof(
        { weight: 8, arbitrary: bytesInput(c.bencoded) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(fc.integer({ min: 200, max: 50_000 }), fc.constantFrom('l', 'd'))
            .map(([n, open]) =>
              utf8(open === 'l' ? 'l'.repeat(n) + 'e'.repeat(n) : 'd1:a'.repeat(n) + 'i0e' + 'e'.repeat(n)),
            ),
        },
      ),
      (b) => typed(bdecode(b), 'bdecode'),
    ),
  ];
}

function networkTargets(c: Corpus): FuzzTarget[] {
  const answer = (seeds: readonly Json[]): fc.Arbitrary<unknown> =>
    fc.oneof({ weight: 2, arbitrary: jsonInput(seeds) }, { weight: 1, arbitrary: jsonTextInput(seeds) });
  const storage = [...c.batchResults, ...c.storeResults, ...c.retrieveResults];
  return [
    target('network.seedAnswer', answer(c.seedAnswers), (x) => {
      const asset = typeof x === 'object' && x !== null && 'result' in x ? x.result : x;
      typed(parseCachedSeedAsset(asset, 1_700_000_000_000, 1_700_000_600_000), 'parseCachedSeedAsset');
      return typed(parseSeedAnswer(x), 'parseSeedAnswer');
    }),
    target('network.swarmAnswer', answer(c.swarmAnswers), (x) =>
      typed(parseSwarmAnswer(x), 'parseSwarmAnswer'),
    ),
    target('storage.responses', fc.tuple(jsonInput(storage), fc.nat(6)), ([x, n]) => {
      const outcomes = [
        typed(parseStoreResult(x), 'parseStoreResult'),
        typed(parseRetrieveResult(x), 'parseRetrieveResult'),
      ];
      const batch = parseBatchResults(x, n);
      outcomes.push(typed(batch, 'parseBatchResults'));
      if (batch.ok)
        for (const r of batch.value)
          outcomes.push(
            typed(parseStoreResult(r.body), 'parseStoreResult'),
            typed(parseRetrieveResult(r.body), 'parseRetrieveResult'),
          );
      return outcomes.includes('accepted') ? 'accepted' : 'rejected';
    }),
  ];
}

function userInputTargets(c: Corpus): FuzzTarget[] {
  const words = wordList();
  // Word-level edits of valid phrases: wrong word, prefix only, swapped order, extra/missing word.
  const phraseEdits = fc
    .tuple(
      fc.constantFrom(...c.phrases),
      fc.array(
        fc.record({
          at: fc.nat(),
          word: fc.oneof(
            fc.constantFrom(...words),
            fc.constantFrom(...words).map((w) => w.slice(0, 3)),
            fc.string({ maxLength: 8 }),
          ),
          op: fc.constantFrom('replace', 'insert', 'delete', 'swap'),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    )
    .map(([phrase, ops]) => {
      const ws = phrase.trim().split(/\s+/);
      for (const o of ops) {
        const i = o.at % (ws.length + 1);
        if (o.op === 'replace') ws[Math.min(i, ws.length - 1)] = o.word;
        else if (o.op === 'insert') ws.splice(i, 0, o.word);
        else if (o.op === 'delete') ws.splice(i, 1);
        else [ws[0], ws[i % ws.length]] = [ws[i % ws.length] ?? '', ws[0] ?? ''];
      }
      return ws.join(' ');
    });
  const phraseText = fc.oneof(
    { weight: 2, arbitrary: phraseEdits },
    { weight: 2, arbitrary: textInput(c.phrases) },
  );
  const fields = fc.oneof(
    phraseText.map((p) => p.split(' ')),
    fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...words)), {
      maxLength: 45,
      size: 'max',
    }),
  );
  return [
    target('recovery-phrase.decode', phraseText, (s) => {
      const r = decodeRecoveryPhrase(s);
      return typed(r, 'decodeRecoveryPhrase');
    }),
    target(
      'phrase.checkPhrase',
      fc.tuple(fields, fc.oneof(fc.constant(null), fc.integer({ min: -2, max: 50 }))),
      ([f, typing]) => {
        const r = checkPhrase(f, typing);
        if (r.words.length !== f.length) throw new ContractViolation('checkPhrase lost words');
        if (r.problem !== null && typeof r.problem.reason !== 'string')
          throw new ContractViolation('untyped problem');
        return r.problem === null ? 'accepted' : 'rejected';
      },
    ),
    target('sessionId.parse', fc.oneof(textInput(c.sessionIds), mutatedText(c.sessionIds, 2)), (s) =>
      typed(parseSessionIdInput(s), 'parseSessionIdInput'),
    ),
  ];
}

/** Request bodies: mutated valid requests, and valid ones carrying a deeply nested extra value. */
function devnetBodies(bodies: readonly Json[]): fc.Arbitrary<string> {
  const deep = fc
    .tuple(fc.constantFrom(...bodies), fc.integer({ min: 10, max: 20_000 }))
    .map(([b, depth]) => {
      const text = JSON.stringify(b);
      const nested = '{"a":'.repeat(depth) + 'null' + '}'.repeat(depth);
      return text.replace('"params":{', `"params":{"extra":${nested},`);
    });
  return fc.oneof({ weight: 12, arbitrary: jsonTextInput(bodies) }, { weight: 1, arbitrary: deep });
}

export type { FuzzTarget, Outcome } from './contract';

export interface Targets {
  readonly targets: readonly FuzzTarget[];
  /** Closes the devnet store. */
  close(): void;
}

/** Builds every target (after libsodium is ready). */
export async function loadTargets(): Promise<Targets> {
  await sodiumReady();
  const c = buildCorpus();
  const devnet = devnetHarness();
  const ipc = ipcTarget();
  const status = (s: number, what: string): Outcome => {
    if (!Number.isInteger(s) || s < 100 || s > 599) throw new ContractViolation(`${what}: HTTP status ${s}`);
    return s >= 200 && s < 300 ? 'accepted' : 'rejected';
  };
  const targets: FuzzTarget[] = [
    ...protobufTargets(c),
    ...messageTargets(c),
    ...onionTargets(c),
    ...networkTargets(c),
    ...userInputTargets(c),
    ...configTargets(c.alice, c.bob),
    target(
      'ipc.dispatch',
      ipcArbitrary([c.alice.sessionId, ...c.phrases.slice(0, 2), 'https://getsession.org', 'fr']),
      async (x) => ((await ipc(x)) ? 'accepted' : 'rejected'),
    ),
    target('devnet.storageRpc', devnetBodies(devnet.rpcBodies), async (body) => {
      const r = await devnet.rpc(body);
      // The dispatcher turns an unexpected exception into this answer: for us it is a crash.
      if (r.status === 500 && r.body === 'request failed')
        throw new ContractViolation('a devnet RPC handler threw (500 "request failed")');
      return status(r.status, 'handleRpcBody');
    }),
    target(
      'devnet.seed',
      fc.oneof(jsonTextInput(devnet.seedBodies).map(utf8), fc.uint8Array({ maxLength: 200, size: 'max' })),
      (b) => {
        const r = answerSeedRequest(b, devnet.seedView);
        if (status(r.status, 'answerSeedRequest') === 'rejected') return 'rejected';
        // JSON-RPC errors travel with HTTP 200.
        const body: unknown = JSON.parse(
          typeof r.body === 'string' ? r.body : Buffer.from(r.body).toString('utf8'),
        );
        return typeof body === 'object' && body !== null && 'result' in body ? 'accepted' : 'rejected';
      },
    ),
  ];
  return { targets, close: () => devnet.close() };
}
