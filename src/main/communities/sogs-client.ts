/**
 * Requests to a community server: one onion v4 request each (network.md §4.5), through the same
 * path and transport code as the file server (files/server-request.ts), so a proxy set on the
 * HTTPS transport applies here too. Authenticated requests carry the four `X-SOGS-*` headers
 * (§4.3) signed with our 15-blinded key; `/batch` signs once on the outer request.
 */
import { z } from 'zod';
import { fromUtf8, utf8 } from '../../crypto/bytes';
import type { Ed25519SecretKey } from '../../crypto/keys';
import { signSogsRequest } from '../../crypto/sogs-signing';
import type { X25519Hex } from '../../onion/keys';
import { decodeV4Body, type V4Response } from '../../onion/v4';
import type { NetworkClient } from '../network';
import { FileError } from '../files/errors';
import { serverRequest } from '../files/server-request';
import { CommunityError } from './errors';
import type { CommunityAddress } from './join-url';

/** Desktop gives SOGS requests the default onion timeout; file downloads take longer. */
const SOGS_TIMEOUT_MS = 20_000;

export interface SogsDeps {
  readonly network: NetworkClient | undefined;
  readonly secretKey: () => Ed25519SecretKey;
  /** 16 random bytes (tests may inject). */
  readonly nonce: () => Uint8Array;
}

export interface SogsCall {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with its query, percent-encoded as it travels (e.g. an emoji in a reaction). */
  readonly path: string;
  readonly json?: unknown;
  readonly bytes?: Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
  /** Unsigned requests: only `/capabilities` and room info of open servers; we sign everything else. */
  readonly signed?: boolean;
  /** Signed as our 25-blinded identity (a 25-blinded DM peer's inbox and our 25 boxes). */
  readonly as25?: boolean;
  readonly timeoutMs?: number;
}

export interface SogsAnswer {
  readonly code: number;
  readonly json: unknown;
  readonly bytes: Uint8Array;
}

function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function unreachable(e: unknown): CommunityError {
  if (e instanceof FileError) {
    if (e.code === 'clock-out-of-sync') return new CommunityError('clock-out-of-sync', e.message, e.status);
    if (e.code === 'stopped') return new CommunityError('offline', e.message);
  }
  return new CommunityError('unreachable', e instanceof Error ? e.message : String(e));
}

function answerOf(res: V4Response): SogsAnswer {
  const decoded = decodeV4Body(res);
  let json: unknown;
  if (decoded.ok && decoded.value.kind === 'json') json = decoded.value.value;
  else if (decoded.ok && decoded.value.kind === 'text') json = decoded.value.text;
  return { code: res.code, json, bytes: res.body };
}

/** One request; throws CommunityError for transport failures, returns any HTTP status. */
export async function sogsRequest(
  deps: SogsDeps,
  server: CommunityAddress,
  call: SogsCall,
): Promise<SogsAnswer> {
  const network = deps.network;
  if (!network) throw new CommunityError('offline', 'no network is configured');
  const body = call.bytes ?? (call.json !== undefined ? utf8(JSON.stringify(call.json)) : undefined);
  const headers: Record<string, string> = { ...(call.headers ?? {}) };
  if (call.json !== undefined) headers['Content-Type'] = 'application/json';
  if (call.signed !== false) {
    const signed = signSogsRequest(
      deps.secretKey(),
      {
        serverPk: server.serverPk,
        nonce: deps.nonce(),
        timestampSeconds: Math.floor(network.networkNow() / 1000),
        method: call.method,
        path: decodedPath(call.path),
        body,
      },
      call.as25 === true ? '25' : true,
    );
    Object.assign(headers, signed);
  }
  let res: V4Response;
  try {
    res = await serverRequest(
      network,
      { url: server.baseUrl, x25519: server.serverPkHex as X25519Hex, ed25519: server.serverPkHex },
      { method: call.method, endpoint: call.path, headers, ...(body ? { body } : {}) },
      { timeoutMs: call.timeoutMs ?? SOGS_TIMEOUT_MS },
    );
  } catch (e) {
    throw unreachable(e);
  }
  return answerOf(res);
}

/** A status the caller did not expect, as the error the user sees. */
export function statusError(code: number, what: string): CommunityError {
  if (code === 404) return new CommunityError('unknown-room', `${what}: not found`, code);
  if (code === 403 || code === 401) return new CommunityError('forbidden', `${what}: not allowed`, code);
  if (code === 406 || code === 425) return new CommunityError('clock-out-of-sync', `${what}: clock`, code);
  return new CommunityError('server-error', `${what}: the server answered ${code}`, code);
}

/** The JSON body parsed against `schema`, or invalid-response. */
export function parsed<T>(answer: SogsAnswer, schema: z.ZodType<T>, what: string): T {
  const p = schema.safeParse(answer.json ?? safeJson(answer.bytes));
  if (!p.success) throw new CommunityError('invalid-response', `${what}: unexpected answer`);
  return p.data;
}

function safeJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(fromUtf8(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

export interface BatchItem {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly json?: unknown;
}

const batchAnswer = z
  .array(z.object({ code: z.number().int(), body: z.unknown().optional(), headers: z.unknown().optional() }))
  .max(64);

/**
 * `POST /batch` (§4.2): each sub-request's `{code, body}`, in order. A server answering a list of
 * another length than asked is a malformed answer.
 */
export async function sogsBatch(
  deps: SogsDeps,
  server: CommunityAddress,
  items: readonly BatchItem[],
  options: { readonly as25?: boolean } = {},
): Promise<{ code: number; body: unknown }[]> {
  const answer = await sogsRequest(deps, server, {
    method: 'POST',
    path: '/batch',
    json: items,
    ...(options.as25 === true ? { as25: true } : {}),
  });
  if (answer.code !== 200) throw statusError(answer.code, 'batch');
  const list = parsed(answer, batchAnswer, 'batch');
  if (list.length !== items.length)
    throw new CommunityError('invalid-response', 'batch: wrong number of answers');
  return list.map((r) => ({ code: r.code, body: r.body }));
}
