import fc from 'fast-check';
import * as protobuf from 'protobufjs';
import { describe, expect, it, vi } from 'vitest';
import { concatBytes, fromHex, toHex, utf8 } from '../../../src/crypto/bytes';
import {
  decodeContent,
  decodeEnvelope,
  decodeWebSocketMessage,
  encodeContent,
  encodeEnvelope,
  encodeWebSocketMessage,
  GroupUpdateMessageType,
  SESSION_PROTO_SOURCE,
  sessionProtoRoot,
} from '../../../src/swarm/messages';
import type { ContentMessage } from '../../../src/swarm/messages';
import { content, textContent } from './arbitraries';

/** Protobuf varint, for hand-made wire bytes. */
function varint(n: number): Uint8Array {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Uint8Array.from(out);
}
const tag = (field: number, wireType: number) => varint(field * 8 + wireType);
const lenField = (field: number, payload: Uint8Array) =>
  concatBytes(tag(field, 2), varint(payload.length), payload);
const varintField = (field: number, n: number) => concatBytes(tag(field, 0), varint(n));

describe('schema', () => {
  it('uses package SessionProtos and the §5 field numbers', () => {
    const num = (type: string, field: string) =>
      sessionProtoRoot.lookupType(`SessionProtos.${type}`).fields[field]?.id;
    expect(num('Envelope', 'timestamp')).toBe(5);
    expect(num('Envelope', 'proSig')).toBe(11);
    expect(num('Content', 'unsendRequest')).toBe(9);
    expect(num('Content', 'messageRequestResponse')).toBe(10);
    expect(num('Content', 'sigTimestamp')).toBe(15);
    expect(num('DataMessage', 'profile')).toBe(101);
    expect(num('DataMessage', 'syncTarget')).toBe(105);
    expect(num('DataMessage', 'groupUpdateMessage')).toBe(120);
    expect(num('AttachmentPointer', 'url')).toBe(101);
    expect(num('WebSocketRequestMessage', 'requestId')).toBe(4);
    const reserved = sessionProtoRoot.lookupType('SessionProtos.Content').reserved;
    expect(reserved).toEqual(
      expect.arrayContaining([
        [7, 7],
        [11, 11],
        [14, 14],
      ]),
    );
    expect(SESSION_PROTO_SOURCE).toContain('package SessionProtos;');
  });

  it('declares GroupUpdateMessage for the groups layer (DataMessage 120 stays opaque bytes)', () => {
    const inner = GroupUpdateMessageType.encode(
      GroupUpdateMessageType.fromObject({ inviteResponse: { isApproved: true } }),
    ).finish();
    const decoded = decodeContent(encodeContent({ dataMessage: { groupUpdateMessage: inner } }));
    expect(decoded.ok && toHex(decoded.value.dataMessage?.groupUpdateMessage ?? new Uint8Array())).toBe(
      toHex(inner),
    );
  });
});

describe('Content round trips', () => {
  it('any Content decodes to itself', () => {
    fc.assert(
      fc.property(content, (c) => {
        expect(decodeContent(encodeContent(c))).toEqual({ ok: true, value: c });
      }),
      { numRuns: 300 },
    );
  });

  it('text messages of any length and script', () => {
    fc.assert(
      fc.property(textContent, (c) => {
        expect(decodeContent(encodeContent(c))).toEqual({ ok: true, value: c });
      }),
    );
  });

  it('decoded bytes are fresh copies, not views into the input', () => {
    const input = encodeContent({ dataMessage: { profileKey: new Uint8Array(32).fill(7) } });
    const decoded = decodeContent(input);
    input.fill(0);
    expect(decoded.ok && decoded.value.dataMessage?.profileKey).toEqual(new Uint8Array(32).fill(7));
  });
});

describe('unknown fields are ignored', () => {
  const base = encodeContent({ dataMessage: { body: 'hi' }, sigTimestamp: 1234 });
  const expected = { ok: true, value: { dataMessage: { body: 'hi' }, sigTimestamp: 1234 } };

  it('unknown varint, length-delimited, fixed and group fields at the top level', () => {
    const group = concatBytes(tag(300, 3), varintField(1, 5), tag(300, 4));
    const fixed = concatBytes(tag(301, 1), new Uint8Array(8), tag(302, 5), new Uint8Array(4));
    const extra = concatBytes(varintField(99, 1), lenField(200, utf8('abc')), group, fixed);
    expect(decodeContent(concatBytes(base, extra))).toEqual(expected);
    expect(decodeContent(concatBytes(extra, base))).toEqual(expected);
  });

  it('retired numbers (configurationMessage 7, sharedConfigMessage 11, field 14)', () => {
    const legacy = concatBytes(
      lenField(7, utf8('old config')),
      lenField(11, new Uint8Array(3)),
      varintField(14, 9),
    );
    expect(decodeContent(concatBytes(legacy, base))).toEqual(expected);
  });

  it('unknown fields inside nested messages (DataMessage, LokiProfile)', () => {
    const profile = concatBytes(lenField(1, utf8('Zoé')), varintField(77, 3));
    const dm = concatBytes(
      lenField(1, utf8('hi')),
      lenField(101, profile),
      varintField(5, 30),
      varintField(7, 1),
    );
    expect(decodeContent(lenField(1, dm))).toEqual({
      ok: true,
      value: { dataMessage: { body: 'hi', profile: { displayName: 'Zoé' } } },
    });
  });

  it('a known number with the wrong wire type is skipped, as protoc does', () => {
    expect(decodeContent(concatBytes(varintField(1, 1), base))).toEqual(expected);
  });

  it('WebSocketMessage.response (3) and Envelope extras are skipped', () => {
    const ws = concatBytes(
      encodeWebSocketMessage({ type: 'REQUEST', request: { body: utf8('x') } }),
      lenField(3, utf8('resp')),
    );
    expect(decodeWebSocketMessage(ws)).toEqual({
      ok: true,
      value: { type: 'REQUEST', request: { body: utf8('x') } },
    });
    const env = concatBytes(encodeEnvelope({ type: 'SESSION_MESSAGE', timestamp: 5 }), varintField(42, 1));
    expect(decodeEnvelope(env)).toEqual({ ok: true, value: { type: 'SESSION_MESSAGE', timestamp: 5 } });
  });

  it('an unknown value of an optional enum reads as absent', () => {
    expect(decodeContent(concatBytes(varintField(12, 9), base))).toEqual(expected);
  });
});

describe('malformed input gives typed errors, never exceptions', () => {
  const malformed = (messageType: string) => ({
    ok: false,
    error: { kind: 'malformed', messageType, reason: expect.any(String) },
  });

  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        for (const decode of [decodeContent, decodeEnvelope, decodeWebSocketMessage]) {
          const r = decode(b);
          expect(typeof r.ok).toBe('boolean');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('mutations and truncations of valid messages', () => {
    fc.assert(
      fc.property(content, fc.nat(), fc.integer({ min: 0, max: 255 }), (c, at, byte) => {
        const b = encodeContent(c);
        if (b.length === 0) return;
        const mutated = b.slice();
        mutated[at % b.length] = byte;
        expect(typeof decodeContent(mutated).ok).toBe('boolean');
        expect(typeof decodeContent(b.slice(0, at % b.length)).ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('truncated field, bad length, deep group nesting', () => {
    expect(decodeContent(fromHex('0a05'))).toEqual(malformed('Content'));
    expect(decodeContent(fromHex('0aff'))).toEqual(malformed('Content'));
    const deep = concatBytes(...Array.from({ length: 5000 }, () => tag(300, 3)));
    expect(decodeContent(deep)).toEqual(malformed('Content'));
  });

  it('missing required fields (Envelope.timestamp, Quote.author, TypingMessage.action)', () => {
    expect(decodeEnvelope(varintField(1, 6))).toEqual(malformed('Envelope'));
    const quote = lenField(8, varintField(1, 5));
    expect(decodeContent(lenField(1, quote))).toEqual(malformed('Content'));
    expect(decodeContent(lenField(6, varintField(1, 5)))).toEqual(malformed('Content'));
  });

  it('an unknown value of a required enum makes the message malformed (as in libsession)', () => {
    expect(decodeEnvelope(concatBytes(varintField(1, 9), varintField(5, 1)))).toEqual(malformed('Envelope'));
    const receipt = concatBytes(varintField(1, 7), varintField(2, 100));
    expect(decodeContent(lenField(5, receipt))).toEqual(malformed('Content'));
  });

  it('reads 64-bit values exactly without turning them into decimal text (issue #15)', () => {
    // Long.js's toString divides in Long arithmetic: a received message's timestamps paid it.
    const toText = vi.spyOn(protobuf.util.Long.prototype, 'toString');
    try {
      const value: ContentMessage = {
        sigTimestamp: 1_765_000_000_123,
        dataMessage: { body: 'x', attachments: [{ id: (1n << 64n) - 1n }, { id: 2n ** 53n + 1n }] },
      };
      expect(decodeContent(encodeContent(value))).toEqual({ ok: true, value });
      expect(toText).not.toHaveBeenCalled();
    } finally {
      toText.mockRestore();
    }
  });

  it('a uint64 beyond 2^53 is refused rather than rounded', () => {
    const huge = concatBytes(tag(15, 0), fromHex('ffffffffffffffff01'));
    expect(decodeContent(huge)).toEqual(malformed('Content'));
    expect(decodeContent(varintField(15, Number.MAX_SAFE_INTEGER))).toEqual({
      ok: true,
      value: { sigTimestamp: Number.MAX_SAFE_INTEGER },
    });
  });
});

describe('encoding refuses values protobufjs would silently mangle', () => {
  const bad: [string, unknown][] = [
    ['negative uint32', { expirationTimer: -1 }],
    ['fractional uint64', { sigTimestamp: 1.5 }],
    ['uint32 overflow', { dataMessage: { flags: 2 ** 32 } }],
    ['unsafe uint64', { sigTimestamp: 2 ** 60 }],
    ['misspelt field', { dataMessage: { bdy: 'x' } }],
    ['unknown enum name', { typingMessage: { timestamp: 1, action: 'PAUSED' } }],
    ['missing required', { unsendRequest: { timestamp: 1 } }],
    ['wrong type', { dataMessage: { body: 5 } }],
    ['not a list', { receiptMessage: { type: 'READ', timestamp: 5 } }],
  ];
  it.each(bad)('%s', (_name, value) => {
    expect(() => encodeContent(value as ContentMessage)).toThrow();
  });
});
