/**
 * Storage-server limits and the retrieve paging rule (network.md §3.6, §3.8;
 * session-storage-server `oxenss/rpc/request_handler.{h,cpp}`, `oxenss/storage/database.cpp`
 * `Database::retrieve`). Pure, so the client can pre-check and the devnet can enforce.
 */
import { isPublicInboxNamespace } from './namespaces';

const DAY = 24 * 3600 * 1000;

export const MIN_TTL_MS = 10_000;
export const MAX_TTL_PUBLIC_INBOX_MS = 14 * DAY;
export const MAX_TTL_MS = 30 * DAY;
/** Store: `timestamp` may be ≤ 10 s in the future; `expiry` ≥ 10 s in the past. */
export const STORE_TIMESTAMP_TOLERANCE_MS = 10_000;
/** Signature timestamps: ±60 s (70 s on forwarded copies). */
export const SIGNATURE_TIMESTAMP_TOLERANCE_MS = 60_000;
export const FORWARDED_SIGNATURE_TIMESTAMP_TOLERANCE_MS = 70_000;
export const MAX_MESSAGE_BYTES = 76_800;
export const RETRIEVE_MAX_SIZE = 7_800_000;
/** `Database::retrieve` default per-message overhead in the size budget. */
export const RETRIEVE_PER_MESSAGE_OVERHEAD = 100;
export const MAX_BATCH_SUBREQUESTS = 20;

/** TTL rule of `store`: [10 s, 14 d] for public inboxes (ns % 10 == 0), [10 s, 30 d] otherwise. */
export function isValidStoreTtl(namespace: number, ttlMs: number): boolean {
  const max = isPublicInboxNamespace(namespace) ? MAX_TTL_PUBLIC_INBOX_MS : MAX_TTL_MS;
  return Number.isSafeInteger(ttlMs) && ttlMs >= MIN_TTL_MS && ttlMs <= max;
}

export interface RetrieveLimits {
  readonly maxCount: number | undefined;
  /** Byte budget; undefined = no size limit (only when a count was given). */
  readonly maxSize: number | undefined;
}

/**
 * Server resolution of `max_count` / `max_size`: 0 means unset; neither set → `max_size` −5;
 * negative n → 7,800,000 / |n| (integer division); positive capped at 7,800,000.
 * A negative `max_count` wraps to a huge unsigned value on the server (no count limit): we
 * model that as unset. A count below 1 otherwise becomes 1.
 */
export function resolveRetrieveLimits(maxCount?: number, maxSize?: number): RetrieveLimits {
  let count =
    maxCount === undefined || maxCount === 0 || maxCount < 0 ? undefined : Math.max(1, Math.trunc(maxCount));
  let size = maxSize === undefined || maxSize === 0 ? undefined : Math.trunc(maxSize);
  if (count === undefined && size === undefined) size = -5;
  if (size !== undefined)
    size = size < 0 ? Math.trunc(RETRIEVE_MAX_SIZE / -size) : Math.min(size, RETRIEVE_MAX_SIZE);
  if (count !== undefined && count > Number.MAX_SAFE_INTEGER) count = undefined;
  return { maxCount: count, maxSize: size };
}

/** Size counted for one message: overhead + hash length + base64 size (data × 4 / 3, floored). */
export function retrieveEntrySize(hashLength: number, dataLength: number): number {
  return RETRIEVE_PER_MESSAGE_OVERHEAD + hashLength + Math.floor((dataLength * 4) / 3);
}

/**
 * One page of a retrieve over the messages *after* `last_hash` (insertion order). At least one
 * message is returned when any exists; `more` says the page was cut.
 */
export function pageRetrieve<T extends { readonly hash: string; readonly data: Uint8Array }>(
  candidates: readonly T[],
  limits: RetrieveLimits,
): { messages: T[]; more: boolean } {
  const messages: T[] = [];
  let total = 0;
  for (const m of candidates) {
    if (limits.maxCount !== undefined && messages.length >= limits.maxCount) return { messages, more: true };
    if (limits.maxSize !== undefined) {
      total += retrieveEntrySize(m.hash.length, m.data.length);
      if (messages.length > 0 && total > limits.maxSize) return { messages, more: true };
    }
    messages.push(m);
  }
  return { messages, more: false };
}
