/**
 * What `delete_all`, `delete_before` and `expire_all` share (request_handler.cpp
 * `handle_action_all_ns` / `handle_action_one_ns`): load a time field, the namespace and the
 * signature, check the swarm and the time, verify, then run on every swarm member, each
 * signing its own sorted list of affected hashes.
 */
import type { NodeStore } from '../store/database';
import { textResponse, type Json, type JsonObject, type RpcResponse } from '../types';
import { Access, loadSubaccount, verifyRequest } from './auth';
import { runRecursive, wrongSwarm, type RpcContext } from './context';
import { namespaceText } from './namespace-rules';
import { loadSignature, optNamespace, optString, optTimestamp, require, type Params } from './params';
import { nodeSignature, sigMessage } from './signatures';

export const SIGNATURE_TOLERANCE = 60_000;
/** A forwarded copy left the entry node a little earlier: peers allow 10 s more. */
export const SIGNATURE_TOLERANCE_FORWARDED = 70_000;

export const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export type Affected = Array<{ namespace: number; hash: string }>;

/**
 * Sorts the hashes, signs `prefix + sorted hashes` with the node's key, and reports either a
 * sorted list or (for `namespace: "all"`) a `{ns: [hashes]}` map.
 */
export function actionResult(
  ctx: RpcContext,
  key: string,
  affected: Affected,
  all: boolean,
  sigPrefix: string,
): JsonObject {
  const sorted = [...affected].sort((a, b) => byString(a.hash, b.hash));
  const hashes = sorted.map((a) => a.hash);
  const mine: JsonObject = { signature: nodeSignature(ctx.keys.edSec, sigPrefix, hashes) };
  if (all) {
    const byNs: Record<string, Json> = {};
    for (const a of sorted) {
      const list = (byNs[String(a.namespace)] ??= []);
      if (Array.isArray(list)) list.push(a.hash);
    }
    mine[key] = byNs;
  } else {
    mine[key] = hashes;
  }
  return mine;
}

export interface NamespaceAction {
  readonly method: 'delete_all' | 'delete_before' | 'expire_all';
  /** The request's time field: `timestamp`, `before` or `expiry`. */
  readonly timeField: string;
  /** oxenss loads the time field before the namespace and signature (all but delete_all). */
  readonly timeFieldFirst: boolean;
  /** Key of the affected hashes in each member's answer. */
  readonly resultKey: 'deleted' | 'updated';
  /** An answer refusing `time`, or undefined when it is acceptable. */
  refuse(time: number, now: number, tolerance: number): RpcResponse | undefined;
  apply(store: NodeStore, owner: string, namespace: number | 'all', time: number): Affected;
}

export async function namespaceAction(
  a: NamespaceAction,
  ctx: RpcContext,
  p: Params,
  recurse: boolean,
): Promise<RpcResponse> {
  const loadTime = (): number => require(a.timeField, optTimestamp(p, a.timeField));
  const early = a.timeFieldFirst ? loadTime() : undefined;
  const namespace = optNamespace(p, 'namespace', true) ?? 0;
  const sig = loadSignature(p, optString(p, 'pubkey'));
  const sub = loadSubaccount(p);
  const time = early ?? loadTime();
  if (!ctx.isForUs(sig.pubkey.bytes)) return wrongSwarm(ctx, sig.pubkey.bytes);
  const refused = a.refuse(time, ctx.now(), recurse ? SIGNATURE_TOLERANCE : SIGNATURE_TOLERANCE_FORWARDED);
  if (refused) return refused;
  // The client signs the method, the namespace and the time field (`delete_all` + NS + timestamp …).
  if (
    !verifyRequest(sig, sub, Access.Delete, sigMessage(a.method, namespaceText(namespace), time), ctx.store)
  )
    return textResponse(401, `${a.method} signature verification failed`);
  const owner = sig.pubkey.hex;
  return runRecursive(ctx, recurse, a.method, p, () =>
    actionResult(
      ctx,
      a.resultKey,
      a.apply(ctx.store, owner, namespace, time),
      namespace === 'all',
      `${owner}${time}`,
    ),
  );
}
