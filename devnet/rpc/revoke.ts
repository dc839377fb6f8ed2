/**
 * `revoke_subaccount` / `unrevoke_subaccount` (session-storage-server `request_handler.cpp`
 * `process_client_req(rpc::revoke_subaccount&&)`, loaders in `client_rpc_endpoints.cpp`).
 * Only the account key itself may sign (never a sub-account): "revoke_subaccount" ‖ timestamp ‖
 * the raw 36-byte tokens. Tokens arrive as base64 (48 chars) or hex (72); at most 50 revoked at
 * once. Each member answers with its signature over prefixed pubkey ‖ timestamp ‖ tokens.
 */
import { fromHex, isHex, utf8 } from '../../src/crypto/bytes';
import { sodium } from '../../src/crypto/sodium';
import { textResponse, type RpcResponse } from '../types';
import { SIGNATURE_TOLERANCE } from './actions';
import { verifyRequest } from './auth';
import { runRecursive, wrongSwarm, type RpcContext } from './context';
import { isBase64, loadSignature, optString, optTimestamp, ParseError, require, type Params } from './params';
import { MAX_REVOKED_SUBACCOUNTS } from '../store/database';

const NO_SUBACCOUNT = { isSubaccountRevoked: (): boolean => false };

type Method = 'revoke_subaccount' | 'unrevoke_subaccount';
const TOKEN_BYTES = 36;

function loadTokens(p: Params, field: 'revoke' | 'unrevoke'): Uint8Array[] {
  const v = p[field];
  if (v === undefined || v === null) throw new ParseError(`Required field '${field}' missing`);
  if (!Array.isArray(v)) throw new ParseError(`Invalid ${field}: expected a list`);
  if (field === 'revoke' && v.length > MAX_REVOKED_SUBACCOUNTS)
    throw new ParseError(
      `invalid revoke: cannot revoke more than ${MAX_REVOKED_SUBACCOUNTS} subaccounts at once`,
    );
  return v.map((sa) => {
    if (typeof sa !== 'string') throw new ParseError(`Invalid ${field}: expected strings`);
    if (isBase64(sa) && sa.length === (TOKEN_BYTES * 4) / 3) return new Uint8Array(Buffer.from(sa, 'base64'));
    if (isHex(sa) && sa.length === TOKEN_BYTES * 2) return fromHex(sa.toLowerCase());
    throw new ParseError(`invalid ${field}: expected base64 or hex-encoded subaccount tag`);
  });
}

function joinBytes(text: string, tokens: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat([Buffer.from(utf8(text)), ...tokens.map((t) => Buffer.from(t))]));
}

async function handle(method: Method, ctx: RpcContext, p: Params, recurse: boolean): Promise<RpcResponse> {
  const sig = loadSignature(p, optString(p, 'pubkey'));
  const tokens = loadTokens(p, method === 'revoke_subaccount' ? 'revoke' : 'unrevoke');
  const timestamp = require('timestamp', optTimestamp(p, 'timestamp'));
  if (!ctx.isForUs(sig.pubkey.bytes)) return wrongSwarm(ctx, sig.pubkey.bytes);
  const now = ctx.now();
  if (timestamp < now - SIGNATURE_TOLERANCE || timestamp > now + SIGNATURE_TOLERANCE)
    return textResponse(406, `${method} timestamp too far from current time`);
  // No sub-account may (un)revoke: verified against the owner key alone.
  if (!verifyRequest(sig, undefined, 0, joinBytes(`${method}${timestamp}`, tokens), NO_SUBACCOUNT))
    return textResponse(401, `${method} signature verification failed`);
  const owner = sig.pubkey.hex;
  return runRecursive(ctx, recurse, method, p, () => {
    const signature = Buffer.from(
      sodium().crypto_sign_detached(joinBytes(`${owner}${timestamp}`, tokens), ctx.keys.edSec),
    ).toString('base64');
    if (method === 'revoke_subaccount') {
      ctx.store.revokeSubaccounts(owner, tokens, now);
      return { signature };
    }
    return { count: ctx.store.unrevokeSubaccounts(owner, tokens), signature };
  });
}

export const revokeSubaccount = (ctx: RpcContext, p: Params, recurse: boolean): Promise<RpcResponse> =>
  handle('revoke_subaccount', ctx, p, recurse);
export const unrevokeSubaccount = (ctx: RpcContext, p: Params, recurse: boolean): Promise<RpcResponse> =>
  handle('unrevoke_subaccount', ctx, p, recurse);
