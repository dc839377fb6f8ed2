/**
 * The storage server's namespace rules (session-storage-server `oxenss/common/namespace.h`;
 * network.md §3.3). The server knows namespaces by number only: what a namespace allows follows
 * from arithmetic on it, never from a list of names, so that is how the devnet decides too.
 */

/** Namespaces are 16-bit signed integers on the server (`namespace_id : int16_t`). */
export const NAMESPACE_MIN = -32768;
export const NAMESPACE_MAX = 32767;

/** Deprecated legacy closed groups: the one named namespace the rules single out. */
const LEGACY_CLOSED = -10;

export function isNamespaceInRange(ns: number): boolean {
  return Number.isInteger(ns) && ns >= NAMESPACE_MIN && ns <= NAMESPACE_MAX;
}

/** Divisible by 10 (0, 10, -1230 …): anyone may store there (other people's messages to you). */
export function isPublicInbox(ns: number): boolean {
  return ns % 10 === 0;
}

/** Negative and of the form −(20n+1) (−1, −21 …): one message at a time, readable by anyone. */
export function isPublicOutbox(ns: number): boolean {
  return ns < 0 && -ns % 20 === 1;
}

/** Retrievable without a signature: public outboxes and the legacy closed-group namespace. */
export function isNoAuthRetrieve(ns: number): boolean {
  return ns === LEGACY_CLOSED || isPublicOutbox(ns);
}

/**
 * Negative and ending in 11 (−11, −211, −12311 …): a revoked sub-account may still read it, so
 * that a group can leave its removed members a message (`is_unrevocable_namespace`). Only reads:
 * a store there checks revocation like any other.
 */
export function isUnrevocable(ns: number): boolean {
  return ns < 0 && -ns % 100 === 11;
}

/**
 * How a namespace enters signed strings and message hashes (`signature_value`): nothing for the
 * default namespace 0, otherwise its decimal text; `all` where a request may name every namespace.
 */
export function namespaceText(ns: number | 'all'): string {
  return ns === 0 ? '' : String(ns);
}
