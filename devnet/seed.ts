/**
 * The seed node: `POST /json_rpc` answering `get_n_service_nodes` (network.md §1.2, §9 item 1),
 * and one devnet extension, `devnet_file_server`: where this network's file server is and its
 * keys, so that a client given only the seed URL can send pictures (real seeds answer "Method
 * not found", and mainnet clients use Session's published file server instead).
 */
import { createServer, type Server } from 'node:http';
import { z } from 'zod';
import { readBody, text, writeReply, type Reply } from './node/http';
import { listenLoopback } from './node/listen';
import { serviceNodesResult, u64Json } from './oxend';
import type { Json, JsonObject, SnodeInfo } from './types';

const RpcRequest = z.object({
  jsonrpc: z.string().optional(),
  id: z.union([z.string(), z.number(), z.null()]).optional(),
  method: z.string(),
  params: z.unknown().optional(),
});

export interface SeedFileServer {
  readonly url: string;
  readonly x25519: string;
  readonly ed25519: string;
}

export type SeedView = () => { nodes: SnodeInfo[]; height: number; fileServer?: SeedFileServer };

/** The devnet-only JSON-RPC method naming the network's file server. */
export const FILE_SERVER_METHOD = 'devnet_file_server';

function json(status: number, body: JsonObject): Reply {
  // Desktop requires the Content-Type to be exactly application/json.
  return { status, body: u64Json(JSON.stringify(body)), contentType: 'application/json' };
}

/** A JSON-RPC 2.0 error object (always HTTP 200, like oxend). */
function rpcError(id: Json, code: number, message: string): Reply {
  return json(200, { jsonrpc: '2.0', id, error: { code, message } });
}

/** Answers one `/json_rpc` request body; pure apart from reading `view`, and never throws. */
export function answerSeedRequest(body: Uint8Array, view: SeedView): Reply {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    return rpcError(null, -32700, 'Parse error');
  }
  const parsed = RpcRequest.safeParse(raw);
  if (!parsed.success) return rpcError(null, -32600, 'Invalid Request');
  const id = parsed.data.id ?? null;
  const method = parsed.data.method;
  const v = view();
  if (method === FILE_SERVER_METHOD && v.fileServer) {
    const { url, x25519, ed25519 } = v.fileServer;
    return json(200, { jsonrpc: '2.0', id, result: { url, x25519, ed25519 } });
  }
  if (method !== 'get_n_service_nodes' && method !== 'get_service_nodes')
    return rpcError(id, -32601, 'Method not found');
  const result = serviceNodesResult(v.nodes, v.height, parsed.data.params);
  if (!result) return rpcError(id, -32602, 'Invalid params');
  return json(200, { jsonrpc: '2.0', id, result });
}

export async function startSeed(view: SeedView): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    void (async () => {
      const url = (req.url ?? '/').split('?')[0];
      if (req.method !== 'POST' || (url !== '/json_rpc' && url !== '/json_rpc/')) {
        writeReply(res, text(404, 'Not Found'));
        return;
      }
      const body = await readBody(req, 1024 * 1024);
      if (!body.ok) {
        writeReply(res, text(413, 'Request body too large'));
        return;
      }
      writeReply(res, answerSeedRequest(body.body, view));
    })().catch(() => writeReply(res, text(500, 'Internal Server Error')));
  });
  return { server, port: await listenLoopback(server) };
}
