/** Reads test/vectors/sync-groups-communities.json (a copy of the shared reference's vectors). */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { vectorFileUrl } from '../../vectors/files';

const FILE = vectorFileUrl('sync-groups-communities.json');

const Hex = z.string().regex(/^(?:[0-9a-f]{2})*$/);

export const SyncVectorsSchema = z.object({
  config_encrypt: z.object({
    key_base: Hex,
    plaintext_utf8: z.string(),
    domain: z.string(),
    ciphertext: Hex,
    nonce: Hex,
    'nonce_same_message_domain_test-suite2': Hex,
  }),
  user_profile_config_message: z.object({
    ed25519_seed: Hex,
    ed25519_pubkey: Hex,
    x25519_pubkey: Hex,
    domain: z.string(),
    encrypted_unwrapped_256_bytes: Hex,
    decrypted_length_including_leading_nul_padding: z.number(),
    decrypted_after_stripping_leading_nuls_hex: Hex,
    seqno: z.number(),
    hash_of_empty_seqno0_message: z.object({ serialized: z.string(), blake2b32: Hex }),
  }),
  config_padded_size: z.object({
    cases: z.array(z.object({ size: z.number(), overhead: z.number(), padded: z.number() })),
  }),
  blinding: z.object({
    seed1_ed25519_sk64: Hex,
    seed2_ed25519_sk64: Hex,
    session_id1: Hex,
    session_id2: Hex,
    blind15_id: z.array(
      z.object({
        session_id: z.enum(['session_id1', 'session_id2']),
        server_pk: Hex,
        blinded: Hex.optional(),
        blinded_positive: Hex.optional(),
      }),
    ),
    blind25_id: z.array(
      z.object({ session_id: z.enum(['session_id1', 'session_id2']), server_pk: Hex, blinded: Hex }),
    ),
    blind15_sign: z.array(
      z.object({
        signer: z.enum(['seed1', 'seed2']),
        server_pk: Hex,
        message_utf8: z.string(),
        signature: Hex,
      }),
    ),
    blind25_sign: z.array(
      z.object({
        signer: z.enum(['seed1', 'seed2']),
        server_pk: Hex,
        message_utf8: z.string(),
        signature: Hex,
      }),
    ),
    version_blind07_keypair: z.object({
      signer: z.enum(['seed1', 'seed2']),
      hash_key: z.string(),
      sk64: Hex,
    }),
  }),
  sogs_request_signature: z.object({
    server_pubkey: Hex,
    nonce_hex: Hex,
    nonce_b64: z.string(),
    timestamp: z.number(),
    method: z.string(),
    path: z.string(),
    body_utf8: z.string(),
    body_blake2b64_hex: Hex,
    to_sign_hex: Hex,
    'X-SOGS-Pubkey': Hex,
    'X-SOGS-Signature_b64': z.string(),
    signer: z.string(),
  }),
});
export type SyncVectors = z.infer<typeof SyncVectorsSchema>;

export function syncVectors(): SyncVectors {
  return SyncVectorsSchema.parse(JSON.parse(readFileSync(FILE, 'utf8')));
}

/** Top-level groups of the file and whether this layer covers them (with the reason if not). */
export const COVERAGE: Record<string, string | true> = {
  config_encrypt: true,
  user_profile_config_message: true,
  config_padded_size: true,
  blinding: true,
  sogs_request_signature: true,
};

export function rawTopLevelKeys(): string[] {
  const raw = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;
  return Object.keys(raw).filter((k) => !k.startsWith('_'));
}
