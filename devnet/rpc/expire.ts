/** `expire`, `expire_all`, `get_expiries` (request_handler.cpp; loaders in client_rpc_endpoints.cpp). */
import { textResponse, type JsonObject, type RpcResponse } from '../types';
import { byString, namespaceAction, SIGNATURE_TOLERANCE } from './actions';
import { Access, loadSubaccount, verifyRequest } from './auth';
import { runRecursive, wrongSwarm, type RpcContext } from './context';
import {
  loadHashes,
  loadSignature,
  optBool,
  optString,
  optTimestamp,
  optTimestampArray,
  ParseError,
  require,
  type Params,
} from './params';
import { nodeSignature, sigMessage } from './signatures';
import { TTL_MAXIMUM_PRIVATE } from './store';

export async function expire(ctx: RpcContext, p: Params, recurse: boolean): Promise<RpcResponse> {
  const requested = require('expiry', optTimestampArray(p, 'expiry'));
  const sig = loadSignature(p, optString(p, 'pubkey'));
  const sub = loadSubaccount(p);
  if (requested.length === 0) throw new ParseError("'expiry' does not contain any expiration timestamps");
  const shorten = optBool(p, 'shorten') ?? false;
  const extend = optBool(p, 'extend') ?? false;
  if (shorten && extend) throw new ParseError("cannot specify both 'shorten' and 'extend'");
  const messages = loadHashes(p);
  if (requested.length > 1 && requested.length !== messages.length)
    throw new ParseError("'expiry' must be a single expiry, or the same length as 'messages'");

  if (!ctx.isForUs(sig.pubkey.bytes)) return wrongSwarm(ctx, sig.pubkey.bytes);
  const now = ctx.now();
  const applied: number[] = [];
  for (const e of requested) {
    // A past expiry is 401 here, not 406 (request_handler.cpp).
    if (e < now - 60_000) return textResponse(401, 'expire: timestamp should be >= current time');
    applied.push(Math.min(now + TTL_MAXIMUM_PRIVATE, e));
  }
  if (ctx.hf[0] < 19 || (ctx.hf[0] === 19 && ctx.hf[1] < 4)) {
    if (requested.length > 1)
      return textResponse(403, 'expire: multi-expiry requests are not yet active on the network');
  }
  const mode = shorten ? 'shorten' : extend ? 'extend' : '';
  // The signature covers the requested (unclamped) expiries.
  if (!verifyRequest(sig, sub, Access.Write, sigMessage('expire', mode, requested, messages), ctx.store))
    return textResponse(401, 'expire: signature verification failed');
  let extendOnly = extend;
  if (sub && ((sub.token[1] ?? 0) & Access.Delete) === 0) {
    if (shorten)
      return textResponse(
        400,
        'expire: shorten parameter cannot be used with this subaccount token (missing delete access)',
      );
    extendOnly = true;
  }

  return runRecursive(ctx, recurse, 'expire', p, () => {
    const updated = ctx.store
      .updateExpiry(sig.pubkey.hex, messages, applied, extendOnly, shorten)
      .sort((a, b) => byString(a.hash, b.hash));
    const updatedSet = new Set(updated.map((u) => u.hash));
    const unchanged: Record<string, number> =
      extend || shorten
        ? ctx.store.getExpiries(
            sig.pubkey.hex,
            messages.filter((m) => !updatedSet.has(m)),
          )
        : {};
    const expSig = requested.length > 1 ? updated.map((u) => u.expiry) : [applied[0] ?? 0];
    // std::map iterates in key order, so `unchanged` is signed sorted by hash.
    const unchangedPart = Object.keys(unchanged)
      .sort()
      .map((h) => `${h}${unchanged[h] ?? 0}`)
      .join('');
    const mine: JsonObject = {
      expiry: requested.length > 1 ? expSig : (expSig[0] ?? 0),
      updated: updated.map((u) => u.hash),
    };
    if (extend || shorten) mine.unchanged = unchanged;
    mine.signature = nodeSignature(
      ctx.keys.edSec,
      sig.pubkey.hex,
      expSig,
      messages,
      updated.map((u) => u.hash),
      unchangedPart,
    );
    return mine;
  });
}

export const expireAll = (ctx: RpcContext, p: Params, recurse: boolean): Promise<RpcResponse> =>
  namespaceAction(
    {
      method: 'expire_all',
      timeField: 'expiry',
      timeFieldFirst: true,
      resultKey: 'updated',
      refuse: (t, now, tol) =>
        t < now - tol ? textResponse(406, 'expire_all timestamp should be >= current time') : undefined,
      apply: (store, owner, ns, expiry) => store.updateAllExpiries(owner, ns, expiry),
    },
    ctx,
    p,
    recurse,
  );

/** Not recursive; note the real server adds neither `t` nor `hf` here. */
export function getExpiries(ctx: RpcContext, p: Params): RpcResponse {
  const messages0 = optString(p, 'pubkey');
  const sig = loadSignature(p, messages0);
  const sub = loadSubaccount(p);
  const timestamp = require('timestamp', optTimestamp(p, 'timestamp'));
  const msgs = p.messages;
  if (msgs === undefined || msgs === null) throw new ParseError("Required field 'messages' missing");
  const messages = loadHashesLoose(p);
  if (!ctx.isForUs(sig.pubkey.bytes)) return wrongSwarm(ctx, sig.pubkey.bytes);
  const now = ctx.now();
  if (timestamp < now - SIGNATURE_TOLERANCE || timestamp > now + SIGNATURE_TOLERANCE)
    return textResponse(406, 'get_expiries timestamp too far from current time');
  if (!verifyRequest(sig, sub, Access.Read, sigMessage('get_expiries', timestamp, messages), ctx.store))
    return textResponse(401, 'get_expiries signature verification failed');
  return { status: 200, body: { expiries: ctx.store.getExpiries(sig.pubkey.hex, messages) } };
}

/** get_expiries does not validate hash syntax, only that the list is non-empty. */
function loadHashesLoose(p: Params): string[] {
  try {
    return loadHashes(p);
  } catch (e) {
    if (e instanceof ParseError && e.message.startsWith('invalid message hash')) {
      const v = p.messages;
      return Array.isArray(v)
        ? v.filter((x): x is string => typeof x === 'string')
        : typeof v === 'string'
          ? [v]
          : [];
    }
    throw e;
  }
}
