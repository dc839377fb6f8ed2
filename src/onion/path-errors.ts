/**
 * Turning what comes back through a path into decisions, as desktop does
 * (session-desktop `ts/session/apis/snode_api/onions.ts`: `processOnionRequestErrorOnPath`,
 * `processAnyOtherErrorOnPath`, `processOnionRequestErrorAtDestination`,
 * `processAnyOtherErrorAtDestination`; network.md §3.9, §4.6).
 *
 * Two levels:
 * - path level: the guard's HTTP status. Errors produced by a hop come back *unencrypted*
 *   (e.g. 502 `Next node not found: <ed25519>`, 504 `Request time out`, 400 `Invalid
 *   ciphertext`, 503 `Snode not ready: …`).
 * - destination level: the `status` inside the decrypted reply.
 */
import { fromUtf8 } from '../crypto/bytes';
import { parseEd25519Hex, type Ed25519Hex } from './keys';

export const NEXT_NODE_NOT_FOUND_PREFIX = 'Next node not found: ';
/** libsession also expects the reason phrase in front (`src/network.cpp`). */
const BAD_GATEWAY_PREFIX = '502 Bad Gateway\n\n';
export const OXEN_SERVER_ERROR = 'Oxen Server error';

/** What the client must do after a non-200 guard response. */
export type PathFailure =
  /** 406 / 425: stop retrying, tell the user their clock is off. */
  | { readonly kind: 'clock-out-of-sync'; readonly status: number }
  /** 421 passed through: update the swarm from the body, retry on another member. */
  | { readonly kind: 'wrong-swarm'; readonly status: 421; readonly body: string }
  /** Drop that node at once (pool, swarm, path); retry. If it is the target, pick another. */
  | { readonly kind: 'node-not-found'; readonly status: number; readonly ed25519: Ed25519Hex }
  /** Exit could not reach a non-Session HTTP server (community down): no path penalty. */
  | { readonly kind: 'server-unreachable'; readonly status: number; readonly body: string }
  /** Anything else: path failure +1 (and every non-guard hop +1); retry. */
  | {
      readonly kind: 'path-failure';
      readonly status: number;
      readonly body: string;
      readonly oxenServerError: boolean;
    };

/** Best-effort text of an error body (binary v4 bodies give ''). */
export function bodyText(body: Uint8Array | string): string {
  if (typeof body === 'string') return body;
  try {
    return fromUtf8(body);
  } catch {
    return '';
  }
}

function nodeNotFound(text: string): Ed25519Hex | undefined {
  const t = text.startsWith(BAD_GATEWAY_PREFIX) ? text.slice(BAD_GATEWAY_PREFIX.length) : text;
  if (!t.startsWith(NEXT_NODE_NOT_FOUND_PREFIX)) return undefined;
  return parseEd25519Hex(t.slice(NEXT_NODE_NOT_FOUND_PREFIX.length).trim());
}

export interface PathClassifyOptions {
  /**
   * The request goes to an HTTP server we do not operate (a community): desktop treats a bare
   * 502 from the exit as "server unreachable" rather than a bad path.
   */
  readonly unknownServer?: boolean;
}

/**
 * Classifies the guard's HTTP answer. Returns `undefined` for 200 (decrypt the reply next).
 * `status` undefined = no HTTP answer at all (network error/timeout): a path failure, as
 * desktop's `STATUS_NO_STATUS`.
 */
export function classifyPathResponse(
  status: number | undefined,
  body: Uint8Array | string,
  options: PathClassifyOptions = {},
): PathFailure | undefined {
  if (status === 200) return undefined;
  const text = bodyText(body);
  if (status === undefined) return { kind: 'path-failure', status: 0, body: text, oxenServerError: false };
  if (status === 406 || status === 425) return { kind: 'clock-out-of-sync', status };
  if (status === 421) return { kind: 'wrong-swarm', status, body: text };
  const missing = nodeNotFound(text);
  if (missing) return { kind: 'node-not-found', status, ed25519: missing };
  if (options.unknownServer === true && status === 502)
    return { kind: 'server-unreachable', status, body: text };
  return { kind: 'path-failure', status, body: text, oxenServerError: text === OXEN_SERVER_ERROR };
}

/** What the client must do with the destination's own status (inside the decrypted reply). */
export type DestinationOutcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'clock-out-of-sync'; readonly status: number }
  /** 401: abort without retrying ("most likely a client bug") unless the caller allows 401s. */
  | { readonly kind: 'unauthorized' }
  | { readonly kind: 'oxen-server-error' }
  | { readonly kind: 'wrong-swarm'; readonly body: unknown }
  /** 400 (or an allowed 401): surfaced to the caller, no node penalty. */
  | { readonly kind: 'client-error'; readonly status: number; readonly body: unknown }
  /** The *target* is unknown to the exit: drop it, retry with another target. */
  | { readonly kind: 'target-not-found'; readonly ed25519: Ed25519Hex }
  /** Any other status: target failure +1, retry. */
  | { readonly kind: 'target-failure'; readonly status: number; readonly body: unknown };

export interface DestinationClassifyOptions {
  readonly allow401s?: boolean;
}

/** Classifies a destination status; `body` as decoded (a string for most errors). */
export function classifyDestinationStatus(
  status: number,
  body: unknown,
  options: DestinationClassifyOptions = {},
): DestinationOutcome {
  if (status === 200) return { kind: 'ok' };
  if (status === 406 || status === 425) return { kind: 'clock-out-of-sync', status };
  if (status === 401 && options.allow401s !== true) return { kind: 'unauthorized' };
  if (body === OXEN_SERVER_ERROR) return { kind: 'oxen-server-error' };
  if (status === 421) return { kind: 'wrong-swarm', body };
  if (status === 400 || status === 401) return { kind: 'client-error', status, body };
  const missing = typeof body === 'string' ? nodeNotFound(body) : undefined;
  if (missing) return { kind: 'target-not-found', ed25519: missing };
  return { kind: 'target-failure', status, body };
}
