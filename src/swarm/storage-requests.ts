/**
 * Storage RPC sub-requests as desktop sends them (network.md §3.2–3.6, §10; session-desktop
 * `ts/session/apis/snode_api/SnodeRequestTypes.ts`, `sessionRpc.ts`, `batchRequest.ts`).
 * Pure: timestamps come from the caller (network time, §6), keys are arguments.
 *
 * Wire notes kept on purpose:
 * - desktop upper-cases `pubkey_ed25519` for `get_expiries` and `delete_all` (servers decode
 *   hex case-insensitively); we do the same so our devnet must accept it too;
 * - numbers are JSON numbers; `delete_all.namespace` may be the string "all";
 * - 03 groups never send `pubkey_ed25519` (the signature is checked against the 03 key).
 */
import { toBase64, toHex, utf8 } from '../crypto/bytes';
import { MAX_BATCH_SUBREQUESTS, MAX_MESSAGE_BYTES } from './storage-limits';
import { isNoAuthRetrieveNamespace } from './namespaces';
import { signedString, signStorageMessage, subaccountRevokeMessage } from './storage-signing';
import { subaccountSign } from './groups/subaccount';
import { asEd25519SecretKey } from '../crypto/keys';

export interface SubRequest {
  readonly method: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** Our own account: 05 Session ID + its Ed25519 key pair. */
export interface UserAuth {
  readonly kind: 'user';
  /** 66 hex, 05-prefixed X25519 key. */
  readonly sessionId: string;
  readonly ed25519SecretKey: Uint8Array;
}

/** A 03 group we administer: the group's Ed25519 secret key signs. */
export interface GroupAdminAuth {
  readonly kind: 'group-admin';
  readonly ed25519SecretKey: Uint8Array;
}

/**
 * A 03 group we are a member of: requests are signed through the sub-account our invitation
 * granted (groups v2; libsession `swarm_subaccount_sign`, desktop `SnodeGroupSignature`): `pubkey`
 * is the group, plus `subaccount`, `subaccount_sig` and the member's `signature`, all base64.
 */
export interface GroupMemberAuth {
  readonly kind: 'group-member';
  /** 66 hex, 03-prefixed. */
  readonly groupId: string;
  /** The 100-byte member auth data from the invitation. */
  readonly authData: Uint8Array;
  /** Our own account's Ed25519 secret key. */
  readonly ed25519SecretKey: Uint8Array;
}

export type StorageAuth = UserAuth | GroupAdminAuth | GroupMemberAuth;

function edPublicHex(secretKey: Uint8Array): string {
  if (secretKey.length !== 64) throw new Error('Ed25519 secret key must be 64 bytes');
  return toHex(secretKey.subarray(32));
}

/** `pubkey` (+ `pubkey_ed25519` for 05 accounts) and the signature of `message`. */
function authFields(auth: StorageAuth, message: string, upperEd = false): Record<string, unknown> {
  if (auth.kind === 'group-member') {
    const signed = subaccountSign(message, auth.authData, asEd25519SecretKey(auth.ed25519SecretKey));
    return {
      pubkey: auth.groupId,
      subaccount: toBase64(signed.subaccount),
      subaccount_sig: toBase64(signed.subaccountSig),
      signature: toBase64(signed.signature),
    };
  }
  const signature = signStorageMessage(message, auth.ed25519SecretKey);
  const ed = edPublicHex(auth.ed25519SecretKey);
  if (auth.kind === 'group-admin') return { pubkey: `03${ed}`, signature };
  return { pubkey: auth.sessionId, pubkey_ed25519: upperEd ? ed.toUpperCase() : ed, signature };
}

function dataB64(data: Uint8Array): string {
  if (data.length === 0) throw new Error('store data cannot be empty');
  if (data.length > MAX_MESSAGE_BYTES) throw new Error(`message data above ${MAX_MESSAGE_BYTES} bytes`);
  return toBase64(data);
}

/** Store into someone's public inbox (ns 0): unsigned. */
export function storeToInbox(a: {
  recipient: string;
  timestampMs: number;
  ttlMs: number;
  data: Uint8Array;
}): SubRequest {
  return {
    method: 'store',
    params: {
      pubkey: a.recipient,
      timestamp: a.timestampMs,
      namespace: 0,
      ttl: a.ttlMs,
      data: dataB64(a.data),
    },
  };
}

/** Store into an authenticated namespace (own config namespaces, 03 group namespaces). */
export function storeAuthenticated(a: {
  auth: StorageAuth;
  namespace: number;
  timestampMs: number;
  ttlMs: number;
  data: Uint8Array;
}): SubRequest {
  return {
    method: 'store',
    params: {
      namespace: a.namespace,
      ttl: a.ttlMs,
      data: dataB64(a.data),
      timestamp: a.timestampMs,
      ...authFields(a.auth, signedString.store(a.namespace, a.timestampMs)),
    },
  };
}

/**
 * Retrieve. Desktop signs even namespace 0; namespaces readable without auth (−10, public
 * outboxes) are sent unsigned when `auth` is omitted (then `pubkey` is required).
 */
export function retrieve(a: {
  auth?: StorageAuth;
  pubkey?: string;
  namespace: number;
  lastHash: string;
  timestampMs: number;
  maxSize?: number;
  maxCount?: number;
}): SubRequest {
  let fields: Record<string, unknown>;
  if (a.auth) fields = authFields(a.auth, signedString.retrieve(a.namespace, a.timestampMs));
  else if (a.pubkey !== undefined && isNoAuthRetrieveNamespace(a.namespace)) fields = { pubkey: a.pubkey };
  else throw new Error(`retrieve from namespace ${a.namespace} needs auth`);
  return {
    method: 'retrieve',
    params: {
      namespace: a.namespace,
      ...fields,
      timestamp: a.timestampMs,
      last_hash: a.lastHash,
      ...(a.maxSize === undefined ? {} : { max_size: a.maxSize }),
      ...(a.maxCount === undefined ? {} : { max_count: a.maxCount }),
    },
  };
}

export function deleteHashes(a: { auth: StorageAuth; hashes: readonly string[] }): SubRequest {
  return {
    method: 'delete',
    params: { ...authFields(a.auth, signedString.delete(a.hashes)), messages: [...a.hashes] },
  };
}

export function deleteAll(a: {
  auth: StorageAuth;
  namespace: number | 'all';
  timestampMs: number;
}): SubRequest {
  return {
    method: 'delete_all',
    params: {
      ...authFields(a.auth, signedString.deleteAll(a.namespace, a.timestampMs), true),
      timestamp: a.timestampMs,
      namespace: a.namespace,
    },
  };
}

/** `mode` '' = set; 'extend' only raises, 'shorten' only lowers. */
export function expire(a: {
  auth: StorageAuth;
  hashes: readonly string[];
  expiryMs: number;
  mode: '' | 'extend' | 'shorten';
}): SubRequest {
  return {
    method: 'expire',
    params: {
      ...authFields(a.auth, signedString.expire(a.mode, a.expiryMs, a.hashes)),
      messages: [...a.hashes],
      expiry: a.expiryMs,
      ...(a.mode === '' ? {} : { [a.mode]: true }),
    },
  };
}

export function getExpiries(a: {
  auth: UserAuth;
  hashes: readonly string[];
  timestampMs: number;
}): SubRequest {
  return {
    method: 'get_expiries',
    params: {
      ...authFields(a.auth, signedString.getExpiries(a.timestampMs, a.hashes), true),
      messages: [...a.hashes],
      timestamp: a.timestampMs,
    },
  };
}

/**
 * `revoke_subaccount` / `unrevoke_subaccount` (session-storage-server `request_handler.cpp`):
 * only the group key itself may sign (no sub-account); tokens travel as hex, as desktop sends
 * them (`SubaccountRevokeSubRequest`; the server takes base64 too).
 */
export function revokeSubaccounts(a: {
  auth: GroupAdminAuth;
  method: 'revoke_subaccount' | 'unrevoke_subaccount';
  tokens: readonly Uint8Array[];
  timestampMs: number;
}): SubRequest {
  const signature = signStorageMessage(
    subaccountRevokeMessage(a.method, a.timestampMs, a.tokens),
    a.auth.ed25519SecretKey,
  );
  const list = a.tokens.map((t) => toHex(t));
  return {
    method: a.method,
    params: {
      pubkey: `03${edPublicHex(a.auth.ed25519SecretKey)}`,
      signature,
      timestamp: a.timestampMs,
      ...(a.method === 'revoke_subaccount' ? { revoke: list } : { unrevoke: list }),
    },
  };
}

export function getSwarm(pubkey: string): SubRequest {
  return { method: 'get_swarm', params: { pubkey } };
}

export function info(): SubRequest {
  return { method: 'info', params: {} };
}

/** `batch` runs all; `sequence` stops at the first non-2xx. 1..20 sub-requests, no nesting. */
export function batch(kind: 'batch' | 'sequence', requests: readonly SubRequest[]): SubRequest {
  if (requests.length < 1 || requests.length > MAX_BATCH_SUBREQUESTS) {
    throw new Error(`a ${kind} holds 1..${MAX_BATCH_SUBREQUESTS} sub-requests`);
  }
  if (requests.some((r) => r.method === 'batch' || r.method === 'sequence' || r.method === 'ifelse')) {
    throw new Error('batch requests cannot be nested');
  }
  return {
    method: kind,
    params: { requests: requests.map((r) => ({ method: r.method, params: r.params })) },
  };
}

/** The JSON body of `/storage_rpc/v1` and of a snode onion destination (`sessionRpc.ts`). */
export function rpcBody(req: SubRequest): Uint8Array {
  return utf8(JSON.stringify({ jsonrpc: '2.0', method: req.method, params: req.params }));
}
