/**
 * The `wire-1o1-A-to-B` vector of test/vectors/identity.json, layer by layer:
 * base64 → WebSocketMessage → Envelope → sealed box → padded Content → Content fields, and our
 * encoders reproducing every deterministic layer byte for byte.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64, fromHex, toBase64, toHex } from '../../../src/crypto/bytes';
import { asEd25519Seed, ed25519KeyPairFromSeed, identityFromSeed } from '../../../src/crypto/keys';
import type { Identity } from '../../../src/crypto/keys';
import { padMessage } from '../../../src/crypto/padding';
import { sessionIdToX25519PublicKey } from '../../../src/crypto/session-id';
import { isSessionId } from '../../../src/crypto/session-id';
import { decryptIncoming, encryptForRecipientDeterministic } from '../../../src/crypto/session-protocol';
import { sodiumReady } from '../../../src/crypto/sodium';
import {
  decodeContent,
  decodeEnvelope,
  decodeWebSocketMessage,
  encodeContent,
  encodeEnvelope,
  inspectStoredMessage,
  openIncoming1o1,
  unwrapStoredMessage,
  wrapEnvelope,
  wrapEnvelopeBytes,
} from '../../../src/swarm/messages';
import { identityVector, identityVectors, num, str } from './vectors';

const v = identityVector('wire-1o1-A-to-B');
const hex = (key: string) => str(v.expected, key);
const sentAt = num(v.inputs, 'sent_timestamp_ms');
const body = str(v.inputs, 'body_utf8');

let alice: Identity;
let bob: Identity;

beforeAll(async () => {
  await sodiumReady();
  alice = identityFromSeed(fromHex(str(v.inputs, 'sender_ed25519_seed32_hex')));
  bob = identityFromSeed(fromHex(str(v.inputs, 'recipient_ed25519_seed32_hex')));
});

describe('wire-1o1-A-to-B: decoding', () => {
  it('has the keys the vector names', () => {
    expect(bob.sessionId).toBe(str(v.inputs, 'recipient_session_id'));
    expect(alice.sessionId).toBe(hex('decoded_sender_session_id'));
  });

  it('base64 → WebSocketMessage{REQUEST, verb "", path "", body, requestId 0}', () => {
    const bytes = fromBase64(hex('websocket_message_base64'));
    expect(toHex(bytes)).toBe(hex('websocket_message_hex'));
    const ws = decodeWebSocketMessage(bytes);
    if (!ws.ok) throw new Error(ws.error.reason);
    expect(ws.value.type).toBe('REQUEST');
    expect(ws.value.request?.verb).toBe('');
    expect(ws.value.request?.path).toBe('');
    expect(ws.value.request?.requestId).toBe(0);
    expect(ws.value.request?.headers).toBeUndefined();
    expect(toHex(ws.value.request?.body ?? new Uint8Array())).toBe(hex('envelope_hex'));
  });

  it('Envelope{type 6, timestamp, sourceDevice 1, content = sealed box}, no source, no proSig', () => {
    const env = decodeEnvelope(fromHex(hex('envelope_hex')));
    if (!env.ok) throw new Error(env.error.reason);
    expect(env.value).toEqual({
      type: 'SESSION_MESSAGE',
      timestamp: num(v.expected, 'decoded_envelope_timestamp_ms'),
      sourceDevice: 1,
      content: fromHex(hex('sealed_box_hex')),
    });
  });

  it('sealed box → padded Content → Content fields', () => {
    const opened = decryptIncoming(bob.ed25519SecretKey, fromHex(hex('sealed_box_hex')));
    if (!opened.ok) throw new Error(opened.error.kind);
    expect(toHex(opened.paddedPlaintext)).toBe(hex('padded_content_hex'));
    expect(toHex(opened.plaintext)).toBe(hex('content_hex'));
    expect(toHex(opened.senderEd25519)).toBe(hex('decoded_sender_ed25519_pk_hex'));
    const content = decodeContent(opened.plaintext);
    expect(content).toEqual({
      ok: true,
      value: {
        dataMessage: { body },
        sigTimestamp: num(v.expected, 'decoded_content_sigTimestamp_ms'),
      },
    });
  });

  it('unwrapStoredMessage + openIncoming1o1 give the whole message', () => {
    const unwrapped = unwrapStoredMessage(hex('websocket_message_base64'));
    expect(unwrapped.ok && toHex(unwrapped.envelope.content ?? new Uint8Array())).toBe(hex('sealed_box_hex'));
    const r = openIncoming1o1({ ourIdentity: bob, data: hex('websocket_message_base64') });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.senderSessionId).toBe(hex('decoded_sender_session_id'));
    expect(r.senderEd25519Hex).toBe(hex('decoded_sender_ed25519_pk_hex'));
    expect(r.envelopeTimestamp).toBe(num(v.expected, 'decoded_envelope_timestamp_ms'));
    expect(r.sigTimestamp).toBe(num(v.expected, 'decoded_content_sigTimestamp_ms'));
    expect(r.sentAt).toBe(sentAt);
    expect(r.isSync).toBe(false);
    expect(r.paddingStyle).toBe('libsession');
    expect(r.content.dataMessage?.body).toBe(body);
  });

  it('the sender cannot open what it sealed for the recipient', () => {
    const r = openIncoming1o1({ ourIdentity: alice, data: hex('websocket_message_base64') });
    expect(r).toEqual({ ok: false, error: { kind: 'decrypt', error: { kind: 'not-for-us' } } });
  });

  it('inspectStoredMessage prints sender, both timestamps and the Content as JSON', () => {
    const r = inspectStoredMessage({ ourIdentity: bob, data: `${hex('websocket_message_base64')}\n` });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(r).toMatchObject({
      ok: true,
      sender: hex('decoded_sender_session_id'),
      senderEd25519: hex('decoded_sender_ed25519_pk_hex'),
      sync: false,
      envelopeTimestamp: sentAt,
      contentTimestamp: sentAt,
      accepted: true,
      padding: 'libsession',
      webSocket: { type: 'REQUEST', request: { verb: '', path: '', requestId: 0 } },
      envelope: { type: 'SESSION_MESSAGE', timestamp: sentAt, sourceDevice: 1, proSig: null },
      content: { dataMessage: { body }, sigTimestamp: sentAt },
    });
  });
});

describe('wire-1o1-A-to-B: our encoders reproduce it', () => {
  it('Content bytes and their padding', () => {
    const content = encodeContent({ dataMessage: { body }, sigTimestamp: sentAt });
    expect(toHex(content)).toBe(hex('content_hex'));
    expect(toHex(padMessage(content))).toBe(hex('padded_content_hex'));
  });

  it('sealed box (deterministic variant), Envelope, WebSocketMessage and base64', () => {
    const senderSk = ed25519KeyPairFromSeed(
      asEd25519Seed(fromHex(str(v.inputs, 'sender_ed25519_seed32_hex'))),
    ).secretKey;
    const recipient = str(v.inputs, 'recipient_session_id');
    if (!isSessionId(recipient)) throw new Error('bad vector recipient');
    const sealed = encryptForRecipientDeterministic(
      senderSk,
      sessionIdToX25519PublicKey(recipient),
      padMessage(encodeContent({ dataMessage: { body }, sigTimestamp: sentAt })),
    );
    expect(toHex(sealed)).toBe(hex('sealed_box_hex'));
    const envelope = encodeEnvelope({
      type: 'SESSION_MESSAGE',
      timestamp: sentAt,
      sourceDevice: 1,
      content: sealed,
    });
    expect(toHex(envelope)).toBe(hex('envelope_hex'));
    const wire = { timestamp: sentAt, content: sealed, proSig: null } as const;
    expect(toHex(wrapEnvelopeBytes(wire))).toBe(hex('websocket_message_hex'));
    expect(wrapEnvelope(wire)).toBe(hex('websocket_message_base64'));
  });

  it('with the default decoy proSig, only the 64-byte field 11 is added', () => {
    const sealed = fromHex(hex('sealed_box_hex'));
    const data = wrapEnvelope({ timestamp: sentAt, content: sealed });
    const unwrapped = unwrapStoredMessage(data);
    if (!unwrapped.ok) throw new Error(unwrapped.error.kind);
    const { proSig = new Uint8Array(), ...withoutSig } = unwrapped.envelope;
    expect(proSig.length).toBe(64);
    expect(toHex(encodeEnvelope(withoutSig))).toBe(hex('envelope_hex'));
    // 0x5a = field 11, wire type 2; 0x40 = 64 bytes.
    expect(toHex(encodeEnvelope(unwrapped.envelope))).toBe(`${hex('envelope_hex')}5a40${toHex(proSig)}`);
    expect(openIncoming1o1({ ourIdentity: bob, data }).ok).toBe(true);
    expect(toBase64(fromBase64(data))).toBe(data);
  });
});

describe('vector coverage', () => {
  it('every wire-* vector is handled by this file', () => {
    const wire = identityVectors()
      .filter((x) => x.id.startsWith('wire-'))
      .map((x) => x.id);
    expect(wire).toEqual(['wire-1o1-A-to-B']);
  });
});
