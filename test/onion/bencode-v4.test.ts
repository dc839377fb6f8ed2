import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromUtf8, utf8 } from '../../src/crypto/bytes';
import { bdecode, bencode, bkey, bkeyBytes, type BencodeValue } from '../../src/onion/bencode';
import {
  decodeV4Body,
  encodeV4Request,
  encodeV4RequestParts,
  encodeV4Response,
  parseV4Request,
  parseV4Response,
} from '../../src/onion/v4';
import { vector } from './helpers';

const dec = (s: string) => bdecode(utf8(s));

describe('bencode', () => {
  it('gives the same bytes in parts, with a body part that is the body itself (not a copy)', () => {
    const body = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);
    const req = { method: 'POST', endpoint: '/file', headers: { 'X-FS-TTL': '60' }, body };
    const parts = encodeV4RequestParts(req);
    expect(parts).toContain(body);
    const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      joined.set(p, at);
      at += p.length;
    }
    expect(joined).toEqual(encodeV4Request(req));
    expect(fromUtf8(joined.subarray(joined.length - 1006, joined.length - 1001))).toBe('1000:');
  });

  it('encodes all types with sorted byte-string keys', () => {
    const m = new Map<string, BencodeValue | string | number>([
      ['b', 1],
      ['a', [utf8('x'), -5n]],
      ['\u00ff', 'é'],
    ]);
    expect(fromUtf8(bencode(m).subarray(0, 16))).toBe('d1:al1:xi-5ee1:b');
    const back = bdecode(bencode(m));
    expect(back.ok).toBe(true);
    if (back.ok && back.value instanceof Map) {
      expect([...back.value.keys()]).toEqual(['a', 'b', '\u00ff']);
      expect(back.value.get('b')).toBe(1n);
    }
  });

  it('binary dict keys survive (33-byte keys as in libsession contacts)', () => {
    const raw = Uint8Array.from({ length: 33 }, (_, i) => (i * 37) & 0xff);
    const k = bkeyBytes(raw);
    const enc = bencode(new Map([[k, 1n]]));
    const back = bdecode(enc);
    expect(back.ok && back.value instanceof Map && [...back.value.keys()][0] === k).toBe(true);
    expect(bkey(k)).toEqual(raw);
    expect(() => bkey('\u0100')).toThrow();
  });

  it.each([
    ['i01e', 'leading zero'],
    ['i-0e', 'negative zero'],
    ['ie', 'empty'],
    ['i12', 'unterminated'],
    ['01:a', 'leading zero'],
    ['5:abc', 'past the end'],
    ['d1:bi1e1:ai2ee', 'ascending'],
    ['d1:ai1e1:ai2ee', 'ascending'],
    ['di1ei2ee', 'dict key'],
    ['l', 'unterminated'],
    ['i1ei2e', 'trailing'],
    ['x', 'unexpected byte'],
    ['', 'end of input'],
  ])('rejects %s (%s)', (input, msg) => {
    const r = dec(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('bencode');
      expect(r.error.message).toContain(msg);
    }
  });

  it('rejects absurd nesting without blowing the stack', () => {
    const r = dec('l'.repeat(100000) + 'e'.repeat(100000));
    expect(!r.ok && r.error.message).toContain('too deep');
  });

  it('never throws on random bytes, and round-trips what it accepts', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const r = bdecode(bytes);
        if (r.ok) expect(bencode(r.value)).toEqual(bytes);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('i', 'l', 'd', 'e', '1', '0', '-', ':', 'a', '2') }),
        (s) => {
          const r = dec(s);
          if (r.ok) expect(fromUtf8(bencode(r.value))).toBe(s);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('v4 framing', () => {
  it('onion_v4_request_framing: GET without body, POST with body', () => {
    const v = vector('onion_v4_request_framing');
    const get = v.inputs.get as { method: string; endpoint: string; headers: Record<string, string> };
    const post = v.inputs.post as {
      method: string;
      endpoint: string;
      headers: Record<string, string>;
      body_utf8: string;
    };
    const g = encodeV4Request({
      method: get.method,
      endpoint: get.endpoint,
      headers: get.headers,
      body: null,
    });
    const p = encodeV4Request({
      method: post.method,
      endpoint: post.endpoint,
      headers: post.headers,
      body: post.body_utf8,
    });
    expect(fromUtf8(g)).toBe(v.expected.get_utf8);
    expect(fromUtf8(p)).toBe(v.expected.post_utf8);
    const pg = parseV4Request(g);
    expect(pg.ok && pg.value.body).toBeUndefined();
    const pp = parseV4Request(p);
    expect(pp.ok && fromUtf8(pp.value.body ?? new Uint8Array())).toBe('post body here');
    expect(pp.ok && pp.value.headers).toEqual({ 'Some-Header': 'a' });
  });

  it('response: server encodes, client parses; spaced JSON from Python servers is accepted', () => {
    const bytes = encodeV4Response({
      code: 200,
      headers: { 'Content-Type': 'application/json' },
      body: utf8('{"id":"abc"}'),
    });
    const r = parseV4Response(bytes);
    expect(r.ok && r.value.code).toBe(200);
    if (!r.ok) return;
    expect(r.value.headers['content-type']).toBe('application/json');
    expect(decodeV4Body(r.value)).toEqual({ ok: true, value: { kind: 'json', value: { id: 'abc' } } });
    const meta = '{"code": 404, "headers": {"content-type": "text/plain; charset=utf-8"}}';
    const spaced = utf8(`l${utf8(meta).length}:${meta}9:not founde`);
    const s = parseV4Response(spaced);
    expect(s.ok && s.value.code).toBe(404);
    if (s.ok) expect(decodeV4Body(s.value)).toEqual({ ok: true, value: { kind: 'text', text: 'not found' } });
    const octet = parseV4Response(
      encodeV4Response({ code: 200, headers: {}, body: new Uint8Array([0, 255]) }),
    );
    expect(octet.ok && decodeV4Body(octet.value)).toEqual({
      ok: true,
      value: { kind: 'binary', bytes: new Uint8Array([0, 255]) },
    });
  });

  it('lengths are byte counts (multi-byte UTF-8)', () => {
    const p = encodeV4Request({ method: 'POST', endpoint: '/é', body: 'ça' });
    expect(fromUtf8(p)).toBe('l34:{"method":"POST","endpoint":"/é"}3:çae');
  });

  it.each([
    ['le', 'list of 1 or 2'],
    ['l2:{}e', 'request info'],
    ['l3:abce', 'not UTF-8 JSON'],
    ['li1ee', 'list of 1 or 2'],
    ['d1:ai1ee', 'not a bencoded list'],
  ])('parseV4Request rejects %s', (input, msg) => {
    const r = parseV4Request(utf8(input));
    expect(!r.ok && r.error.message).toContain(msg);
  });

  it('a response without body element is rejected', () => {
    const r = parseV4Response(utf8('l25:{"code":200,"headers":{}}e'));
    expect(!r.ok && r.error.message).toContain('no body');
  });

  it('v4 parsers never throw on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
        expect(typeof parseV4Request(b).ok).toBe('boolean');
        expect(typeof parseV4Response(b).ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });
});
