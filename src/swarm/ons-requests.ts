/**
 * The ONS lookup as desktop sends it (session-desktop `SnodeRequestTypes.ts`
 * `OnsResolveSubRequest`): a storage RPC `oxend_request` forwarding `ons_resolve` to the node's
 * oxend with `type` 0 (Session) and the base64 name hash. The storage server answers
 * `{"result": <oxend's answer>, t, hf}` (session-storage-server `request_handler.cpp`); oxend
 * omits `encrypted_value` and `nonce` for a name no one registered (oxen-core `ONS_RESOLVE`).
 */
import { z } from 'zod';
import { fromHex, toBase64 } from '../crypto/bytes';
import { ONS_HASH_BYTES, ONS_NONCE_BYTES } from '../crypto/ons';
import type { SubRequest } from './storage-requests';

/** Session's ONS mapping type (oxen-core `mapping_type::session`). */
export const ONS_TYPE_SESSION = 0;

export function onsResolveRequest(nameHash: Uint8Array): SubRequest {
  if (nameHash.length !== ONS_HASH_BYTES) throw new Error('an ONS name hash has 32 bytes');
  return {
    method: 'oxend_request',
    params: { endpoint: 'ons_resolve', params: { type: ONS_TYPE_SESSION, name_hash: toBase64(nameHash) } },
  };
}

const hexOf = (bytes: number | undefined) =>
  z
    .string()
    .regex(/^([0-9a-fA-F]{2})+$/)
    .refine((s) => bytes === undefined || s.length === bytes * 2);

const answerSchema = z.object({
  result: z
    .object({
      // 33-byte value + 16-byte tag for Session; bounded so a hostile node cannot send megabytes.
      encrypted_value: hexOf(undefined)
        .refine((s) => s.length <= 1024)
        .optional(),
      nonce: hexOf(ONS_NONCE_BYTES).optional(),
    })
    .loose(),
});

export type OnsAnswer =
  | { readonly found: true; readonly encrypted: Uint8Array; readonly nonce: Uint8Array }
  | { readonly found: false };

/** One node's answer, or undefined when it does not have the documented shape. */
export function parseOnsResolveAnswer(body: unknown): OnsAnswer | undefined {
  const p = answerSchema.safeParse(body);
  if (!p.success) return undefined;
  const { encrypted_value: value, nonce } = p.data.result;
  if (value === undefined) return { found: false };
  // Desktop needs the nonce: the older argon2 records (without one) are not read any more.
  if (nonce === undefined) return undefined;
  return { found: true, encrypted: fromHex(value), nonce: fromHex(nonce) };
}
