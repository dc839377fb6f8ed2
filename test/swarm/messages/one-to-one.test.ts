import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fromHex, toBase64, utf8 } from '../../../src/crypto/bytes';
import { identityFromSeed } from '../../../src/crypto/keys';
import type { Identity, SessionId } from '../../../src/crypto/keys';
import { padMessageLegacy } from '../../../src/crypto/padding';
import { encryptContentForRecipient, encryptForRecipient } from '../../../src/crypto/session-protocol';
import { sodium, sodiumReady } from '../../../src/crypto/sodium';
import {
  buildOutgoing1o1,
  buildSyncCopy1o1,
  encodeContent,
  encodeEnvelope,
  encodeWebSocketMessage,
  inspectStoredMessage,
  openIncoming1o1,
  unwrapStoredMessage,
  wrapEnvelope,
} from '../../../src/swarm/messages';
import type { ContentMessage, Envelope, WebSocketMessage } from '../../../src/swarm/messages';
import { content as anyContent } from './arbitraries';

let alice: Identity;
let bob: Identity;
const T = 1_754_971_101_000;

beforeAll(async () => {
  await sodiumReady();
  alice = identityFromSeed(fromHex('0123456789abcdef0123456789abcdef'));
  bob = identityFromSeed(fromHex('00112233445566778899aabbccddeeff'));
});

/** A stored message built by hand, for the variants our own builder never produces. */
function handMade(opts: {
  content: ContentMessage;
  envelope?: Partial<Envelope>;
  request?: WebSocketMessage['request'];
  type?: WebSocketMessage['type'];
  legacyPadding?: boolean;
}): string {
  const plain = encodeContent(opts.content);
  const sealed = opts.legacyPadding
    ? encryptForRecipient(alice.ed25519SecretKey, bob.x25519PublicKey, padMessageLegacy(plain))
    : encryptContentForRecipient(alice.ed25519SecretKey, bob.x25519PublicKey, plain);
  const envelope: Envelope = { type: 'SESSION_MESSAGE', timestamp: T, content: sealed, ...opts.envelope };
  const ws: WebSocketMessage = {
    ...(opts.type === undefined ? {} : { type: opts.type }),
    request: { ...opts.request, body: encodeEnvelope(envelope) },
  };
  return toBase64(encodeWebSocketMessage(ws));
}

const hello: ContentMessage = { dataMessage: { body: 'Bonjour 👋' } };

describe('buildOutgoing1o1 → openIncoming1o1', () => {
  it('round-trips any Content, with sigTimestamp = envelope timestamp = sentAt', () => {
    fc.assert(
      fc.property(anyContent, fc.integer({ min: 1, max: 2 ** 50 }), (content, sentAt) => {
        const out = buildOutgoing1o1({
          senderIdentity: alice,
          recipientSessionId: bob.sessionId,
          content,
          sentAt,
        });
        expect(out.sentAt).toBe(sentAt);
        const r = openIncoming1o1({ ourIdentity: bob, data: out.data });
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        expect(r.content).toEqual({ ...content, sigTimestamp: sentAt });
        expect(r.envelopeTimestamp).toBe(sentAt);
        expect(r.sentAt).toBe(sentAt);
        expect(r.senderSessionId).toBe(alice.sessionId);
        expect(r.isSync).toBe(false);
        expect(r.envelope.proSig?.length).toBe(64);
      }),
      { numRuns: 60 },
    );
  });

  it('each send uses a fresh ephemeral key and decoy proSig', () => {
    const a = buildOutgoing1o1({
      senderIdentity: alice,
      recipientSessionId: bob.sessionId,
      content: hello,
      sentAt: T,
    });
    const b = buildOutgoing1o1({
      senderIdentity: alice,
      recipientSessionId: bob.sessionId,
      content: hello,
      sentAt: T,
    });
    expect(a.data).not.toBe(b.data);
  });

  it('proSig: null omits the field; explicit bytes are used as given', () => {
    const none = buildOutgoing1o1({
      senderIdentity: alice,
      recipientSessionId: bob.sessionId,
      content: hello,
      sentAt: T,
      proSig: null,
    });
    const u = unwrapStoredMessage(none.data);
    expect(u.ok && u.envelope.proSig).toBeUndefined();
    const sig = new Uint8Array(64).fill(9);
    const given = unwrapStoredMessage(
      buildOutgoing1o1({
        senderIdentity: alice,
        recipientSessionId: bob.sessionId,
        content: hello,
        sentAt: T,
        proSig: sig,
      }).data,
    );
    expect(given.ok && given.envelope.proSig).toEqual(sig);
  });

  it('refuses a bad sentAt or a recipient that is not a 05 Session ID (programming errors)', () => {
    const base = { senderIdentity: alice, recipientSessionId: bob.sessionId, content: hello };
    for (const sentAt of [0, -1, 1.5, Number.NaN, 2 ** 60]) {
      expect(() => buildOutgoing1o1({ ...base, sentAt })).toThrow(RangeError);
    }
    const blinded = `15${bob.sessionId.slice(2)}` as SessionId;
    expect(() => buildOutgoing1o1({ ...base, recipientSessionId: blinded, sentAt: T })).toThrow(RangeError);
  });
});

describe('our keys', () => {
  it('an identity opens with the X25519 keys it holds: ours are not derived again per message', () => {
    const out = buildOutgoing1o1({
      senderIdentity: alice,
      recipientSessionId: bob.sessionId,
      content: hello,
      sentAt: T,
    });
    const derive = vi.spyOn(sodium(), 'crypto_sign_ed25519_sk_to_curve25519');
    try {
      const whole = openIncoming1o1({ ourIdentity: bob, data: out.data });
      expect(derive).not.toHaveBeenCalled();
      // Only the Ed25519 secret key at hand: derived for this message, the same result.
      const { ed25519SecretKey, sessionId } = bob;
      expect(openIncoming1o1({ ourIdentity: { ed25519SecretKey, sessionId }, data: out.data })).toEqual(
        whole,
      );
      expect(derive).toHaveBeenCalledTimes(1);
      if (!whole.ok) throw new Error(JSON.stringify(whole.error));
      expect(whole.content.dataMessage?.body).toBe('Bonjour 👋');
      // Someone else's keys do not open it.
      expect(openIncoming1o1({ ourIdentity: alice, data: out.data })).toMatchObject({
        ok: false,
        error: { kind: 'decrypt', error: { kind: 'not-for-us' } },
      });
    } finally {
      derive.mockRestore();
    }
  });
});

describe('sync messages', () => {
  it('the copy to our own swarm carries syncTarget and is flagged as sync', () => {
    const out = buildSyncCopy1o1({
      senderIdentity: alice,
      ourSessionId: alice.sessionId,
      recipientSessionId: bob.sessionId,
      content: hello,
      sentAt: T,
    });
    expect(openIncoming1o1({ ourIdentity: bob, data: out.data }).ok).toBe(false);
    const r = openIncoming1o1({ ourIdentity: alice, data: out.data });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.isSync).toBe(true);
    expect(r.content.dataMessage).toEqual({ body: 'Bonjour 👋', syncTarget: bob.sessionId });
    expect(r.sentAt).toBe(T);
  });
});

describe('§4.4 step 7: timestamps', () => {
  it('drops a message whose Envelope and Content timestamps differ', () => {
    const data = handMade({ content: { ...hello, sigTimestamp: T - 1 } });
    expect(openIncoming1o1({ ourIdentity: bob, data })).toEqual({
      ok: false,
      error: { kind: 'timestamp-mismatch', envelopeTimestamp: T, sigTimestamp: T - 1 },
    });
    expect(inspectStoredMessage({ ourIdentity: bob, data })).toMatchObject({
      ok: true,
      accepted: false,
      envelopeTimestamp: T,
      contentTimestamp: T - 1,
    });
  });

  it('drops a replayed ciphertext re-wrapped under another envelope timestamp', () => {
    const original = buildOutgoing1o1({
      senderIdentity: alice,
      recipientSessionId: bob.sessionId,
      content: hello,
      sentAt: T,
    });
    const u = unwrapStoredMessage(original.data);
    if (!u.ok || u.envelope.content === undefined) throw new Error('unwrap');
    const replay = wrapEnvelope({ timestamp: T + 60_000, content: u.envelope.content });
    const r = openIncoming1o1({ ourIdentity: bob, data: replay });
    expect(!r.ok && r.error.kind).toBe('timestamp-mismatch');
  });

  it('accepts older senders: no sigTimestamp, or sigTimestamp 0', () => {
    for (const content of [hello, { ...hello, sigTimestamp: 0 }]) {
      const r = openIncoming1o1({ ourIdentity: bob, data: handMade({ content }) });
      expect(r.ok && r.sentAt).toBe(T);
    }
  });

  it('a zero envelope timestamp falls back to sigTimestamp', () => {
    const data = handMade({ content: { ...hello, sigTimestamp: T }, envelope: { timestamp: 0 } });
    const r = openIncoming1o1({ ourIdentity: bob, data });
    expect(r.ok && [r.envelopeTimestamp, r.sentAt]).toEqual([0, T]);
  });
});

describe('§4.6 legacy variants are accepted', () => {
  it('legacy Desktop: PUT /api/v1/message, no sourceDevice, no proSig, 160k−1 padding', () => {
    const data = handMade({
      content: hello,
      type: 'REQUEST',
      request: {
        verb: 'PUT',
        path: '/api/v1/message',
        requestId: 12345,
        headers: ['content-type:application/json'],
      },
      legacyPadding: true,
    });
    const r = openIncoming1o1({ ourIdentity: bob, data });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.content).toEqual(hello);
    expect(r.paddingStyle).toBe('legacy');
    expect(r.envelope.sourceDevice).toBeUndefined();
    expect(r.webSocketMessage.request?.verb).toBe('PUT');
  });

  it('old mobile: empty source, sourceDevice 1; also a hex source and odd-length proSig', () => {
    for (const envelope of [
      { source: '', sourceDevice: 1 },
      { source: alice.sessionId },
      { proSig: new Uint8Array(10) },
      { serverTimestamp: T + 5 },
    ]) {
      const r = openIncoming1o1({
        ourIdentity: bob,
        data: handMade({ content: hello, type: 'REQUEST', envelope }),
      });
      expect(r.ok && r.senderSessionId).toBe(alice.sessionId);
    }
  });

  it('an absent WebSocketMessage.type is tolerated', () => {
    expect(openIncoming1o1({ ourIdentity: bob, data: handMade({ content: hello }) }).ok).toBe(true);
  });
});

describe('refusals are typed results', () => {
  const errorOf = (data: string) => {
    const r = openIncoming1o1({ ourIdentity: bob, data });
    return r.ok ? 'ok' : r.error;
  };

  it('each layer says what went wrong', () => {
    expect(errorOf('not base64!')).toEqual({ kind: 'unwrap', error: { kind: 'bad-base64' } });
    expect(errorOf(toBase64(fromHex('0a05')))).toMatchObject({
      kind: 'unwrap',
      error: { kind: 'bad-websocket-message' },
    });
    expect(errorOf(handMade({ content: hello, type: 'RESPONSE' }))).toEqual({
      kind: 'unwrap',
      error: { kind: 'not-a-request', type: 'RESPONSE' },
    });
    expect(errorOf(toBase64(encodeWebSocketMessage({ type: 'REQUEST', request: { verb: '' } })))).toEqual({
      kind: 'unwrap',
      error: { kind: 'no-body' },
    });
    const badEnvelope = toBase64(
      encodeWebSocketMessage({ type: 'REQUEST', request: { body: utf8('garbage') } }),
    );
    expect(errorOf(badEnvelope)).toMatchObject({ kind: 'unwrap', error: { kind: 'bad-envelope' } });
    expect(errorOf(handMade({ content: hello, envelope: { type: 'CLOSED_GROUP_MESSAGE' } }))).toEqual({
      kind: 'unexpected-envelope-type',
      type: 'CLOSED_GROUP_MESSAGE',
    });
    const noContent = toBase64(
      encodeWebSocketMessage({
        type: 'REQUEST',
        request: { body: encodeEnvelope({ type: 'SESSION_MESSAGE', timestamp: T }) },
      }),
    );
    expect(errorOf(noContent)).toEqual({ kind: 'no-content' });
    expect(errorOf(wrapEnvelope({ timestamp: T, content: new Uint8Array(20) }))).toEqual({
      kind: 'decrypt',
      error: { kind: 'too-short', length: 20 },
    });
    const notProtobuf = encryptContentForRecipient(
      alice.ed25519SecretKey,
      bob.x25519PublicKey,
      fromHex('0aff'),
    );
    expect(errorOf(wrapEnvelope({ timestamp: T, content: notProtobuf }))).toMatchObject({
      kind: 'bad-content',
      error: { kind: 'malformed', messageType: 'Content' },
    });
  });

  it('corrupted stored data never throws, and never decrypts to something else', () => {
    const good = buildOutgoing1o1({
      senderIdentity: alice,
      recipientSessionId: bob.sessionId,
      content: hello,
      sentAt: T,
    }).data;
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 255 }), (at, flip) => {
        const bytes = good.slice();
        const i = at % bytes.length;
        bytes[i] = (bytes[i] ?? 0) ^ flip;
        const r = openIncoming1o1({ ourIdentity: bob, data: toBase64(bytes) });
        if (r.ok) {
          // Only the unauthenticated outer layers (verb/path/ids, proSig…) may change harmlessly.
          expect(r.content).toEqual({ ...hello, sigTimestamp: T });
          expect(r.senderSessionId).toBe(alice.sessionId);
        }
        expect(typeof inspectStoredMessage({ ourIdentity: bob, data: toBase64(bytes) }).ok).toBe('boolean');
      }),
      { numRuns: 400 },
    );
  });

  it('random strings and bytes never throw', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.uint8Array({ maxLength: 400 }).map(toBase64)), (data) => {
        expect(typeof openIncoming1o1({ ourIdentity: bob, data }).ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});
