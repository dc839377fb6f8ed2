/**
 * Field parsing with the storage server's rules and error texts
 * (session-storage-server `oxenss/rpc/client_rpc_endpoints.cpp`: `parse_field`,
 * `parse_stringified`, `load_pk`, `load_pk_signature`). A failure becomes
 * 400 `invalid request: <message>`.
 */
import { z } from 'zod';
import { fromHex, isHex } from '../../src/crypto/bytes';
import { isMessageHash } from './message-hash';
import { isNamespaceInRange } from './namespace-rules';
import type { Json, JsonObject } from '../types';

export class ParseError extends Error {}

export const JsonObjectSchema = z.record(z.string(), z.unknown());
export type Params = Record<string, unknown>;

function present(p: Params, name: string): unknown {
  const v = p[name];
  return v === null ? undefined : v;
}

function bad(name: string, desc: string): ParseError {
  return new ParseError(`Invalid value given for '${name}': expected ${desc}`);
}

// zod 4 integers are safe integers (±2^53 − 1), like the JSON integers the server accepts.
const Int = z.int();
const UInt = z.int().nonnegative();

/** oxenc `is_base64`: standard alphabet, optional padding, length compatible with base64. */
export function isBase64(s: string): boolean {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return false;
  const unpadded = s.replace(/=+$/, '');
  if (s.length !== unpadded.length && s.length % 4 !== 0) return false;
  return unpadded.length % 4 !== 1;
}

/** An Ed25519 signature as the server accepts it: 86 base64 chars, or 88 ending in `==`. */
export function isSignatureBase64(sig: string): boolean {
  return isBase64(sig) && (sig.length === 86 || (sig.length === 88 && sig.endsWith('==')));
}

/** An optional field (absent or null → undefined) that must match `schema`, else `bad(desc)`. */
function opt<T>(p: Params, name: string, schema: z.ZodType<T>, desc: string): T | undefined {
  const v = present(p, name);
  if (v === undefined) return undefined;
  const r = schema.safeParse(v);
  if (!r.success) throw bad(name, desc);
  return r.data;
}

export const optString = (p: Params, name: string): string | undefined => opt(p, name, z.string(), 'string');
export const optBool = (p: Params, name: string): boolean | undefined => opt(p, name, z.boolean(), 'boolean');
export const optInt = (p: Params, name: string): number | undefined => opt(p, name, Int, 'integer');

function checkMs(name: string, ms: number): number {
  // A value under 1,000,000 s worth of ms was almost certainly sent in seconds.
  if (ms < 1_000_000_000)
    throw new ParseError(`Invalid timestamp for '${name}': timestamp must be in milliseconds`);
  return ms;
}

/** Timestamps must be unsigned JSON integers (nlohmann `is_number_unsigned`). */
export function optTimestamp(p: Params, name: string): number | undefined {
  const ms = opt(p, name, UInt, 'integer timestamp (in milliseconds)');
  return ms === undefined ? undefined : checkMs(name, ms);
}

/** `store.timestamp` / `store.ttl` may also be stringified integers (backwards compatibility). */
export function optStringifiedInt(p: Params, name: string, unsigned: boolean): number | undefined {
  const v = present(p, name);
  if (typeof v === 'string') {
    const re = unsigned ? /^\d+$/ : /^-?\d+$/;
    const n = Number(v);
    if (!re.test(v) || !Number.isSafeInteger(n))
      throw new ParseError(`Invalid value given for '${name}': ${JSON.stringify(v)}`);
    return n;
  }
  if (v === undefined) return undefined;
  const r = (unsigned ? UInt : Int).safeParse(v);
  if (!r.success) throw bad(name, unsigned ? 'positive integer' : 'integer');
  return r.data;
}

/** One value or an array of them (a lone value stands for a one-element array). */
const oneOrMany = <T>(item: z.ZodType<T>): z.ZodType<T[]> =>
  z.union([item.transform((v) => [v]), z.array(item)]);

export const optStringArray = (p: Params, name: string): string[] | undefined =>
  opt(p, name, oneOrMany(z.string()), 'string array');

export const optTimestampArray = (p: Params, name: string): number[] | undefined =>
  opt(p, name, oneOrMany(UInt), 'timestamp array');

export function optNamespace(p: Params, name: string, allowAll: true): number | 'all' | undefined;
export function optNamespace(p: Params, name: string, allowAll: false): number | undefined;
export function optNamespace(p: Params, name: string, allowAll: boolean): number | 'all' | undefined {
  const v = present(p, name);
  if (v === undefined) return undefined;
  const r = Int.safeParse(v);
  if (r.success) {
    if (!isNamespaceInRange(r.data))
      throw new ParseError(`Invalid value given for '${name}': value out of range`);
    return r.data;
  }
  if (allowAll && v === 'all') return 'all';
  throw bad(name, allowAll ? 'integer or "all"' : '16-bit integer');
}

export function require<T>(name: string, v: T | undefined): T {
  if (v === undefined) throw new ParseError(`Required field '${name}' missing`);
  return v;
}

/** A 33-byte user pubkey given as 66 hex characters (any case). */
export interface UserPubkey {
  readonly bytes: Uint8Array;
  /** Lower-case prefixed hex, as the server prints it (`prefixed_hex`). */
  readonly hex: string;
  readonly type: number;
}

export function loadPubkey(pk: string | undefined): UserPubkey {
  const s = require('pubkey', pk);
  if (s.length !== 66 || !isHex(s)) throw new ParseError('Pubkey must be 66 hex digits (33 bytes) long');
  const bytes = fromHex(s);
  return { bytes, hex: s.toLowerCase(), type: bytes[0] ?? 0 };
}

/** Exactly one of `pubkey` / alias `pubKey`. */
export function pubkeyWithAlias(p: Params): string | undefined {
  const a = optString(p, 'pubkey');
  const b = optString(p, 'pubKey');
  if (a !== undefined && b !== undefined) throw new ParseError("Cannot specify both 'pubkey' and 'pubKey'");
  return a ?? b;
}

export interface SignatureFields {
  readonly pubkey: UserPubkey;
  readonly pubkeyEd25519: Uint8Array | undefined;
  /** As sent: standard base64 of the 64 signature bytes (checked by `isSignatureBase64`). */
  readonly signature: string;
}

/** load_pk_signature: pubkey, optional `pubkey_ed25519` (05 only), 86/88-char base64 signature. */
export function loadSignature(p: Params, pk: string | undefined): SignatureFields {
  const pubkey = loadPubkey(pk);
  const sig = require('signature', optString(p, 'signature'));
  const pkEd = optString(p, 'pubkey_ed25519');
  let pubkeyEd25519: Uint8Array | undefined;
  if (pkEd !== undefined) {
    if (pubkey.type !== 5) throw new ParseError('pubkey_ed25519 is only permitted for 05[...] pubkeys');
    if (pkEd.length !== 64)
      throw new ParseError('Invalid pubkey_ed25519: expected 64 hex char or 32 byte pubkey');
    if (!isHex(pkEd)) throw new ParseError('invalid pubkey_ed25519: value is not hex');
    pubkeyEd25519 = fromHex(pkEd);
  }
  // 86 or 88 base64 characters always decode to exactly 64 bytes.
  if (!isSignatureBase64(sig))
    throw new ParseError('invalid signature: expected base64 encoded Ed25519 signature');
  return { pubkey, pubkeyEd25519, signature: sig };
}

export function loadHashes(p: Params): string[] {
  const messages = require('messages', optStringArray(p, 'messages'));
  if (messages.length === 0) throw new ParseError('messages does not contain any message hashes');
  for (const m of messages) if (!isMessageHash(m)) throw new ParseError(`invalid message hash: ${m}`);
  return messages;
}

export function asJson(v: unknown): Json {
  return JSON.parse(JSON.stringify(v)) as Json;
}

export type { Json, JsonObject };
