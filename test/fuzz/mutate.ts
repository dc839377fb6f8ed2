/**
 * Input generators for the fuzz targets: random data, and structure-aware mutations of valid
 * inputs (bytes: flip / set / insert / delete / truncate / duplicate / splice; text: the same on
 * code points; JSON: replace, delete or retype one node of the tree). Mutating valid encodings
 * gets past the first length or tag check, so the decoders' deep code is reached too.
 */
import fc from 'fast-check';

/** Byte values that tend to sit on boundaries: varint continuation, sign bits, ASCII digits… */
const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x30, 0x39, 0x3a, 0x65, 0x7b, 0x7d, 0x22];

type ByteOp =
  | { readonly op: 'flip'; readonly at: number; readonly bit: number }
  | { readonly op: 'set'; readonly at: number; readonly value: number }
  | { readonly op: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly op: 'delete'; readonly at: number; readonly len: number }
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'duplicate'; readonly at: number; readonly len: number; readonly to: number }
  /** A long run of one byte: huge varints / lengths, deep nesting. */
  | { readonly op: 'run'; readonly at: number; readonly value: number; readonly len: number }
  | { readonly op: 'splice'; readonly other: number; readonly at: number; readonly from: number };

const pos = fc.nat({ max: 1 << 20 });
const byteValue = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(...INTERESTING_BYTES));

const byteOp: fc.Arbitrary<ByteOp> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant('flip'), at: pos, bit: fc.integer({ min: 0, max: 7 }) }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('set'), at: pos, value: byteValue }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('insert'),
      at: pos,
      bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('delete'), at: pos, len: fc.integer({ min: 1, max: 32 }) }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate'), at: pos }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('duplicate'),
      at: pos,
      len: fc.integer({ min: 1, max: 64 }),
      to: pos,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('run'),
      at: pos,
      value: byteValue,
      len: fc.integer({ min: 2, max: 300 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('splice'), other: pos, at: pos, from: pos }) },
);

function applyByteOp(b: Uint8Array, o: ByteOp, seeds: readonly Uint8Array[]): Uint8Array {
  const at = o.at % (b.length + 1);
  const head = b.subarray(0, at);
  switch (o.op) {
    case 'flip':
    case 'set': {
      if (b.length === 0) return b;
      const out = b.slice();
      const i = o.at % b.length;
      out[i] = o.op === 'flip' ? (out[i] ?? 0) ^ (1 << o.bit) : o.value;
      return out;
    }
    case 'insert':
      return concat(head, o.bytes, b.subarray(at));
    case 'delete':
      return concat(head, b.subarray(at + o.len));
    case 'truncate':
      return b.slice(0, at);
    case 'duplicate': {
      const chunk = b.subarray(at, at + o.len);
      const to = o.to % (b.length + 1);
      return concat(b.subarray(0, to), chunk, b.subarray(to));
    }
    case 'run':
      return concat(head, new Uint8Array(o.len).fill(o.value), b.subarray(at));
    case 'splice': {
      const other = seeds[o.other % Math.max(1, seeds.length)] ?? b;
      return concat(head, other.subarray(o.from % (other.length + 1)));
    }
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** 1–`maxOps` byte mutations of one of `seeds`. */
export function mutatedBytes(seeds: readonly Uint8Array[], maxOps = 6): fc.Arbitrary<Uint8Array> {
  if (seeds.length === 0) throw new Error('mutatedBytes needs at least one seed');
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(byteOp, { minLength: 1, maxLength: maxOps }))
    .map(([seed, ops]) => ops.reduce((b, o) => applyByteOp(b, o, seeds), seed));
}

/** Mostly mutated seeds, some untouched seeds, some random bytes. */
export function bytesInput(seeds: readonly Uint8Array[], maxRandom = 1024): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    { weight: 6, arbitrary: mutatedBytes(seeds) },
    { weight: 1, arbitrary: fc.constantFrom(...seeds) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: maxRandom, size: 'max' }) },
  );
}

// ---- text ----

/** Characters users paste by accident, and ones that break naive code (RTL, zero width, NUL…). */
const ODD_CHARS = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\u00a0',
  '\u200b',
  '\u200e',
  '\u202e',
  '\ufeff',
  '\u3000',
  '\0',
  'é',
  'e\u0301',
  'İ',
  'ß',
  'ﬀ',
  '😀',
  '👩‍👩‍👧',
  '\ud800',
  '0',
  'f',
  'F',
  'g',
  '=',
  '+',
  '/',
  '"',
  '\\',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
];

const oddChar = fc.oneof(
  fc.constantFrom(...ODD_CHARS),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }),
);

type TextOp =
  | { readonly op: 'insert'; readonly at: number; readonly s: string }
  | { readonly op: 'delete'; readonly at: number; readonly len: number }
  | { readonly op: 'replace'; readonly at: number; readonly s: string }
  | { readonly op: 'case'; readonly upper: boolean }
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'duplicate'; readonly at: number; readonly len: number }
  | { readonly op: 'swap'; readonly a: number; readonly b: number };

const textOp: fc.Arbitrary<TextOp> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('insert'), at: pos, s: oddChar }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('delete'), at: pos, len: fc.integer({ min: 1, max: 8 }) }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('replace'), at: pos, s: oddChar }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('case'), upper: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate'), at: pos }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('duplicate'), at: pos, len: fc.integer({ min: 1, max: 40 }) }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('swap'), a: pos, b: pos }) },
);

function applyTextOp(s: string, o: TextOp): string {
  // Code points, so that an edit never splits a surrogate pair unless it inserts a lone one.
  const cps = Array.from(s);
  const at = 'at' in o ? o.at % (cps.length + 1) : 0;
  switch (o.op) {
    case 'insert':
      cps.splice(at, 0, o.s);
      break;
    case 'delete':
      cps.splice(at, o.len);
      break;
    case 'replace':
      cps.splice(at, 1, o.s);
      break;
    case 'case':
      return o.upper ? s.toUpperCase() : s.toLowerCase();
    case 'truncate':
      cps.length = at;
      break;
    case 'duplicate':
      cps.splice(at, 0, ...cps.slice(at, at + o.len));
      break;
    case 'swap': {
      if (cps.length < 2) break;
      const a = o.a % cps.length;
      const b = o.b % cps.length;
      [cps[a], cps[b]] = [cps[b] ?? '', cps[a] ?? ''];
      break;
    }
  }
  return cps.join('');
}

export function mutatedText(seeds: readonly string[], maxOps = 5): fc.Arbitrary<string> {
  if (seeds.length === 0) throw new Error('mutatedText needs at least one seed');
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(textOp, { minLength: 1, maxLength: maxOps }))
    .map(([seed, ops]) => ops.reduce(applyTextOp, seed));
}

/** Mutated seeds (as text, and as UTF-8 bytes decoded leniently), seeds, and random strings. */
export function textInput(seeds: readonly string[], maxRandom = 400): fc.Arbitrary<string> {
  const dec = new TextDecoder();
  const enc = new TextEncoder();
  return fc.oneof(
    { weight: 5, arbitrary: mutatedText(seeds) },
    {
      weight: 1,
      arbitrary: mutatedBytes(
        seeds.map((s) => enc.encode(s)),
        3,
      ).map((b) => dec.decode(b)),
    },
    { weight: 1, arbitrary: fc.constantFrom(...seeds) },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.string({ maxLength: maxRandom, size: 'max' }),
        fc.string({ unit: 'binary', maxLength: maxRandom, size: 'max' }),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
      ),
    },
  );
}

// ---- JSON ----

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values that sit on the edges of what schemas accept. */
const INTERESTING_JSON: Json[] = [
  null,
  true,
  false,
  0,
  -0,
  1,
  -1,
  0.5,
  255,
  256,
  65535,
  65536,
  2 ** 31,
  2 ** 32,
  2 ** 53 - 1,
  2 ** 53,
  -(2 ** 53),
  1e21,
  1e308,
  1_000_000_000,
  1_700_000_000_000,
  '',
  '0',
  '-1',
  'all',
  'null',
  '05',
  '0'.repeat(64),
  'f'.repeat(66),
  'A'.repeat(43),
  'A'.repeat(86),
  'A'.repeat(88),
  [],
  {},
  [null],
  { '': null },
];

export const jsonLeaf: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INTERESTING_JSON) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> },
);

type JsonOp =
  | { readonly op: 'replace'; readonly path: readonly number[]; readonly value: Json }
  | { readonly op: 'delete'; readonly path: readonly number[] }
  | { readonly op: 'wrap'; readonly path: readonly number[]; readonly inArray: boolean }
  | { readonly op: 'stringify'; readonly path: readonly number[] }
  | { readonly op: 'addKey'; readonly path: readonly number[]; readonly key: string; readonly value: Json };

const jsonPath = fc.array(fc.nat(), { maxLength: 6 });
const jsonOp: fc.Arbitrary<JsonOp> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('replace'), path: jsonPath, value: jsonLeaf }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete'), path: jsonPath }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('wrap'), path: jsonPath, inArray: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('stringify'), path: jsonPath }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('addKey'),
      path: jsonPath,
      key: fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.constantFrom('__proto__', 'constructor', 'namespace', 'params'),
      ),
      value: jsonLeaf,
    }),
  },
);

function children(v: Json): Array<[string | number, Json]> {
  if (Array.isArray(v)) return v.map((x, i) => [i, x]);
  if (typeof v === 'object' && v !== null) return Object.entries(v);
  return [];
}

/** Rewrites the node reached by following `path` (indices taken modulo the child count). */
function atPath(v: Json, path: readonly number[], f: (node: Json) => Json | undefined): Json | undefined {
  const kids = children(v);
  const [first, ...rest] = path;
  if (first === undefined || kids.length === 0) return f(v);
  const [key, child] = kids[first % kids.length] ?? [0, null];
  const next = atPath(child, rest, f);
  if (Array.isArray(v)) {
    const out = v.slice();
    if (next === undefined) out.splice(Number(key), 1);
    else out[Number(key)] = next;
    return out;
  }
  // Rebuilt entry by entry: a `__proto__` key stays an own property, as JSON.parse makes it.
  const out: Record<string, Json> = {};
  for (const [k, x] of kids) {
    const value = k === key ? next : x;
    if (value !== undefined)
      Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function applyJsonOp(v: Json, o: JsonOp): Json {
  const r = atPath(v, o.path, (node) => {
    switch (o.op) {
      case 'replace':
        return o.value;
      case 'delete':
        return undefined;
      case 'wrap':
        return o.inArray ? [node] : { value: node };
      case 'stringify':
        return typeof node === 'string' ? node : JSON.stringify(node);
      case 'addKey':
        if (typeof node !== 'object' || node === null || Array.isArray(node)) return node;
        return Object.defineProperty({ ...node }, o.key, {
          value: o.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
  });
  return r === undefined ? null : r;
}

export function mutatedJson(seeds: readonly Json[], maxOps = 4): fc.Arbitrary<Json> {
  if (seeds.length === 0) throw new Error('mutatedJson needs at least one seed');
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(jsonOp, { minLength: 1, maxLength: maxOps }))
    .map(([seed, ops]) => ops.reduce(applyJsonOp, seed));
}

/** A JSON value: mutated seeds mostly, plus seeds and random JSON. */
export function jsonInput(seeds: readonly Json[]): fc.Arbitrary<Json> {
  return fc.oneof(
    { weight: 6, arbitrary: mutatedJson(seeds) },
    { weight: 1, arbitrary: fc.constantFrom(...seeds) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json> },
  );
}

/** Deeply nested JSON text (`[[[…]]]` or `{"a":{"a":…}}`): recursion limits of parsers/schemas. */
export const deepJsonText: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 100, max: 20_000 }), fc.boolean())
  .map(([n, arr]) => (arr ? '['.repeat(n) + ']'.repeat(n) : '{"a":'.repeat(n) + 'null' + '}'.repeat(n)));

/** JSON text: a mutated JSON value serialised, then sometimes mutated as text too. */
export function jsonTextInput(seeds: readonly Json[]): fc.Arbitrary<string> {
  const texts = seeds.map((s) => JSON.stringify(s));
  return fc.oneof(
    { weight: 5, arbitrary: jsonInput(seeds).map((v) => JSON.stringify(v)) },
    { weight: 3, arbitrary: textInput(texts) },
    { weight: 1, arbitrary: deepJsonText },
  );
}
