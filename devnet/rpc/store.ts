/** `store` (RequestHandler::process_client_req(rpc::store&&) and client_rpc_endpoints.cpp `load(store&)`). */
import { messageHash } from './message-hash';
import { isPublicInbox, isPublicOutbox, namespaceText } from './namespace-rules';
import { nodeSignature, sigMessage } from './signatures';
import { textResponse, type JsonObject, type RpcResponse } from '../types';
import { Access, loadSubaccount, verifyRequest, type Subaccount } from './auth';
import { runRecursive, wrongSwarm, type RpcContext } from './context';
import { SIGNATURE_TOLERANCE } from './actions';
import {
  isBase64,
  loadPubkey,
  loadSignature,
  optNamespace,
  optString,
  optStringifiedInt,
  optTimestamp,
  ParseError,
  pubkeyWithAlias,
  require,
  type Params,
  type SignatureFields,
  type UserPubkey,
} from './params';

const DAY = 24 * 3600 * 1000;
export const TTL_MINIMUM = 10_000;
export const TTL_MAXIMUM = 14 * DAY;
export const TTL_MAXIMUM_PRIVATE = 30 * DAY;
const STORE_TOLERANCE = 10_000;
const MAX_MESSAGE_BODY = 76_800;

interface StoreReq {
  pubkey: UserPubkey;
  sig: SignatureFields | undefined;
  sub: Subaccount | undefined;
  sigTs: number | undefined;
  timestamp: number;
  expiry: number;
  namespace: number;
  data: Uint8Array;
}

function load(p: Params): StoreReq {
  const timestamp = require('timestamp', optStringifiedInt(p, 'timestamp', false));
  const ttl = optStringifiedInt(p, 'ttl', true);
  const expiryField = optTimestamp(p, 'expiry');
  if (expiryField !== undefined && ttl !== undefined)
    throw new ParseError("Cannot specify both 'expiry' and 'ttl'");
  if (expiryField === undefined && ttl === undefined)
    throw new ParseError("Required field 'expiry' or 'ttl' missing");
  const expiry = expiryField ?? timestamp + (ttl ?? 0);
  const pk = pubkeyWithAlias(p);
  const namespace = optNamespace(p, 'namespace', false) ?? 0;
  let sig: SignatureFields | undefined;
  let sub: Subaccount | undefined;
  let sigTs: number | undefined;
  let pubkey: UserPubkey;
  if (optString(p, 'signature') !== undefined) {
    sig = loadSignature(p, pk);
    sub = loadSubaccount(p);
    sigTs = optTimestamp(p, 'sig_timestamp') ?? timestamp;
    pubkey = sig.pubkey;
  } else {
    pubkey = loadPubkey(pk);
  }
  const data = require('data', optString(p, 'data'));
  if (!isBase64(data)) throw new ParseError("Invalid 'data' value: not base64 encoded");
  if (data.length > (MAX_MESSAGE_BODY / 3) * 4)
    throw new ParseError(`Message body exceeds maximum allowed length of ${MAX_MESSAGE_BODY} bytes`);
  return {
    pubkey,
    sig,
    sub,
    sigTs,
    timestamp,
    expiry,
    namespace,
    data: new Uint8Array(Buffer.from(data, 'base64')),
  };
}

export async function store(ctx: RpcContext, p: Params, recurse: boolean): Promise<RpcResponse> {
  const req = load(p);
  if (!ctx.isForUs(req.pubkey.bytes)) return wrongSwarm(ctx, req.pubkey.bytes);

  const publicIn = isPublicInbox(req.namespace);
  const ttl = req.expiry - req.timestamp;
  if (ttl < TTL_MINIMUM || ttl > (publicIn ? TTL_MAXIMUM : TTL_MAXIMUM_PRIVATE))
    return textResponse(403, 'Provided expiry/TTL is not valid.');
  const now = ctx.now();
  if (req.timestamp > now + STORE_TOLERANCE || req.expiry < now - STORE_TOLERANCE)
    return textResponse(406, 'Timestamp error: check your clock');

  // Signatures are only checked for non-public namespaces (a signature sent to a public
  // inbox is parsed but ignored).
  if (!publicIn) {
    if (!req.sig)
      return textResponse(401, `store: signature required to store to namespace ${req.namespace}`);
    const sigTs = req.sigTs ?? req.timestamp;
    if (sigTs < now - SIGNATURE_TOLERANCE || sigTs > now + SIGNATURE_TOLERANCE)
      return textResponse(406, 'store signature timestamp too far from current time');
    // A store to a public outbox implicitly deletes, so subaccounts need delete access too.
    const access = isPublicOutbox(req.namespace) ? Access.Write | Access.Delete : Access.Write;
    if (
      !verifyRequest(
        req.sig,
        req.sub,
        access,
        sigMessage('store', namespaceText(req.namespace), sigTs),
        ctx.store,
      )
    )
      return textResponse(401, 'store signature verification failed');
  }

  const hash = messageHash(req.pubkey.bytes, req.namespace, req.data);
  return runRecursive(
    ctx,
    recurse,
    'store',
    p,
    () => {
      const mine: JsonObject = {};
      try {
        const r = ctx.store.store(
          {
            owner: req.pubkey.hex,
            hash,
            namespace: req.namespace,
            timestamp: req.timestamp,
            expiry: req.expiry,
            data: req.data,
          },
          isPublicOutbox(req.namespace),
        );
        mine.hash = hash;
        mine.signature = nodeSignature(ctx.keys.edSec, hash);
        if (r.outcome !== 'new') mine.already = true;
        mine.expiry = r.expiry;
      } catch (e) {
        mine.reason = e instanceof Error ? e.message : String(e);
        mine.failed = true;
        mine.query_failure = true;
      }
      // Deprecated but still sent by the server: `t` inside the entry node's own entry.
      if (recurse) mine.t = now;
      return mine;
    },
    (result) => {
      // Backwards compat: the hash at top level too (desktop reads this one).
      result.hash = hash;
    },
  );
}
