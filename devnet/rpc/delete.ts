/**
 * `delete`, `delete_all`, `delete_before` (request_handler.cpp; loaders in
 * client_rpc_endpoints.cpp). Each member signs its own result with its Ed25519 key.
 */
import { textResponse, type JsonObject, type RpcResponse } from '../types';
import { byString, namespaceAction } from './actions';
import { Access, loadSubaccount, verifyRequest } from './auth';
import { runRecursive, wrongSwarm, type RpcContext } from './context';
import { loadHashes, loadSignature, optBool, optString, type Params } from './params';
import { nodeSignature, sigMessage } from './signatures';

export async function deleteMsgs(ctx: RpcContext, p: Params, recurse: boolean): Promise<RpcResponse> {
  const sig = loadSignature(p, optString(p, 'pubkey'));
  const sub = loadSubaccount(p);
  const messages = loadHashes(p);
  const required = optBool(p, 'required') ?? false;
  if (!ctx.isForUs(sig.pubkey.bytes)) return wrongSwarm(ctx, sig.pubkey.bytes);
  // No timestamp: a hash can be deleted only once, so a replayed request changes nothing.
  if (!verifyRequest(sig, sub, Access.Delete, sigMessage('delete', messages), ctx.store))
    return textResponse(401, 'delete_msgs signature verification failed');
  const res = await runRecursive(ctx, recurse, 'delete', p, () => {
    const deleted = ctx.store.deleteByHash(sig.pubkey.hex, messages).sort(byString);
    const signature = nodeSignature(ctx.keys.edSec, sig.pubkey.hex, messages, deleted);
    return { deleted, signature };
  });
  // With `required`, nothing deleted anywhere becomes a 404 (entry node only).
  if (recurse && required && res.status === 200 && typeof res.body === 'object' && res.body !== null) {
    const swarm = (res.body as JsonObject).swarm;
    const some = Object.values(typeof swarm === 'object' && swarm !== null ? swarm : {}).some((v) => {
      const d = typeof v === 'object' && v !== null && !Array.isArray(v) ? v.deleted : undefined;
      return Array.isArray(d) && d.length > 0;
    });
    if (!some) return { status: 404, body: res.body };
  }
  return res;
}

export const deleteAll = (ctx: RpcContext, p: Params, recurse: boolean): Promise<RpcResponse> =>
  namespaceAction(
    {
      method: 'delete_all',
      timeField: 'timestamp',
      timeFieldFirst: false,
      resultKey: 'deleted',
      refuse: (t, now, tol) =>
        t < now - tol || t > now + tol
          ? textResponse(406, 'delete_all timestamp too far from current time')
          : undefined,
      apply: (store, owner, ns) => store.deleteAll(owner, ns),
    },
    ctx,
    p,
    recurse,
  );

export const deleteBefore = (ctx: RpcContext, p: Params, recurse: boolean): Promise<RpcResponse> =>
  namespaceAction(
    {
      method: 'delete_before',
      timeField: 'before',
      timeFieldFirst: true,
      resultKey: 'deleted',
      // The real server answers a `before` too far ahead with 401, not 406.
      refuse: (t, now) =>
        t > now + 60_000 ? textResponse(401, 'delete_before timestamp too far in the future') : undefined,
      apply: (store, owner, ns, before) => store.deleteBefore(owner, ns, before),
    },
    ctx,
    p,
    recurse,
  );
