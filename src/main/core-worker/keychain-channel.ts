/**
 * The private channel between Electron's main thread (which alone holds `safeStorage`, the OS
 * keychain) and the core's worker thread (issue #15: main "hands the unwrapped key to the core
 * once, over a private channel"). One MessageChannel per worker, carrying two things only:
 *
 * - main → worker, once, before the core opens: the handover. The keychain's state and the
 *   master key(s) this profile's key files wrap in the keychain, unwrapped by main
 *   (keychain-host.ts). The key's bytes are transferred, not copied.
 * - worker → main: "wrap this 32-byte key" (keychain protection chosen, or a change of
 *   protection to it). The worker waits for the answer on a SharedArrayBuffer, because the key
 *   store is synchronous. The answer is the wrapped blob, which is written to disk anyway.
 *
 * There is no "unwrap this blob" request: main never decrypts anything the worker names.
 * Everything is parsed on receipt, on both sides.
 */
// zod's mini build, as everything Electron's main thread loads at its start (header.ts).
import * as z from 'zod/mini';
import { MASTER_KEY_BYTES } from '../keys/header';

/** safeStorage wraps a 32-byte key's base64 into a few hundred bytes: far below this. */
export const MAX_WRAPPED_BASE64 = 4096;
/** Room for an answer (JSON of a wrapped key or a refusal). */
export const ANSWER_BYTES = 16 * 1024;
/** Int32 slots before the answer: [0] state (0 waiting, 1 answered), [1] answer length. */
export const HEADER_BYTES = 8;

const masterKeyBytes = z
  .instanceof(Uint8Array)
  .check(z.refine((bytes) => bytes.length === MASTER_KEY_BYTES, 'a master key has 32 bytes'));
const wrappedKey = z.base64().check(z.minLength(1), z.maxLength(MAX_WRAPPED_BASE64));

/**
 * What main hands the core once per worker. `keys`: the header's wrapped key, and the one of a
 * journaled change of protection to the keychain (key-rotation.ts), each with its unwrapped key;
 * a key main could not unwrap is absent (the core then says the keychain could not unlock it,
 * as it did when it asked itself).
 */
export const handoverSchema = z.strictObject({
  kind: z.literal('keychain-handover'),
  encryptionAvailable: z.boolean(),
  /** Linux's safeStorage backend (`basic_text` is no keychain); null elsewhere. */
  backend: z.nullable(z.string().check(z.maxLength(64))),
  keys: z.array(z.strictObject({ wrappedKey, key: masterKeyBytes })).check(z.maxLength(2)),
});
export type Handover = z.infer<typeof handoverSchema>;

/** The one request the worker may make. */
export const wrapRequestSchema = z.strictObject({ op: z.literal('wrap'), key: masterKeyBytes });
export type WrapRequest = z.infer<typeof wrapRequestSchema>;

export const wrapAnswerSchema = z.union([
  z.strictObject({ ok: z.literal(true), wrappedKey }),
  z.strictObject({ ok: z.literal(false), message: z.string().check(z.maxLength(512)) }),
]);
export type WrapAnswer = z.infer<typeof wrapAnswerSchema>;

export function newAnswerBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + ANSWER_BYTES);
}
