/** Errors the network layer hands to its callers (the core maps them to user-facing reasons). */
export type NetworkErrorCode =
  /** No onion path could be built or every path failed; the client is recovering by itself. */
  | 'offline'
  /** Nodes refuse our timestamps even after refreshing the network offset (406/425). */
  | 'clock-out-of-sync'
  /** 401: bad or missing signature; never retried (desktop: "most likely a client bug"). */
  | 'unauthorized'
  /** 400-class answer for our request (bad params, TTL refused, …): not retried. */
  | 'client-error'
  /** `Oxen Server error` or every attempt failed at the destination. */
  | 'server-error'
  /** An answer that does not have the documented shape. */
  | 'invalid-response'
  /** `stop()` was called. */
  | 'stopped';

export class NetworkError extends Error {
  constructor(
    readonly code: NetworkErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}
