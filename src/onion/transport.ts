/**
 * The I/O boundary: src/main implements these over HTTPS (no certificate validation for
 * snodes, network.md §4.1) and the seed request; the pure layers only describe what to send.
 */
import type { Snode } from './keys';

export interface TransportResponse {
  readonly status: number;
  readonly body: Uint8Array;
  /**
   * The body as the socket delivered it, when the transport kept the pieces (their join is
   * `body`, made only if read): a 10 MB reply is decrypted piece by piece instead. The pieces
   * may be views into memory Node shares between sockets: read them, never hand them on.
   */
  readonly parts?: readonly Uint8Array[];
}

/**
 * A request body made while it is sent: `length` bytes in all, produced by one pass over
 * `chunks()` (it can be iterated once: an onion layer's cipher state is consumed). The
 * transport pulls a chunk when the socket has taken the previous ones, so a 10 MB upload is
 * never held whole (see `buildOnionRequestStream`).
 */
export interface StreamedBody {
  readonly length: number;
  chunks(): Iterable<Uint8Array>;
  /**
   * Called by the transport with each chunk once the socket has taken it and nothing else
   * holds it: a body whose chunks are its own fresh memory frees them at once.
   */
  readonly release?: (chunk: Uint8Array) => void;
}

/** Endpoints a client POSTs to on a snode. */
export type SnodeEndpoint = '/onion_req/v2' | '/storage_rpc/v1';

/**
 * POST `body` to `https://<ip>:<port><endpoint>` with `User-Agent: WhatsApp`,
 * `Accept-Language: en-us` (desktop headers). Rejects on network errors / timeouts.
 */
export type SnodeTransport = (
  node: Snode,
  endpoint: SnodeEndpoint,
  body: Uint8Array,
) => Promise<TransportResponse>;

/** Desktop sends these headers to seeds and snodes. */
export const DESKTOP_HTTP_HEADERS: Readonly<Record<string, string>> = {
  'User-Agent': 'WhatsApp',
  'Accept-Language': 'en-us',
};

/** The seed request body (network.md §1.2): no `id`, no `limit`. */
export function seedRequestBody(): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    method: 'get_n_service_nodes',
    params: {
      active_only: true,
      fields: {
        public_ip: true,
        storage_port: true,
        pubkey_x25519: true,
        pubkey_ed25519: true,
        requested_unlock_height: true,
        height: true,
      },
    },
  });
}
