/**
 * The devnet's request parsers, in process and without sockets: `handleRpcBody` (the
 * `/storage_rpc/v1` body and an onion request's final payload) on a node context backed by an
 * in-memory store with no peers, and the seed's `answerSeedRequest`. The seeds are correctly
 * signed requests of every method at the context's fixed clock, so mutations of unsigned fields
 * reach the handlers' deep code (store, expiry updates, batches…).
 */
import { bytesEqual, fromHex, toBase64, toHex, utf8 } from '../../src/crypto/bytes';
import { sodium } from '../../src/crypto/sodium';
import { computeMessageHash } from '../../src/swarm/message-hash';
import { signedString, signStorageMessage } from '../../src/swarm/storage-signing';
import { keysFromSeed } from '../../devnet/keys';
import { serviceNodesResult } from '../../devnet/oxend';
import type { RpcContext } from '../../devnet/rpc/context';
import { handleRpcBody } from '../../devnet/rpc/dispatch';
import type { SeedView } from '../../devnet/seed';
import { NodeStore } from '../../devnet/store/database';
import type { Json, JsonObject, RpcResponse, SnodeInfo } from '../../devnet/types';
import { detRandom } from './corpus';

export const DEVNET_NOW = 1_700_000_000_123;

export interface DevnetHarness {
  readonly rpc: (body: string) => Promise<RpcResponse>;
  readonly seedView: SeedView;
  /** Valid JSON-RPC bodies (as values) for every storage method. */
  readonly rpcBodies: readonly Json[];
  /** Valid seed `json_rpc` bodies. */
  readonly seedBodies: readonly Json[];
  close(): void;
}

const SNODES: SnodeInfo[] = [0, 1, 2].map((i) => ({
  index: i,
  ip: '127.0.0.1',
  port: 20_000 + i,
  ed25519: toHex(detRandom(70 + i)(32)),
  x25519: toHex(detRandom(80 + i)(32)),
  swarmId: BigInt(i) << 60n,
}));

function signedBodies(): { bodies: Json[]; ownerPk: Uint8Array } {
  const s = sodium();
  const kp = s.crypto_sign_seed_keypair(new Uint8Array(32).fill(9));
  const edHex = toHex(kp.publicKey);
  const pubkey = `05${toHex(s.crypto_sign_ed25519_pk_to_curve25519(kp.publicKey))}`;
  const sign = (m: string | Uint8Array): string => signStorageMessage(m, kp.privateKey);
  const T = DEVNET_NOW;
  const data = utf8('fuzz message');
  const hash = computeMessageHash(pubkey, 0, data);
  const auth = { pubkey, pubkey_ed25519: edHex };
  // A subaccount with read+write access, signed by the owner.
  const sub = s.crypto_sign_seed_keypair(new Uint8Array(32).fill(10));
  const token = new Uint8Array([0x05, 0x03, 0, 0, ...sub.publicKey]);
  const subAuth = {
    subaccount: toBase64(token),
    subaccount_sig: sign(token),
    signature: signStorageMessage(signedString.retrieve(0, T), sub.privateKey),
  };
  const p: Array<[string, JsonObject]> = [
    ['store', { pubkey, timestamp: T, ttl: 86_400_000, data: toBase64(data) }],
    [
      'store',
      { pubKey: pubkey, timestamp: String(T), expiry: T + 60_000, data: toBase64(data), namespace: 10 },
    ],
    [
      'store',
      {
        ...auth,
        timestamp: T,
        ttl: 86_400_000,
        namespace: 2,
        data: toBase64(utf8('config')),
        sig_timestamp: T,
        signature: sign(signedString.store(2, T)),
      },
    ],
    [
      'store',
      {
        ...auth,
        timestamp: T,
        ttl: 60_000,
        namespace: -21,
        data: '',
        signature: sign(signedString.store(-21, T)),
      },
    ],
    ['retrieve', { ...auth, timestamp: T, signature: sign(signedString.retrieve(0, T)), max_count: 10 }],
    [
      'retrieve',
      { ...auth, timestamp: T, last_hash: hash, signature: sign(signedString.retrieve(0, T)), max_size: -2 },
    ],
    ['retrieve', { pubkey, namespace: -10 }],
    ['retrieve', { ...auth, timestamp: T, ...subAuth }],
    ['delete', { ...auth, messages: [hash], required: true, signature: sign(signedString.delete([hash])) }],
    [
      'delete_all',
      { ...auth, namespace: 'all', timestamp: T, signature: sign(signedString.deleteAll('all', T)) },
    ],
    ['delete_before', { ...auth, before: T, signature: sign(signedString.deleteBefore(0, T)) }],
    [
      'expire',
      {
        ...auth,
        expiry: T + 1000,
        messages: [hash],
        shorten: true,
        signature: sign(signedString.expire('shorten', T + 1000, [hash])),
      },
    ],
    [
      'expire',
      {
        ...auth,
        expiry: [T + 5000],
        messages: [hash],
        signature: sign(signedString.expire('', [T + 5000], [hash])),
      },
    ],
    [
      'expire_all',
      { ...auth, expiry: T + 2000, namespace: 0, signature: sign(signedString.expireAll(0, T + 2000)) },
    ],
    [
      'get_expiries',
      { ...auth, timestamp: T, messages: [hash], signature: sign(signedString.getExpiries(T, [hash])) },
    ],
    ['get_swarm', { pubkey }],
    ['get_snodes_for_pubkey', { pubKey: pubkey }],
    ['info', {}],
    [
      'oxend_request',
      {
        endpoint: 'get_service_nodes',
        params: { fields: { pubkey_ed25519: true, swarm_id: true }, limit: 2 },
      },
    ],
  ];
  const req = ([method, params]: [string, JsonObject]): JsonObject => ({ method, params });
  const bodies: Json[] = p.map(([method, params]) => ({ jsonrpc: '2.0', method, params }));
  bodies.push({ method: 'batch', params: { requests: p.slice(0, 6).map(req) } });
  bodies.push({ method: 'sequence', params: { requests: p.slice(8, 14).map(req) } });
  return { bodies, ownerPk: fromHex(pubkey) };
}

export function devnetHarness(): DevnetHarness {
  const store = new NodeStore(':memory:');
  const keys = keysFromSeed(new Uint8Array(32).fill(7));
  const { bodies, ownerPk } = signedBodies();
  const ctx: RpcContext = {
    now: () => DEVNET_NOW,
    store,
    keys,
    hf: [19, 4],
    // The signed account is ours; other pubkeys are ours 3 times in 4 (the rest get a 421).
    isForUs: (pk) => bytesEqual(pk, ownerPk) || (pk[32] ?? 0) % 4 !== 0,
    swarmJson: () => ({ snodes: [], swarm: 'ffffffffffffffff' }),
    // Like ServiceNode.distribute: the request is serialised again for the peers.
    distribute: (method, params) => {
      JSON.stringify({ method, params });
      return Promise.resolve({ [toHex(detRandom(1)(32))]: { failed: true, timeout: true } });
    },
    oxend: (endpoint, params) =>
      endpoint === 'get_service_nodes' ? serviceNodesResult(SNODES, 1000, params) : undefined,
    countRetrieve: () => undefined,
  };
  const seedBodies: Json[] = [
    {
      jsonrpc: '2.0',
      id: 1,
      method: 'get_n_service_nodes',
      params: { active_only: true, fields: { public_ip: true } },
    },
    { jsonrpc: '2.0', method: 'get_service_nodes', params: { limit: 1 } },
    { method: 'get_n_service_nodes' },
  ];
  return {
    rpc: (body) => handleRpcBody(ctx, body),
    seedView: () => ({ nodes: SNODES, height: 1000 }),
    rpcBodies: bodies,
    seedBodies,
    close: () => store.close(),
  };
}
