/** `retrieve` (request_handler.cpp `process_client_req(rpc::retrieve&&)`, `load(retrieve&)`). */
import { toBase64 } from '../../src/crypto/bytes';
import { isMessageHash } from './message-hash';
import { isNoAuthRetrieve, isUnrevocable, namespaceText } from './namespace-rules';
import { sigMessage } from './signatures';
import { textResponse, type Json, type RpcResponse } from '../types';
import { Access, loadSubaccount, verifyRequest, type Subaccount } from './auth';
import { misc, wrongSwarm, type RpcContext } from './context';
import { SIGNATURE_TOLERANCE } from './actions';
import {
  loadPubkey,
  loadSignature,
  optInt,
  optNamespace,
  optString,
  optTimestamp,
  ParseError,
  pubkeyWithAlias,
  require,
  type Params,
  type SignatureFields,
  type UserPubkey,
} from './params';

export const RETRIEVE_MAX_SIZE = 7_800_000;

interface RetrieveReq {
  pubkey: UserPubkey;
  auth: { sig: SignatureFields; sub: Subaccount | undefined; timestamp: number } | undefined;
  namespace: number;
  lastHash: string | undefined;
  maxCount: number | undefined;
  maxSize: number | undefined;
}

function load(p: Params): RetrieveReq {
  const pk = pubkeyWithAlias(p);
  const namespace = optNamespace(p, 'namespace', false);
  const ts = optTimestamp(p, 'timestamp');
  const wantsAuth =
    optString(p, 'pubkey_ed25519') !== undefined ||
    optString(p, 'signature') !== undefined ||
    ts !== undefined ||
    (namespace !== undefined && !isNoAuthRetrieve(namespace));
  let auth: RetrieveReq['auth'];
  let pubkey: UserPubkey;
  if (wantsAuth) {
    const sig = loadSignature(p, pk);
    auth = { sig, sub: loadSubaccount(p), timestamp: require('timestamp', ts) };
    pubkey = sig.pubkey;
  } else {
    pubkey = loadPubkey(pk);
  }
  const a = optString(p, 'last_hash');
  const b = optString(p, 'lastHash');
  if (a !== undefined && b !== undefined)
    throw new ParseError("Cannot specify both 'last_hash' and 'lastHash'");
  let lastHash = a ?? b;
  if (lastHash === '') lastHash = undefined;
  if (lastHash !== undefined) {
    if (lastHash.length !== 43) throw new ParseError('Invalid last_hash: expected base64 (43 chars)');
    if (!isMessageHash(lastHash)) throw new ParseError('Invalid last_hash: not base64');
  }
  return {
    pubkey,
    auth,
    namespace: namespace ?? 0,
    lastHash,
    maxCount: optInt(p, 'max_count'),
    maxSize: optInt(p, 'max_size'),
  };
}

export function retrieve(ctx: RpcContext, p: Params): RpcResponse {
  const req = load(p);
  if (!ctx.isForUs(req.pubkey.bytes)) return wrongSwarm(ctx, req.pubkey.bytes);
  const now = ctx.now();
  // Namespace 0 is not a no-auth namespace, so an unsigned ns-0 retrieve lands here.
  if (!isNoAuthRetrieve(req.namespace) && !req.auth)
    return textResponse(401, 'retrieve: request signature required');
  if (req.auth) {
    const ts = req.auth.timestamp;
    if (ts < now - SIGNATURE_TOLERANCE || ts > now + SIGNATURE_TOLERANCE)
      return textResponse(406, 'retrieve timestamp too far from current time');
    if (
      !verifyRequest(
        req.auth.sig,
        req.auth.sub,
        Access.Read,
        sigMessage('retrieve', namespaceText(req.namespace), ts),
        ctx.store,
        isUnrevocable(req.namespace),
      )
    )
      return textResponse(401, 'retrieve signature verification failed');
  }

  // 0 means unset; neither given → 1/5 of the max; negative n → max/|n|; capped at the max.
  let maxCount = req.maxCount === 0 ? undefined : req.maxCount;
  let maxSize = req.maxSize === 0 ? undefined : req.maxSize;
  if (maxCount === undefined && maxSize === undefined) maxSize = -5;
  if (maxSize !== undefined && maxSize < 0) maxSize = Math.floor(RETRIEVE_MAX_SIZE / -maxSize);
  else if (maxSize === undefined || maxSize > RETRIEVE_MAX_SIZE) maxSize = RETRIEVE_MAX_SIZE;
  if (maxCount !== undefined && maxCount < 1) maxCount = 1;

  const { messages, more } = ctx.store.retrieve(
    req.pubkey.hex,
    req.namespace,
    req.lastHash,
    maxCount,
    maxSize,
  );
  ctx.countRetrieve();
  const out: Json[] = messages.map((m) => ({
    hash: m.hash,
    timestamp: m.timestamp,
    expiration: m.expiry,
    data: toBase64(m.data),
  }));
  return { status: 200, body: misc(ctx, { messages: out, more }, now) };
}
