/**
 * One devnet service node: HTTPS on 127.0.0.1 with a self-signed certificate, its own keys and
 * SQLite store, the storage RPC, onion handling, swarm replication and fault injection.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { stringifySortedJson } from '../../src/onion/reply';
import { base32z } from './base32z';
import { NodeStore, type StoredMessage } from '../store/database';
import type { NodeKeys, TlsMaterial } from '../keys';
import type { RpcContext } from '../rpc/context';
import { handleRpcBody, runMethod } from '../rpc/dispatch';
import { JsonObjectSchema } from '../rpc/params';
import { handleOnion } from '../onion/handler';
import { u64Json } from '../oxend';
import { pickSwarm, swarmIdHex } from '../swarm-space';
import {
  INVALID_SWARM_ID,
  type Clock,
  type Json,
  type JsonObject,
  type RpcResponse,
  type SnodeInfo,
} from '../types';
import { corruptBytes, NO_FAULTS, type Faults } from './faults';
import { post, readBody, text, writeReply, type Reply } from './http';
import { listenLoopback } from './listen';
import type { NetworkView } from './network-view';

export interface NodeStats {
  requests: number;
  storageRpc: number;
  onion: number;
  proxied: number;
  retrieves: number;
  replicated: number;
}

const PushBody = z.object({
  messages: z.array(
    z.object({
      owner: z.string().regex(/^[0-9a-f]{66}$/),
      hash: z.string(),
      namespace: z.number().int(),
      timestamp: z.number().int(),
      expiry: z.number().int(),
      data: z.string(),
    }),
  ),
});
const PeerRequest = z.object({ method: z.string(), params: JsonObjectSchema });

/** JSON bodies are emitted with sorted keys, like nlohmann::json (std::map) `dump()`. */
export function rpcReply(r: RpcResponse): Reply {
  // A text answer always carries a string body (`textResponse`).
  if (typeof r.body === 'string') return text(r.status, r.body);
  return { status: r.status, body: u64Json(stringifySortedJson(r.body)), contentType: 'application/json' };
}

export class ServiceNode implements RpcContext {
  port = 0;
  swarmId: bigint;
  faults: Faults = { ...NO_FAULTS };
  readonly stats: NodeStats = {
    requests: 0,
    storageRpc: 0,
    onion: 0,
    proxied: 0,
    retrieves: 0,
    replicated: 0,
  };
  readonly hf = [19, 4] as const;
  private server: Server | undefined;
  private db: NodeStore | undefined;
  private readonly held = new Set<Socket>();
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly index: number,
    private readonly dir: string,
    readonly keys: NodeKeys,
    private readonly tls: TlsMaterial,
    private readonly network: NetworkView,
    private readonly clock: Clock,
    swarmId: bigint,
  ) {
    this.swarmId = swarmId;
  }

  get alive(): boolean {
    return this.server !== undefined;
  }

  get info(): SnodeInfo {
    return {
      index: this.index,
      ip: '127.0.0.1',
      port: this.port,
      ed25519: this.keys.edHex,
      x25519: this.keys.xHex,
      swarmId: this.swarmId,
    };
  }

  get store(): NodeStore {
    if (!this.db) throw new Error(`node ${this.index} is not running`);
    return this.db;
  }

  now(): number {
    return this.clock() + this.faults.clockSkewMs;
  }

  async start(): Promise<void> {
    if (this.server) return;
    this.db = new NodeStore(join(this.dir, 'storage.sqlite'));
    const server = createServer(
      { key: this.tls.key, cert: this.tls.cert },
      (req, res) => void this.onRequest(req, res),
    );
    // As a real storage server: oxenss serves HTTPS with uWebSockets, which closes a connection
    // idle for 10 s (uWS HttpContext HTTP_IDLE_TIMEOUT_S). Node's 5 s default (announced as
    // `Keep-Alive: timeout=5`, which Node's client agent turns into a 4 s idle limit) dropped
    // every connection between two polls 5 s apart: a TLS handshake per poll that the real
    // network does not cost.
    server.keepAliveTimeout = 10_000;
    // A restart listens on its old port (clients know it), waiting a moment if a socket holds it.
    this.port = await listenLoopback(server, this.port, { waitMs: 10_000 });
    this.server = server;
    // Real nodes purge expired messages every 10 s (storage/database.hpp CLEANUP_PERIOD).
    this.sweepTimer = setInterval(() => this.sweep(), 10_000);
    this.sweepTimer.unref();
  }

  /** Stops listening and closes the store: the node is really unreachable until restarted. */
  async kill(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    clearInterval(this.sweepTimer);
    for (const s of this.held) s.destroy();
    this.held.clear();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    this.db?.close();
    this.db = undefined;
  }

  sweep(): number {
    return this.db ? this.db.cleanExpired(this.now()) : 0;
  }

  releaseHeld(): void {
    for (const s of this.held) s.destroy();
    this.held.clear();
  }

  // ---- RpcContext ----

  isForUs(pubkey33: Uint8Array): boolean {
    return pickSwarm(this.network.swarmIds(), pubkey33) === this.swarmId;
  }

  swarmJson(pubkey33: Uint8Array): JsonObject {
    const id = pickSwarm(this.network.swarmIds(), pubkey33);
    if (id === undefined) return { snodes: [], swarm: swarmIdHex(INVALID_SWARM_ID) };
    const snodes: Json[] = this.network.members(id).map((n) => ({
      address: `${base32z(Buffer.from(n.ed25519, 'hex'))}.snode`,
      pubkey_legacy: n.ed25519,
      pubkey_x25519: n.x25519,
      pubkey_ed25519: n.ed25519,
      port: String(n.port),
      port_https: n.port,
      port_omq: n.port,
      port_quic: n.port,
      ip: n.ip,
    }));
    return { snodes, swarm: swarmIdHex(id) };
  }

  async distribute(method: string, params: Record<string, unknown>): Promise<Record<string, Json>> {
    const peers = this.network.members(this.swarmId).filter((n) => n.ed25519 !== this.keys.edHex);
    const body = Buffer.from(JSON.stringify({ method, params }));
    const results = await Promise.all(
      peers.map(async (peer): Promise<[string, Json]> => {
        const r = await post(
          'https',
          peer.port,
          '/devnet/storage_cc',
          body,
          this.network.timeouts.replicationMs,
          {
            'X-Devnet-Peer': this.network.peerToken,
          },
        );
        if (!r.ok) return [peer.ed25519, { failed: true, timeout: true }];
        if (r.status !== 200)
          return [peer.ed25519, { failed: true, code: String(r.status), reason: r.body.toString('utf8') }];
        try {
          const parsed = JsonObjectSchema.safeParse(JSON.parse(r.body.toString('utf8')));
          if (parsed.success) return [peer.ed25519, parsed.data as Json];
        } catch {
          // fall through: unparsable peer answer
        }
        return [peer.ed25519, { failed: true, bad_peer_response: true }];
      }),
    );
    return Object.fromEntries(results);
  }

  oxend(endpoint: string, params: Json | undefined): Json | undefined {
    if (endpoint === 'get_service_nodes') return this.network.serviceNodes(params);
    if (endpoint === 'ons_resolve') return this.network.onsResolve(params);
    return undefined;
  }

  countRetrieve(): void {
    this.stats.retrieves++;
  }

  /** Bulk-inserts messages pushed by another node (`sn.data`), ignoring duplicates. */
  acceptPush(msgs: readonly StoredMessage[]): number {
    return this.store.bulkStore(msgs);
  }

  // ---- HTTP ----

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.stats.requests++;
    const f = this.faults;
    if (f.blackhole) {
      // Hold the socket open without answering; destroyed when the fault is lifted or on kill.
      this.held.add(req.socket);
      req.socket.once('close', () => this.held.delete(req.socket));
      req.resume();
      return;
    }
    if (f.latencyMs > 0) await new Promise((r) => setTimeout(r, f.latencyMs));
    let reply: Reply;
    try {
      reply = await this.route(req);
    } catch {
      reply = text(500, 'request failed');
    }
    if (!this.server) {
      req.socket.destroy();
      return;
    }
    if (this.faults.drop > 0 && Math.random() < this.faults.drop) {
      req.socket.destroy();
      return;
    }
    if (this.faults.corrupt > 0 && Math.random() < this.faults.corrupt) {
      const b = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
      reply = { ...reply, body: corruptBytes(b) };
    }
    writeReply(res, reply);
  }

  private async route(req: IncomingMessage): Promise<Reply> {
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';
    if (method === 'GET' && url === '/get_stats/v1')
      return { status: 200, body: '{"version":"2.8.0"}', contentType: 'application/json' };
    if (method !== 'POST') return text(404, `${method} ${url} Not Found`);
    const peerCall = url.startsWith('/devnet/');
    if (peerCall && req.headers['x-devnet-peer'] !== this.network.peerToken)
      return text(404, `${method} ${url} Not Found`);
    if (
      !['/storage_rpc/v1', '/onion_req/v2', '/ping_test/v1', '/devnet/storage_cc', '/devnet/push'].includes(
        url,
      )
    )
      return text(404, `${method} ${url} Not Found`);
    const body = await readBody(req);
    if (!body.ok)
      return text(
        body.reason === 'too-large' ? 413 : 400,
        body.reason === 'too-large' ? 'Request body too large' : 'Bad Request',
      );
    switch (url) {
      case '/ping_test/v1':
        return { status: 200, body: '', contentType: 'text/plain' };
      case '/storage_rpc/v1':
        this.stats.storageRpc++;
        if (req.headers['x-loki-long-poll'] !== undefined)
          return text(410, 'long polling is no longer supported, client upgrade required');
        return rpcReply(await handleRpcBody(this, body.body.toString('utf8')));
      case '/onion_req/v2':
        return handleOnion(
          {
            xSec: this.keys.xSec,
            network: this.network,
            runRpc: (b) => handleRpcBody(this, b),
            countOnion: () => {
              this.stats.onion++;
            },
            countProxy: () => {
              this.stats.proxied++;
            },
          },
          body.body,
        );
      case '/devnet/storage_cc': {
        this.stats.replicated++;
        const parsed = PeerRequest.safeParse(safeJson(body.body));
        if (!parsed.success) return text(400, 'invalid body');
        return rpcReply(await runMethod(this, parsed.data.method, parsed.data.params, false));
      }
      default: {
        const parsed = PushBody.safeParse(safeJson(body.body));
        if (!parsed.success) return text(400, 'invalid body');
        const n = this.acceptPush(
          parsed.data.messages.map((m) => ({ ...m, data: new Uint8Array(Buffer.from(m.data, 'base64')) })),
        );
        return { status: 200, body: JSON.stringify({ stored: n }), contentType: 'application/json' };
      }
    }
  }
}

function safeJson(b: Buffer): unknown {
  try {
    return JSON.parse(b.toString('utf8'));
  } catch {
    return undefined;
  }
}
