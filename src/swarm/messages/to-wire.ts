/**
 * Encoding side: checks one of our typed messages against the reflection type before protobufjs
 * sees it, because protobufjs' `fromObject` coerces silently (a negative uint32 would wrap, a
 * misspelt field would vanish). A failure here is a programming error, so it throws TypeError /
 * RangeError; attacker bytes only ever go through the decoders.
 *
 * The checked copy is already in the form protobufjs' encoder reads (enums as numbers, a fixed64
 * as a Long, the rest as given: what `fromObject` would make of it), so no `fromObject` runs:
 * a message sent is encoded three times (Content, Envelope, WebSocketMessage) for each of its
 * two copies, and `fromObject` turned every uint64 into a Long the encoder then took apart.
 */
import * as protobuf from 'protobufjs';

type Plain = Record<string, unknown>;

/** protobufjs' `util.Long` (long.js, which it loads), typed as we use it. */
const Long = (protobuf.util as unknown as { Long?: { fromValue(v: string, unsigned: boolean): unknown } })
  .Long;

/** What `fromObject` made of the decimal string: a Long, or (without long.js) the string itself. */
function fixed64(v: bigint): unknown {
  const decimal = v.toString();
  return Long === undefined ? decimal : Long.fromValue(decimal, true);
}

const U32_MAX = 0xffffffff;
const U64_MAX = (1n << 64n) - 1n;

function isPlainObject(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/**
 * Where a field sits, for an error: `parent.name` (or `parent.name[index]`). Made when a check
 * fails or a nested message is entered, not for every field checked (a message sent is encoded
 * six times, and a string per field was most of what the check allocated: issue #15).
 */
function pathOf(parent: string, field: protobuf.Field, index: number | undefined): string {
  return index === undefined ? `${parent}.${field.name}` : `${parent}.${field.name}[${index}]`;
}

function checkScalar(field: protobuf.Field, v: unknown, parent: string, index?: number): unknown {
  switch (field.type) {
    case 'string':
      if (typeof v === 'string') return v;
      break;
    case 'bool':
      if (typeof v === 'boolean') return v;
      break;
    case 'bytes':
      if (v instanceof Uint8Array) return v;
      break;
    case 'uint32':
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= U32_MAX) return v;
      throw new RangeError(`${pathOf(parent, field, index)}: expected an integer in [0, 2^32)`);
    case 'uint64':
      if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
      throw new RangeError(`${pathOf(parent, field, index)}: expected a safe non-negative integer`);
    case 'fixed64':
      // As `fromObject` makes it from a decimal string (exact with long.js, which protobufjs loads).
      if (typeof v === 'bigint' && v >= 0n && v <= U64_MAX) return fixed64(v);
      throw new RangeError(`${pathOf(parent, field, index)}: expected a bigint in [0, 2^64)`);
    default:
      throw new TypeError(
        `${pathOf(parent, field, index)}: field type ${field.type} is not supported by our interfaces`,
      );
  }
  throw new TypeError(`${pathOf(parent, field, index)}: expected a ${field.type}`);
}

function checkValue(field: protobuf.Field, v: unknown, parent: string, index?: number): unknown {
  const rt = field.resolve().resolvedType;
  if (rt instanceof protobuf.Type) return checkMessage(rt, v, pathOf(parent, field, index));
  if (rt instanceof protobuf.Enum) {
    if (typeof v === 'string' && Object.hasOwn(rt.values, v)) return rt.values[v];
    throw new TypeError(`${pathOf(parent, field, index)}: not a ${rt.name} value`);
  }
  return checkScalar(field, v, parent, index);
}

/** Each type's required fields, listed once instead of walking all its fields per message. */
const requiredOf = new WeakMap<protobuf.Type, readonly protobuf.Field[]>();

function requiredFields(type: protobuf.Type): readonly protobuf.Field[] {
  let fields = requiredOf.get(type);
  if (fields === undefined) {
    fields = type.fieldsArray.filter((f) => f.required);
    requiredOf.set(type, fields);
  }
  return fields;
}

/** Returns a plain object ready for `type.encode`; throws on any mismatch with `type`. */
export function checkMessage(type: protobuf.Type, value: unknown, path: string = type.name): Plain {
  if (!isPlainObject(value)) throw new TypeError(`${path}: expected a ${type.name} object`);
  const out: Plain = {};
  // The own enumerable keys Object.entries gave, in its order, without an array of pairs.
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const v = value[key];
    if (v === undefined) continue;
    const field = type.fields[key];
    if (field === undefined) throw new TypeError(`${path}.${key}: ${type.name} has no such field`);
    if (field.repeated) {
      if (!Array.isArray(v)) throw new TypeError(`${path}.${key}: expected a list`);
      const items: unknown[] = v;
      out[key] = items.map((item, i) => checkValue(field, item, path, i));
    } else {
      out[key] = checkValue(field, v, path);
    }
  }
  for (const field of requiredFields(type)) {
    if (out[field.name] === undefined) {
      throw new TypeError(`${path}.${field.name}: required field missing`);
    }
  }
  return out;
}

/** Serializes a checked value; returns a plain Uint8Array (not a Node Buffer view). */
export function encodeChecked(type: protobuf.Type, value: unknown): Uint8Array {
  // A copy of its own: the writer's output is a view into Node's shared Buffer pool.
  return new Uint8Array(type.encode(checkMessage(type, value)).finish());
}
