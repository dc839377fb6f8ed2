import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeContent, encodeEnvelope, encodeWebSocketMessage } from '../../../src/swarm/messages';
import type { ContentMessage } from '../../../src/swarm/messages';
import { ContentType, EnvelopeType, WebSocketMessageType } from '../../../src/swarm/messages/schema';
import type * as protobuf from 'protobufjs';
import { content } from './arbitraries';

/**
 * The encoding as it was done through protobufjs' own `fromObject` (a fixed64 handed over as
 * its decimal string, enums by name): the reference the encoder without `fromObject` must
 * match byte for byte.
 */
function decimalBigints(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array || typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map(decimalBigints);
  return Object.fromEntries(
    Object.entries(v).flatMap(([k, x]) => (x === undefined ? [] : [[k, decimalBigints(x)]])),
  );
}

function viaFromObject(type: protobuf.Type, value: unknown): Uint8Array {
  const plain = decimalBigints(value) as Record<string, unknown>;
  return Uint8Array.from(type.encode(type.fromObject(plain)).finish());
}

const MAX_U64 = (1n << 64n) - 1n;

describe('encoding without fromObject', () => {
  it('writes the bytes fromObject did, for any Content', () => {
    fc.assert(
      fc.property(content, (c) => {
        expect(encodeContent(c)).toEqual(viaFromObject(ContentType, c));
      }),
      { numRuns: 300 },
    );
  });

  it('writes enums by number and a fixed64 at both ends of its range', () => {
    for (const id of [0n, 1n, 2n ** 53n + 1n, 2n ** 63n, MAX_U64]) {
      const c: ContentMessage = {
        dataMessage: {
          body: 'x',
          attachments: [{ id, contentType: 'image/png', size: 3 }],
          reaction: { id: 1_700_000_000_000, author: '05' + 'ab'.repeat(32), action: 'REMOVE' },
        },
        expirationType: 'DELETE_AFTER_SEND',
        expirationTimer: 60,
      };
      const bytes = encodeContent(c);
      expect(bytes).toEqual(viaFromObject(ContentType, c));
      expect(ContentType.toObject(ContentType.decode(bytes), { longs: String, enums: String })).toMatchObject(
        {
          dataMessage: { attachments: [{ id: id.toString() }], reaction: { action: 'REMOVE' } },
          expirationType: 'DELETE_AFTER_SEND',
        },
      );
    }
  });

  it('writes the Envelope and WebSocketMessage fromObject did, and bytes of their own', () => {
    const envelope = {
      type: 'SESSION_MESSAGE',
      timestamp: 1_765_000_000_123,
      sourceDevice: 1,
      content: Uint8Array.from({ length: 300 }, (_, i) => i & 0xff),
      proSig: new Uint8Array(64).fill(7),
    } as const;
    const e = encodeEnvelope(envelope);
    expect(e).toEqual(viaFromObject(EnvelopeType, envelope));
    const ws = { type: 'REQUEST', request: { verb: '', path: '', body: e, requestId: 0 } } as const;
    const w = encodeWebSocketMessage(ws);
    expect(w).toEqual(viaFromObject(WebSocketMessageType, ws));
    for (const b of [e, w]) {
      expect(b.byteOffset).toBe(0);
      expect(b.buffer.byteLength).toBe(b.length);
    }
  });

  it('still refuses what fromObject would have coerced', () => {
    expect(() => encodeContent({ expirationType: 'SOMETIMES' } as unknown as ContentMessage)).toThrow(
      'not a ExpirationType value',
    );
    expect(() => encodeContent({ expirationTimer: -1 })).toThrow(RangeError);
  });
  it('names the field that failed by its whole path, in nested messages and lists', () => {
    const bad = (c: unknown) => () => encodeContent(c as ContentMessage);
    expect(bad({ dataMessage: { body: 'x', profile: { displayName: 7 } } })).toThrow(
      new TypeError('Content.dataMessage.profile.displayName: expected a string'),
    );
    expect(bad({ dataMessage: { attachments: [{ id: 1n }, { id: 2n, size: -3 }] } })).toThrow(
      new RangeError('Content.dataMessage.attachments[1].size: expected an integer in [0, 2^32)'),
    );
    expect(bad({ dataMessage: { preview: [{ url: 'u' }, 5] } })).toThrow(
      new TypeError('Content.dataMessage.preview[1]: expected a Preview object'),
    );
    expect(bad({ dataMessage: { quote: { id: 1, author: 'a', extra: 1 } } })).toThrow(
      new TypeError('Content.dataMessage.quote.extra: Quote has no such field'),
    );
    expect(bad({ dataMessage: { reaction: { id: 1, author: 'a', action: 'HUG' } } })).toThrow(
      new TypeError('Content.dataMessage.reaction.action: not a Action value'),
    );
    expect(bad({ dataMessage: { quote: { author: 'a' } } })).toThrow(
      new TypeError('Content.dataMessage.quote.id: required field missing'),
    );
    // Inherited keys are not fields: only the value's own ones are checked (as Object.entries).
    const inherited = Object.create({ bogus: 1 }) as Record<string, unknown>;
    inherited.body = 'x';
    expect(encodeContent({ dataMessage: inherited })).toEqual(encodeContent({ dataMessage: { body: 'x' } }));
  });
});
