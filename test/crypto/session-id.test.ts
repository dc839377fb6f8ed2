import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/crypto/bytes';
import { isSessionId, parseSessionIdInput, sessionIdToX25519PublicKey } from '../../src/crypto/session-id';

const KEY = 'd2ad010eeb72d72e561d9de7bd7b6989af77dcabffa03a5111a6c859ae5c3a72';
const ID = `05${KEY}`;

function parse(text: string): unknown {
  const r = parseSessionIdInput(text);
  return r.ok ? { ok: r.sessionId } : r.error;
}

describe('parseSessionIdInput', () => {
  it('accepts a Session ID, trimmed and lower-cased', () => {
    expect(parse(ID)).toEqual({ ok: ID });
    expect(parse(`  \n${ID.toUpperCase()}\t `)).toEqual({ ok: ID });
    const r = parseSessionIdInput(ID);
    if (!r.ok) throw new Error('expected ok');
    expect(toHex(sessionIdToX25519PublicKey(r.sessionId))).toBe(KEY);
  });

  it('reports empty input', () => {
    expect(parse('')).toEqual({ kind: 'empty' });
    expect(parse('  \t\n')).toEqual({ kind: 'empty' });
  });

  it('reports the first non-hex character and its position', () => {
    expect(parse(`05${KEY.slice(0, 10)}g${KEY.slice(11)}`)).toEqual({
      kind: 'not-hex',
      char: 'g',
      position: 13,
    });
    expect(parse('hello')).toEqual({ kind: 'not-hex', char: 'h', position: 1 });
    expect(parse(`05 ${KEY}`)).toEqual({ kind: 'not-hex', char: ' ', position: 3 });
    expect(parse(`0x${KEY}`)).toEqual({ kind: 'not-hex', char: 'x', position: 2 });
    expect(parse('05ab😀cd')).toEqual({ kind: 'not-hex', char: '😀', position: 5 });
    expect(parse(`05${KEY.slice(0, 63)}é`)).toEqual({ kind: 'not-hex', char: 'é', position: 66 });
  });

  it('reports a wrong length', () => {
    expect(parse(KEY)).toEqual({ kind: 'wrong-length', length: 64 });
    expect(parse(`${ID}0`)).toEqual({ kind: 'wrong-length', length: 67 });
    expect(parse('05')).toEqual({ kind: 'wrong-length', length: 2 });
  });

  it('tells community-blinded and group IDs apart', () => {
    expect(parse(`15${KEY}`)).toEqual({ kind: 'community-blinded', prefix: '15' });
    expect(parse(`25${KEY}`)).toEqual({ kind: 'community-blinded', prefix: '25' });
    expect(parse(`03${KEY}`)).toEqual({ kind: 'group' });
    expect(parse(`00${KEY}`)).toEqual({ kind: 'unknown-prefix', prefix: '00' });
    expect(parse(`07${KEY}`)).toEqual({ kind: 'unknown-prefix', prefix: '07' });
    expect(parse(`AB${KEY}`)).toEqual({ kind: 'unknown-prefix', prefix: 'ab' });
  });

  it('never throws and only returns canonical IDs (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.stringMatching(/^[0-9a-fA-F]{66}$/)), (s) => {
        const r = parseSessionIdInput(s);
        if (r.ok) expect(isSessionId(r.sessionId)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('isSessionId', () => {
  it('accepts only the canonical lower-case form', () => {
    expect(isSessionId(ID)).toBe(true);
    expect(isSessionId(ID.toUpperCase())).toBe(false);
    expect(isSessionId(` ${ID}`)).toBe(false);
    expect(isSessionId(`03${KEY}`)).toBe(false);
    expect(isSessionId(KEY)).toBe(false);
    expect(isSessionId(42)).toBe(false);
  });
});
