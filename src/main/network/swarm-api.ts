/**
 * What is sent to a swarm over a NetworkClient (network.md §2.4, §3; session-desktop
 * `MessageSender.ts`, `retrieveRequest.ts`, `SnodeRequestTypes.ts`): stores, retrieves, deletes
 * and expiries. Which swarm and which member is `swarm-lookup.ts`. Stores go to one random
 * member, through `sequence` like desktop, except messages (inbox stores and a group's messages),
 * which a swarm's queue gathers into `batch` requests (store-batcher.ts); every timestamp and
 * signature uses network time (§6).
 */
import type { Identity } from '../../crypto/keys';
import type { Snode } from '../../onion/keys';
import * as rpc from '../../swarm/storage-requests';
import type { StorageAuth, SubRequest, UserAuth } from '../../swarm/storage-requests';
import {
  parseRetrieveResult,
  parseStoreResult,
  type RetrievedMessage,
  type SubResult,
} from '../../swarm/storage-responses';
import { NetworkError } from './errors';
import type { NetworkClient } from './network-client';
import { FIXED_TARGET_ATTEMPTS, type RequestResult } from './request-loop';
import { StoreBatcher, type StoreAnswer } from './store-batcher';
import { swarmRequest } from './swarm-lookup';

// Callers reach the whole swarm API here (and through `./index`).
export { fetchSwarm, prefetchSwarms, swarmFor, swarmRequest } from './swarm-lookup';

/** What signing needs from an account (src/crypto/keys.ts `Identity`). */
export type AccountKeys = Pick<Identity, 'sessionId' | 'ed25519SecretKey'>;

export function userAuth(id: AccountKeys): UserAuth {
  return { kind: 'user', sessionId: id.sessionId, ed25519SecretKey: id.ed25519SecretKey };
}

/** Desktop's TTL for content messages: 14 days (ts/session/constants.ts). */
export const DEFAULT_TTL_MS = 14 * 24 * 3600 * 1000;

/** A sub-result that says it was done, or the error its code means. */
function okSub(sub: SubResult | undefined, what: string): SubResult {
  if (!sub) throw new NetworkError('invalid-response', `${what}: no result`);
  if (sub.code < 200 || sub.code >= 300) {
    const code = sub.code === 401 ? 'unauthorized' : 'client-error';
    throw new NetworkError(code, `${what} answered ${sub.code}`, sub.code);
  }
  return sub;
}

function firstOk(r: RequestResult, what: string): SubResult {
  return okSub(r.results[0], what);
}

export interface StoreResult {
  readonly hash: string;
  /** The node's `t`: desktop keeps it as the stored-at time. */
  readonly storedAtMs: number | undefined;
  readonly target: Snode;
}

function storeResult(r: RequestResult): StoreResult {
  return queuedResult({ sub: r.results[0], target: r.target });
}

const batchers = new WeakMap<NetworkClient, StoreBatcher>();

function batcherOf(client: NetworkClient): StoreBatcher {
  let b = batchers.get(client);
  if (!b) {
    b = new StoreBatcher(async (recipient, stores) => {
      const r = await swarmRequest(
        client,
        recipient,
        'batch',
        // Each sub-request signed (when it is) with this attempt's network time: a retry signs again.
        (now) =>
          stores.map((s) =>
            s.signed
              ? rpc.storeAuthenticated({
                  auth: s.signed.auth,
                  namespace: s.signed.namespace,
                  timestampMs: now,
                  ttlMs: s.ttlMs,
                  data: s.data,
                })
              : rpc.storeToInbox({ recipient, timestampMs: now, ttlMs: s.ttlMs, data: s.data }),
          ),
        'store',
      );
      return r;
    });
    batchers.set(client, b);
  }
  return b;
}

/**
 * Unsigned store into someone's public inbox (namespace 0). Stores into one swarm asked for
 * while others are on their way leave together, in one request (store-batcher.ts).
 */
export async function storeToInbox(
  client: NetworkClient,
  a: { recipient: string; data: Uint8Array; ttlMs?: number },
): Promise<StoreResult> {
  const answer = await batcherOf(client).store(a.recipient, {
    data: a.data,
    ttlMs: a.ttlMs ?? DEFAULT_TTL_MS,
  });
  return queuedResult(answer);
}

/**
 * Signed store of a message into a swarm we may write to (a group's namespace 11, as its admin
 * or a member), queued with the other stores into that swarm as inbox stores are: a burst of
 * group messages shares its onion requests instead of paying one each (issue #15, a group
 * message cost 1.2× a 1-to-1 one, one request each against 0.3). Configs and Keys keep
 * `storeSigned`: they are few, and each push waits for its own answer.
 */
export async function storeSignedQueued(
  client: NetworkClient,
  a: { pubkey: string; auth: StorageAuth; namespace: number; data: Uint8Array; ttlMs: number },
): Promise<StoreResult> {
  const answer = await batcherOf(client).store(a.pubkey, {
    data: a.data,
    ttlMs: a.ttlMs,
    signed: { auth: a.auth, namespace: a.namespace },
  });
  return queuedResult(answer);
}

/** A store's own sub-result (a lone store's first, or its part of a batch). */
function queuedResult({ sub, target }: StoreAnswer): StoreResult {
  const parsed = parseStoreResult(okSub(sub, 'store').body);
  if (!parsed.ok) throw new NetworkError('invalid-response', 'store answer rejected');
  return { hash: parsed.value.hash, storedAtMs: parsed.value.t, target };
}

/** Signed store into one of our own namespaces (config namespaces). */
export async function storeOwn(
  client: NetworkClient,
  a: { account: AccountKeys; namespace: number; data: Uint8Array; ttlMs: number },
): Promise<StoreResult> {
  const auth = userAuth(a.account);
  const r = await swarmRequest(
    client,
    a.account.sessionId,
    'sequence',
    (now) => [
      rpc.storeAuthenticated({
        auth,
        namespace: a.namespace,
        timestampMs: now,
        ttlMs: a.ttlMs,
        data: a.data,
      }),
    ],
    'store',
  );
  return storeResult(r);
}

/**
 * Signed store into any swarm we may write to with `auth`: a 03 group's namespaces, as its admin
 * (group key) or as a member (sub-account).
 */
export async function storeSigned(
  client: NetworkClient,
  a: { pubkey: string; auth: StorageAuth; namespace: number; data: Uint8Array; ttlMs: number },
): Promise<StoreResult> {
  const r = await swarmRequest(
    client,
    a.pubkey,
    'sequence',
    (now) => [
      rpc.storeAuthenticated({
        auth: a.auth,
        namespace: a.namespace,
        timestampMs: now,
        ttlMs: a.ttlMs,
        data: a.data,
      }),
    ],
    'store',
  );
  return storeResult(r);
}

export interface RetrieveRequest {
  readonly namespace: number;
  readonly lastHash: string;
  readonly maxSize?: number;
}

export interface RetrieveResult {
  readonly namespace: number;
  readonly messages: readonly RetrievedMessage[];
  readonly more: boolean;
}

function retrieveSubs(auth: UserAuth, reqs: readonly RetrieveRequest[], now: number): SubRequest[] {
  return reqs.map((q) =>
    rpc.retrieve({
      auth,
      namespace: q.namespace,
      lastHash: q.lastHash,
      timestampMs: now,
      ...(q.maxSize === undefined ? {} : { maxSize: q.maxSize }),
    }),
  );
}

function retrieveResults(r: RequestResult, reqs: readonly RetrieveRequest[]): RetrieveResult[] {
  return reqs.map((q, i) => {
    const sub = r.results[i];
    if (!sub) throw new NetworkError('invalid-response', 'retrieve: missing result');
    if (sub.code !== 200)
      throw new NetworkError(
        sub.code === 401 ? 'unauthorized' : 'client-error',
        `retrieve answered ${sub.code}`,
        sub.code,
      );
    const parsed = parseRetrieveResult(sub.body);
    if (!parsed.ok) throw new NetworkError('invalid-response', 'retrieve answer rejected');
    return { namespace: q.namespace, messages: parsed.value.messages, more: parsed.value.more };
  });
}

/** Signed retrieve of our own namespaces from a random member (one batch). */
export async function retrieve(
  client: NetworkClient,
  account: AccountKeys,
  reqs: readonly RetrieveRequest[],
): Promise<RetrieveResult[]> {
  const auth = userAuth(account);
  const r = await swarmRequest(
    client,
    account.sessionId,
    'batch',
    (now) => retrieveSubs(auth, reqs, now),
    'retrieve',
  );
  return retrieveResults(r, reqs);
}

/** One namespace of a retrieve, signed by its own auth (a group member signs with its sub-account). */
export interface SignedRetrieve extends RetrieveRequest {
  readonly auth: StorageAuth;
}

/** What one member said about one namespace: failures are per namespace, not per batch. */
export type RetrieveOutcome =
  | ({ readonly ok: true } & RetrieveResult)
  | { readonly ok: false; readonly namespace: number; readonly code: number | undefined };

/**
 * Retrieve of several namespaces of `pubkey`'s swarm from one given member, in one batch; each
 * sub-request keeps its own answer, so a refused namespace does not hide the others. Rejects
 * only when the member could not be reached at all.
 */
export async function retrieveEach(
  client: NetworkClient,
  pubkey: string,
  node: Snode,
  reqs: readonly SignedRetrieve[],
): Promise<RetrieveOutcome[]> {
  const r = await client.request({
    label: 'retrieve',
    kind: 'batch',
    build: (now) =>
      reqs.map((q) =>
        rpc.retrieve({
          auth: q.auth,
          namespace: q.namespace,
          lastHash: q.lastHash,
          timestampMs: now,
          ...(q.maxSize === undefined ? {} : { maxSize: q.maxSize }),
        }),
      ),
    associatedWith: pubkey.toLowerCase(),
    timeChecked: true,
    allowRepeatTargets: false,
    maxAttempts: FIXED_TARGET_ATTEMPTS,
    chooseTarget: (tried) => Promise.resolve(tried.has(node.pubkeyEd25519) ? undefined : node),
  });
  return reqs.map((q, i): RetrieveOutcome => {
    const sub = r.results[i];
    if (sub?.code !== 200) return { ok: false, namespace: q.namespace, code: sub?.code };
    const parsed = parseRetrieveResult(sub.body);
    if (!parsed.ok) return { ok: false, namespace: q.namespace, code: sub.code };
    return { ok: true, namespace: q.namespace, messages: parsed.value.messages, more: parsed.value.more };
  });
}

/** Signed retrieve of our own namespaces from one given member; throws if any is refused. */
export async function retrieveFrom(
  client: NetworkClient,
  account: AccountKeys,
  node: Snode,
  reqs: readonly RetrieveRequest[],
): Promise<RetrieveResult[]> {
  const auth = userAuth(account);
  const outcomes = await retrieveEach(
    client,
    account.sessionId,
    node,
    reqs.map((q) => ({ ...q, auth })),
  );
  return outcomes.map((o) => {
    if (o.ok) return { namespace: o.namespace, messages: o.messages, more: o.more };
    if (o.code === undefined) throw new NetworkError('invalid-response', 'retrieve: missing result');
    if (o.code === 200) throw new NetworkError('invalid-response', 'retrieve answer rejected');
    const code = o.code === 401 ? 'unauthorized' : 'client-error';
    throw new NetworkError(code, `retrieve answered ${o.code}`, o.code);
  });
}

/** Signed delete of our own messages; returns the per-member body for callers that check. */
export async function deleteMessages(
  client: NetworkClient,
  account: AccountKeys,
  hashes: readonly string[],
): Promise<unknown> {
  const auth = userAuth(account);
  const r = await swarmRequest(
    client,
    account.sessionId,
    'sequence',
    () => [rpc.deleteHashes({ auth, hashes })],
    'delete',
  );
  return firstOk(r, 'delete').body;
}

/** Signed expiry change ('' set, 'extend', 'shorten'), expiry in network time. */
export async function expireMessages(
  client: NetworkClient,
  a: { account: AccountKeys; hashes: readonly string[]; expiryMs: number; mode?: '' | 'extend' | 'shorten' },
): Promise<unknown> {
  const auth = userAuth(a.account);
  const r = await swarmRequest(
    client,
    a.account.sessionId,
    'sequence',
    () => [rpc.expire({ auth, hashes: a.hashes, expiryMs: a.expiryMs, mode: a.mode ?? '' })],
    'expire',
  );
  return firstOk(r, 'expire').body;
}
