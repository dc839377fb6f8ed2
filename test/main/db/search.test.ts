import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VeilDatabase } from '../../../src/main/db/database';
import { toFtsQuery } from '../../../src/main/db/search';
import { ALICE, BOB, freshDb, incoming, removeTempDirs } from './helpers';

let db: VeilDatabase;

beforeAll(() => {
  db = freshDb().db;
  const bodies = [
    'Rendez-vous à la gare à midi',
    "L'école est fermée demain",
    'NEAR the station, "quoted" text',
    'minus -sign and star* here',
    'hello world',
  ];
  bodies.forEach((body, i) => db.messages.insertIncoming(incoming({ body, sentAt: 1_000 + i })));
  db.messages.insertIncoming(
    incoming({ body: 'hello from bob', sender: BOB, conversationId: BOB, sentAt: 2_000 }),
  );
});

afterAll(() => {
  db.close();
  removeTempDirs();
});

const bodies = (q: string, conversationId?: typeof ALICE): string[] =>
  db.search(q, conversationId === undefined ? {} : { conversationId }).map((h) => h.body);

describe('search', () => {
  it('finds words, ignores accents and case, matches the last word as a prefix, newest first', () => {
    expect(bodies('ecole')).toEqual(["L'école est fermée demain"]);
    expect(bodies('GARE midi')).toEqual(['Rendez-vous à la gare à midi']);
    expect(bodies('hel')).toEqual(['hello from bob', 'hello world']);
    expect(bodies('hello', ALICE)).toEqual(['hello world']);
    expect(bodies('gare soir')).toEqual([]);
  });

  it('treats operators and quotes as plain text', () => {
    expect(bodies('NEAR')).toEqual(['NEAR the station, "quoted" text']);
    expect(bodies('"quoted"')).toEqual(['NEAR the station, "quoted" text']);
    expect(bodies('star*')).toEqual(['minus -sign and star* here']);
  });

  it.each([
    '"',
    '""',
    '*',
    'NEAR(',
    'NEAR(a b',
    '-',
    '-hello',
    'a OR',
    'AND',
    'NOT hello',
    '(',
    ')',
    'body:hello',
    '^hello',
    '{body}: x',
    "'; DROP TABLE messages; --",
    '\u0000',
    'a\u0000',
    'hel\u0000lo\u0007',
    '   ',
    '',
    'x'.repeat(10_000),
  ])('never throws on hostile input %j', (q) => {
    expect(() => db.search(q)).not.toThrow();
  });

  it('never throws on any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (q) => {
        expect(Array.isArray(db.search(q))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('builds quoted phrases with doubled quotes', () => {
    expect(toFtsQuery('say "hi"')).toBe('"say" """hi"""*');
    expect(toFtsQuery('- * "')).toBeUndefined();
  });
});
