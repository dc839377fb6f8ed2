/**
 * Quotes, reactions and unsend on the wire: hand-built bytes from the field numbers of
 * identity-and-messages.md §5.2–§5.4 (Content 1/9, DataMessage 8/11/105, Quote 1–4, Reaction 1–4,
 * UnsendRequest 1–2) must equal what we encode, and decode back to the same values.
 */
import { describe, expect, it } from 'vitest';
import { concatBytes, toHex, utf8 } from '../../../src/crypto/bytes';
import { decodeContent, encodeContent } from '../../../src/swarm/messages';
import type { ContentMessage } from '../../../src/swarm/messages';

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
const len = (field: number, payload: Uint8Array) =>
  concatBytes(tag(field, 2), varint(payload.length), payload);
const num = (field: number, n: number) => concatBytes(tag(field, 0), varint(n));
const str = (field: number, s: string) => len(field, utf8(s));

const ANN = `05${'a1'.repeat(32)}`;
const BEN = `05${'b2'.repeat(32)}`;
const SENT = 1_765_000_000_123;

function roundTrip(content: ContentMessage, expected: Uint8Array): void {
  const bytes = encodeContent(content);
  expect(toHex(bytes)).toBe(toHex(expected));
  const back = decodeContent(bytes);
  expect(back.ok && back.value).toEqual(content);
}

describe('message actions on the wire', () => {
  it('a reply carries DataMessage.quote (8): id 1, author 2, text 3, attachments 4', () => {
    roundTrip(
      {
        dataMessage: {
          body: 'oui',
          quote: {
            id: SENT,
            author: ANN,
            text: 'On dîne à 8 h ?',
            attachments: [{ contentType: 'image/jpeg' }],
          },
        },
      },
      len(
        1,
        concatBytes(
          str(1, 'oui'),
          len(
            8,
            concatBytes(num(1, SENT), str(2, ANN), str(3, 'On dîne à 8 h ?'), len(4, str(1, 'image/jpeg'))),
          ),
        ),
      ),
    );
  });

  it('a quote from Desktop HEAD (id and author only) decodes', () => {
    const bytes = len(1, concatBytes(str(1, 'ok'), len(8, concatBytes(num(1, SENT), str(2, ANN)))));
    expect(decodeContent(bytes)).toEqual({
      ok: true,
      value: { dataMessage: { body: 'ok', quote: { id: SENT, author: ANN } } },
    });
  });

  it('a reaction is DataMessage.reaction (11): id 1, author 2, emoji 3, action 4 (REACT 0, REMOVE 1)', () => {
    for (const [action, value] of [
      ['REACT', 0],
      ['REMOVE', 1],
    ] as const) {
      roundTrip(
        { dataMessage: { reaction: { id: SENT, author: BEN, emoji: '👍', action } } },
        len(1, len(11, concatBytes(num(1, SENT), str(2, BEN), str(3, '👍'), num(4, value)))),
      );
    }
  });

  it('the sync copy of a reaction names the conversation in syncTarget (105)', () => {
    roundTrip(
      { dataMessage: { reaction: { id: SENT, author: BEN, emoji: '❤️', action: 'REACT' }, syncTarget: BEN } },
      len(
        1,
        concatBytes(len(11, concatBytes(num(1, SENT), str(2, BEN), str(3, '❤️'), num(4, 0))), str(105, BEN)),
      ),
    );
  });

  it('an unsend is Content.unsendRequest (9): timestamp 1, author 2', () => {
    roundTrip(
      { unsendRequest: { timestamp: SENT, author: ANN } },
      len(9, concatBytes(num(1, SENT), str(2, ANN))),
    );
  });

  it('a reaction or unsend without its required fields is malformed', () => {
    expect(decodeContent(len(1, len(11, concatBytes(num(1, SENT), str(3, '👍'), num(4, 0))))).ok).toBe(false);
    expect(decodeContent(len(9, num(1, SENT))).ok).toBe(false);
  });
});
