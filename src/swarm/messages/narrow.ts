/**
 * Careful narrowing of the loosely typed plain objects protobufjs produces (`Type.toObject` with
 * {@link DECODE_OPTIONS}) into our interfaces. protobufjs has already checked wire types and
 * required fields; these helpers re-check every value's JS type (nothing is cast), convert 64-bit
 * values (bigint, or decimal strings), and copy bytes out of the input buffer (protobufjs returns
 * views into it).
 * Any surprise throws {@link NarrowError}, which the codecs turn into a typed result.
 */

export class NarrowError extends Error {
  override readonly name = 'NarrowError';
}

export type Obj = Readonly<Record<string, unknown>>;

const U64_RE = /^(?:0|[1-9][0-9]{0,19})$/;
const U64_MAX = (1n << 64n) - 1n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function asObj(v: unknown, what: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) {
    throw new NarrowError(`${what}: expected a message`);
  }
  // A non-null, non-array object: every property read below is checked before use.
  return v as Obj;
}

/** `{ [k]: v }` when v is defined, `{}` otherwise — spread it to respect exactOptionalPropertyTypes. */
export function opt<K extends string, V>(k: K, v: V | undefined): { [P in K]?: V } {
  if (v === undefined) return {};
  const out: { [P in K]?: V } = {};
  out[k] = v;
  return out;
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new NarrowError(`${what}: expected a string`);
  return v;
}

function u32(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    throw new NarrowError(`${what}: expected a uint32`);
  }
  return v;
}

/** A 64-bit value as protobufjs gives it (`longs: BigInt`, the codecs' choice) or as text. */
function u64Big(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v >= 0n && v <= U64_MAX ? v : undefined;
  const s = typeof v === 'number' ? String(v) : v;
  return typeof s === 'string' && U64_RE.test(s) && BigInt(s) <= U64_MAX ? BigInt(s) : undefined;
}

function u64(v: unknown, what: string): number {
  const b = u64Big(v);
  if (b === undefined) throw new NarrowError(`${what}: expected a uint64`);
  if (b > MAX_SAFE) throw new NarrowError(`${what}: ${b} is beyond 2^53`);
  return Number(b);
}

function fixed64(v: unknown, what: string): bigint {
  const b = u64Big(v);
  if (b === undefined) throw new NarrowError(`${what}: expected a fixed64`);
  return b;
}

function bool(v: unknown, what: string): boolean {
  if (typeof v !== 'boolean') throw new NarrowError(`${what}: expected a bool`);
  return v;
}

function bytes(v: unknown, what: string): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new NarrowError(`${what}: expected bytes`);
  return Uint8Array.from(v); // a plain copy, detached from the decoded buffer
}

function enumOf<T extends string>(names: readonly T[]): (v: unknown, what: string) => T {
  return (v, what) => {
    const found = names.find((n) => n === v);
    if (found === undefined) throw new NarrowError(`${what}: unknown enum value`);
    return found;
  };
}

type Conv<T> = (v: unknown, what: string) => T;

export const conv = { str, u32, u64, fixed64, bool, bytes, enumOf } as const;

/** A present-or-absent field. */
export function optField<T>(o: Obj, k: string, c: Conv<T>): T | undefined {
  const v = o[k];
  return v === undefined || v === null ? undefined : c(v, k);
}

/** A proto2 `required` field (protobufjs already refuses messages without it). */
export function reqField<T>(o: Obj, k: string, c: Conv<T>): T {
  const v = optField(o, k, c);
  if (v === undefined) throw new NarrowError(`missing required '${k}'`);
  return v;
}

/** A repeated field: absent when empty. */
export function repField<T>(o: Obj, k: string, c: Conv<T>): readonly T[] | undefined {
  const v = o[k];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new NarrowError(`${k}: expected a list`);
  const items: unknown[] = v;
  return items.length === 0 ? undefined : items.map((item, i) => c(item, `${k}[${i}]`));
}

/** Lifts a message narrowing function `(o: Obj) => T` to a field converter. */
export function msg<T>(f: (o: Obj) => T): Conv<T> {
  return (v, what) => f(asObj(v, what));
}
