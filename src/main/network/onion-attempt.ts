/**
 * One onion request to a snode over one path, and nothing else: build the layers, POST to the
 * guard, classify the guard's status, decrypt the destination's reply. Deciding what to do
 * next is the pure layers' job (`src/onion/decisions.ts`); the retry loop is in
 * `request-loop.ts`. Mirrors session-desktop `ts/session/apis/snode_api/onions.ts`
 * (`sendOnionRequestNoRetries`, `processOnionResponse`).
 */
import { buildOnionRequest } from '../../onion/builder';
import type { Snode } from '../../onion/keys';
import { classifyPathResponse, type PathFailure } from '../../onion/path-errors';
import { decodeSnodeOnionReply } from '../../onion/response';
import type { RandomBytes } from '../../onion/result';
import type { HttpsSnodeTransport } from './https-transport';
import { errorText } from './logger';
import { ProxyError } from './proxy';

export type AttemptResult =
  /** The destination answered: its own status and body (bodyJson = body parsed when JSON text). */
  | { readonly kind: 'reply'; readonly status: number; readonly body: unknown; readonly bodyJson: unknown }
  /** The guard answered non-200: a hop's plaintext error (502 Next node not found, 504, …). */
  | { readonly kind: 'path'; readonly failure: PathFailure }
  /** No HTTP answer from the guard (refused, reset, timeout). */
  | { readonly kind: 'transport'; readonly error: string; readonly aborted: boolean }
  /** The proxy could not connect us to the guard: nothing is known about the path's nodes. */
  | { readonly kind: 'proxy'; readonly error: string }
  /** 200 but the reply does not decrypt or parse: tampered or corrupted on the way. */
  | { readonly kind: 'undecodable'; readonly error: string };

export async function onionAttempt(
  transport: HttpsSnodeTransport,
  path: readonly Snode[],
  target: Snode,
  payload: Uint8Array,
  random: RandomBytes,
  timeoutMs?: number,
): Promise<AttemptResult> {
  const guard = path[0];
  if (!guard) return { kind: 'transport', error: 'empty path', aborted: false };
  const built = buildOnionRequest({ path, target: { kind: 'snode', node: target }, payload, random });
  let res;
  try {
    res = await transport(
      guard,
      '/onion_req/v2',
      built.guardBody,
      timeoutMs === undefined ? {} : { timeoutMs },
    );
  } catch (e) {
    if (e instanceof ProxyError) return { kind: 'proxy', error: e.message };
    const aborted = (e as { code?: unknown }).code === 'aborted';
    return { kind: 'transport', error: errorText(e), aborted };
  }
  const failure = classifyPathResponse(res.status, res.body);
  if (failure) return { kind: 'path', failure };
  const reply = decodeSnodeOnionReply(res.body, built.destinationKey, built.encType);
  if (!reply.ok) return { kind: 'undecodable', error: reply.error.kind };
  return {
    kind: 'reply',
    status: reply.value.status,
    body: reply.value.body,
    bodyJson: reply.value.bodyJson,
  };
}
