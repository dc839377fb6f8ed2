/**
 * `/onion_req/v2` on a devnet node (session-storage-server `oxenss/server/https.cpp`
 * `process_onion_req_v2`, `oxenss/rpc/request_handler.cpp` `process_onion_req`). Parsing,
 * peeling and reply encoding are the pure functions of `src/onion`.
 */
import { randomBytes } from 'node:crypto';
import { fromUtf8 } from '../../src/crypto/bytes';
import {
  encodeRelayEnvelope,
  parseOnionEnvelope,
  peelOnionLayer,
  type PeeledLayer,
} from '../../src/onion/relay';
import { encodeSnodeReply, stringifySortedJson } from '../../src/onion/reply';
import { u64Json } from '../oxend';
import type { EncType } from '../../src/onion/hop-crypto';
import { post, text, type Reply } from '../node/http';
import type { NetworkView } from '../node/network-view';
import type { RpcResponse } from '../types';

const random = (n: number): Uint8Array => new Uint8Array(randomBytes(n));

export interface OnionNode {
  readonly xSec: Uint8Array;
  readonly network: NetworkView;
  runRpc(body: string): Promise<RpcResponse>;
  countOnion(): void;
  countProxy(): void;
}

/** Encrypts an answer back to the client (wrap_proxy_response). */
function wrap(r: RpcResponse, key: Uint8Array, encType: EncType, embedJson = false, base64 = true): Reply {
  // A JSON result travels double-encoded (a string) unless `"json": true` was asked for.
  const body =
    typeof r.body === 'string' ? r.body : embedJson ? { json: r.body } : u64Json(stringifySortedJson(r.body));
  const bytes = encodeSnodeReply({ status: r.status, body, key, encType, random, embedJson, base64 });
  return { status: 200, body: bytes, contentType: 'text/plain' };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost']);

async function proxy(node: OnionNode, peeled: PeeledLayer): Promise<Reply> {
  const layer = peeled.layer;
  if (layer.kind !== 'server') throw new Error('unreachable');
  if (!layer.allowed)
    return wrap({ status: 400, body: 'Invalid url', text: true }, peeled.key, peeled.encType);
  node.countProxy();
  // The devnet never leaves the machine: any non-loopback host is unreachable.
  if (!LOOPBACK.has(layer.host)) return text(502, `Could not resolve host: ${layer.host}`);
  const proto = layer.protocol === 'http' ? 'http' : 'https';
  const r = await post(
    proto,
    layer.port,
    layer.target,
    layer.payload,
    node.network.timeouts.proxyMs,
    {},
    layer.host,
  );
  if (!r.ok) return text(r.timeout ? 504 : 502, r.message);
  const headers: Record<string, string> = {};
  const ct = r.headers['content-type'] ?? 'application/octet-stream';
  return { status: r.status, body: r.body, contentType: ct, headers };
}

async function relay(node: OnionNode, peeled: PeeledLayer): Promise<Reply> {
  const layer = peeled.layer;
  if (layer.kind !== 'relay') throw new Error('unreachable');
  const next = node.network.findByEd(layer.destination.toLowerCase());
  if (!next) return text(502, `Next node not found: ${layer.destination.toLowerCase()}`);
  const r = await post(
    'https',
    next.port,
    '/onion_req/v2',
    encodeRelayEnvelope(layer, peeled.hopNo + 1),
    node.network.timeouts.relayMs,
  );
  // oxenmq gives no "connection refused": an unreachable next hop is a timeout.
  if (!r.ok) return text(504, 'Request time out');
  return { status: r.status, body: r.body, contentType: r.headers['content-type'] ?? 'text/plain' };
}

export async function handleOnion(node: OnionNode, body: Uint8Array): Promise<Reply> {
  const env = parseOnionEnvelope(body);
  if (!env.ok) return text(env.error.status, env.error.message);
  node.countOnion();
  const peeled = peelOnionLayer(node.xSec, env.value);
  if (!peeled.ok) {
    const e = peeled.error;
    if (e.kind === 'json') return wrap({ status: 400, body: 'Invalid json', text: true }, e.key, e.encType);
    return text(e.status, e.message);
  }
  const { layer } = peeled.value;
  if (layer.kind === 'destination') {
    let rpcBody: string;
    try {
      rpcBody = fromUtf8(layer.body);
    } catch {
      rpcBody = '';
    }
    const r = await node.runRpc(rpcBody);
    return wrap(r, peeled.value.key, peeled.value.encType, layer.embedJson, layer.base64);
  }
  if (layer.kind === 'server') return proxy(node, peeled.value);
  return relay(node, peeled.value);
}
