/**
 * zod validation of storage RPC answers the client reads (network.md §3.2, §3.6; session-desktop
 * `batchRequest.ts`, `retrieveRequest.ts`, `SnodeRequestTypes.ts`). Bodies of failed
 * sub-requests are plain strings; successful ones are JSON objects carrying `t`.
 */
import { z } from 'zod';
import type { Brand } from '../crypto/brand';
import { fromBase64 } from '../crypto/bytes';
import { err, ok, type Result } from '../onion/result';
import { isValidMessageHash } from './message-hash';

export interface StorageResponseError {
  readonly kind: 'invalid-shape';
  readonly message: string;
}

const batchSchema = z.object({
  results: z.array(z.object({ code: z.number().int(), body: z.unknown() })),
});

export interface SubResult {
  readonly code: number;
  readonly body: unknown;
  /** Server time of this sub-result (for network time), when present. */
  readonly t: number | undefined;
}

/** `{"results": [{code, body}, …]}`; `sequence` may return fewer results than requests. */
export function parseBatchResults(
  json: unknown,
  requestCount: number,
): Result<SubResult[], StorageResponseError> {
  const p = batchSchema.safeParse(json);
  if (!p.success) return err({ kind: 'invalid-shape', message: p.error.message });
  if (p.data.results.length > requestCount)
    return err({ kind: 'invalid-shape', message: 'more results than requests' });
  return ok(
    p.data.results.map((r) => {
      const t = typeof r.body === 'object' && r.body !== null ? (r.body as { t?: unknown }).t : undefined;
      return { code: r.code, body: r.body, t: typeof t === 'number' ? t : undefined };
    }),
  );
}

const hashSchema = z.string().refine(isValidMessageHash, 'expected a 43-char base64 hash');

const storeSchema = z.object({ hash: hashSchema, t: z.number().optional() });

/** Desktop reads the top-level `hash` and uses `t` as the stored-at time. */
export function parseStoreResult(
  body: unknown,
): Result<{ hash: string; t: number | undefined }, StorageResponseError> {
  const p = storeSchema.safeParse(body);
  if (!p.success) return err({ kind: 'invalid-shape', message: p.error.message });
  return ok({ hash: p.data.hash, t: p.data.t });
}

const retrieveSchema = z.object({
  messages: z.array(
    z.object({
      hash: hashSchema,
      timestamp: z.number(),
      // The code emits `expiration` (the header comment says `expiry`): accept both, prefer the former.
      expiration: z.number().optional(),
      expiry: z.number().optional(),
      data: z.string(),
    }),
  ),
  more: z.boolean().optional(),
  t: z.number().optional(),
});

/** A swarm's hash of a stored message, checked at parse time (43 chars of base64). */
export type StoredMessageHash = Brand<string, 'StoredMessageHash'>;

export interface RetrievedMessage {
  readonly hash: StoredMessageHash;
  /** When the node stored it (desktop `storedAt`). */
  readonly storedAtMs: number;
  readonly expiresAtMs: number | undefined;
  readonly data: Uint8Array;
}

export function parseRetrieveResult(
  body: unknown,
): Result<{ messages: RetrievedMessage[]; more: boolean; t: number | undefined }, StorageResponseError> {
  const p = retrieveSchema.safeParse(body);
  if (!p.success) return err({ kind: 'invalid-shape', message: p.error.message });
  const messages: RetrievedMessage[] = [];
  for (const m of p.data.messages) {
    let data: Uint8Array;
    try {
      data = fromBase64(m.data);
    } catch {
      return err({ kind: 'invalid-shape', message: `message ${m.hash} has invalid base64 data` });
    }
    messages.push({
      hash: m.hash as StoredMessageHash,
      storedAtMs: m.timestamp,
      expiresAtMs: m.expiration ?? m.expiry,
      data,
    });
  }
  return ok({ messages, more: p.data.more ?? false, t: p.data.t });
}
