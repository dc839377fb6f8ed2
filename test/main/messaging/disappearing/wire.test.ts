/**
 * Disappearing messages on the wire, checked byte by byte against identity-and-messages.md §5:
 * Content.expirationType = field 12 (varint), Content.expirationTimer = 13 (varint, seconds),
 * DataMessage.flags = 4 with EXPIRATION_TIMER_UPDATE = 2; the retired DataMessage.expireTimer (5)
 * and Content field 14 never appear.
 */
import { describe, expect, it } from 'vitest';
import { decodeContent, encodeContent, type ContentMessage } from '../../../../src/swarm/messages/index';
import {
  expirationFields,
  expirationUpdateContent,
  isExpirationUpdate,
  settingOf,
  storeTtlMs,
} from '../../../../src/main/messaging/disappearing/wire';

/** Top-level (field number, wire type, value bytes) of a protobuf message; enough for these tests. */
function fields(bytes: Uint8Array): { n: number; wt: number; value: Uint8Array | number }[] {
  const out: { n: number; wt: number; value: Uint8Array | number }[] = [];
  let i = 0;
  const varint = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[i++]!;
      v += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return v;
      shift += 7;
    }
  };
  while (i < bytes.length) {
    const key = varint();
    const n = Math.floor(key / 8);
    const wt = key % 8;
    if (wt === 0) out.push({ n, wt, value: varint() });
    else if (wt === 2) {
      const len = varint();
      out.push({ n, wt, value: bytes.slice(i, i + len) });
      i += len;
    } else throw new Error(`unexpected wire type ${wt}`);
  }
  return out;
}

const roundTrip = (c: ContentMessage): ContentMessage => {
  const decoded = decodeContent(encodeContent(c));
  if (!decoded.ok) throw new Error(decoded.error.reason);
  return decoded.value;
};

describe('disappearing messages on the wire', () => {
  it('an after-send change is DataMessage.flags=2 with Content 12 = 2 and 13 = seconds', () => {
    const bytes = encodeContent(expirationUpdateContent({ mode: 'after-send', seconds: 30 }));
    const top = fields(bytes);
    expect(top.find((f) => f.n === 12)).toEqual({ n: 12, wt: 0, value: 2 });
    expect(top.find((f) => f.n === 13)).toEqual({ n: 13, wt: 0, value: 30 });
    expect(top.some((f) => f.n === 14)).toBe(false);
    const data = top.find((f) => f.n === 1);
    expect(data?.wt).toBe(2);
    const inner = fields(data!.value as Uint8Array);
    expect(inner).toContainEqual({ n: 4, wt: 0, value: 2 });
    expect(inner.some((f) => f.n === 5)).toBe(false);
    const back = roundTrip(expirationUpdateContent({ mode: 'after-send', seconds: 30 }));
    expect(isExpirationUpdate(back)).toBe(true);
    expect(settingOf(back)).toEqual({ mode: 'after-send', seconds: 30 });
  });

  it('an after-read message carries type 1 and its timer', () => {
    const content: ContentMessage = {
      dataMessage: { body: 'à lire' },
      ...expirationFields({ mode: 'after-read', seconds: 300 }),
    };
    const top = fields(encodeContent(content));
    expect(top.find((f) => f.n === 12)?.value).toBe(1);
    expect(top.find((f) => f.n === 13)?.value).toBe(300);
    const back = roundTrip(content);
    expect(isExpirationUpdate(back)).toBe(false);
    expect(settingOf(back)).toEqual({ mode: 'after-read', seconds: 300 });
  });

  it('"off" is stated explicitly in a change (UNKNOWN, 0) and absent from ordinary messages', () => {
    const top = fields(encodeContent(expirationUpdateContent({ mode: 'off' })));
    expect(top.find((f) => f.n === 12)).toEqual({ n: 12, wt: 0, value: 0 });
    expect(top.find((f) => f.n === 13)).toEqual({ n: 13, wt: 0, value: 0 });
    expect(settingOf(roundTrip(expirationUpdateContent({ mode: 'off' })))).toEqual({ mode: 'off' });
    expect(expirationFields({ mode: 'off' })).toEqual({});
  });

  it('what other clients may send is read tolerantly', () => {
    // A timer without a type (legacy senders), a type without a timer: not disappearing.
    expect(settingOf({ expirationTimer: 30 })).toEqual({ mode: 'off' });
    expect(settingOf({ expirationType: 'DELETE_AFTER_SEND' })).toEqual({ mode: 'off' });
    // Timers outside our list (Desktop's 5 s, 1 min, 6 h) are honoured; beyond 30 days, clamped.
    expect(settingOf({ expirationType: 'DELETE_AFTER_SEND', expirationTimer: 5 })).toEqual({
      mode: 'after-send',
      seconds: 5,
    });
    expect(settingOf({ expirationType: 'DELETE_AFTER_READ', expirationTimer: 99_999_999 })).toEqual({
      mode: 'after-read',
      seconds: 30 * 86_400,
    });
  });

  it('swarm TTLs follow §7.3', () => {
    expect(storeTtlMs({ mode: 'after-send', seconds: 30 }, false)).toBe(30_000);
    expect(storeTtlMs({ mode: 'after-read', seconds: 300 }, false)).toBe(14 * 86_400_000);
    expect(storeTtlMs({ mode: 'after-read', seconds: 300 }, true)).toBe(300_000);
    expect(storeTtlMs({ mode: 'off' }, true)).toBe(14 * 86_400_000);
  });
});
