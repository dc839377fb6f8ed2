/**
 * Client-side onion construction (network.md §4.4 item 3, §4.5, §10; session-desktop
 * `ts/session/apis/snode_api/onions.ts` `buildOnionCtxs` / `buildOnionGuardNodePayload`).
 *
 * For a path [G, M, X] and a target T, innermost first:
 *   dest = frame(payload, {"body":null,"headers":{…}}) for a snode target (the `headers` key
 *          is what tells a storage server it is the destination), or the v4 request bytes for
 *          an HTTP server; encrypted for T's X25519 key with ephemeral E0;
 *   X gets frame(dest_ct, {"destination": T.ed25519, "ephemeral_key": E0}) — or, for a server,
 *          {"host","target","method":"POST"[,"protocol","port"],"ephemeral_key"} — with E1;
 *   M gets frame(X_ct, {"destination": X.ed25519, "ephemeral_key": E1}) with E2;
 *   G gets frame(M_ct, {"destination": M.ed25519, "ephemeral_key": E2}) with E3;
 *   guard body = frame(G_ct, {"ephemeral_key": E3}).
 * A snode target is a 4th node: the 3 path nodes are all relays.
 * `enc_type` is written next to an `ephemeral_key` only when it is not the aes-gcm default,
 * which is exactly what desktop sends (it never writes `enc_type`).
 */
import { fromHex, toHex } from '../crypto/bytes';
import { onionFrameParts } from './framing';
import { joinOwned } from '../crypto/owned-bytes';
import { encryptForNode, type EncType } from './hop-crypto';
import type { Ed25519Hex, X25519Hex } from './keys';
import type { RandomBytes } from './result';

export interface OnionHop {
  readonly pubkeyEd25519: Ed25519Hex;
  readonly pubkeyX25519: X25519Hex;
}

export type OnionTarget =
  | {
      readonly kind: 'snode';
      readonly node: OnionHop;
      /** Headers JSON of the destination layer; desktop sends Content-Type JSON. */
      readonly headers?: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'server';
      readonly host: string;
      /** The server's X25519 key (the destination key the last layer is encrypted to). */
      readonly pubkeyX25519: X25519Hex;
      /** Desktop adds protocol/port only for http URLs (server defaults: https / 443). */
      readonly protocol?: 'http' | 'https';
      readonly port?: number;
      /** `/oxen/v4/lsrpc` (default) or the deprecated `/loki/v3/lsrpc`. */
      readonly target?: string;
    };

export interface BuildOnionInput {
  /** Relays, guard first (desktop uses 3). */
  readonly path: readonly OnionHop[];
  readonly target: OnionTarget;
  /**
   * Snode: the RPC JSON body bytes. Server: the v4 request bytes (see `encodeV4Request`), which
   * may come in parts (`encodeV4RequestParts`: an upload is encrypted without being copied first).
   */
  readonly payload: Uint8Array | readonly Uint8Array[];
  readonly encType?: EncType;
  /** Drawn per layer, innermost first: 32-byte ephemeral secret, then the nonce. */
  readonly random: RandomBytes;
}

export interface BuiltOnion {
  /** POST body for `https://<guard>/onion_req/v2`. */
  readonly guardBody: Uint8Array;
  /** Symmetric key shared with the destination: decrypts the reply. */
  readonly destinationKey: Uint8Array;
  /**
   * Keys shared with each path hop, guard first. A hop that fails after decrypting (e.g. the
   * exit's 400 `Invalid url` / `Invalid json`) encrypts its error with its own layer key;
   * desktop cannot read those, we can.
   */
  readonly hopKeys: readonly Uint8Array[];
  readonly encType: EncType;
}

export const SNODE_DESTINATION_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'application/json',
};

/** A layer's JSON with the ephemeral key (and `enc_type` when not the default). */
export function withKey(
  json: Record<string, unknown>,
  ephemeralPublic: Uint8Array,
  encType: EncType,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...json, ephemeral_key: toHex(ephemeralPublic) };
  if (encType !== 'aes-gcm') out.enc_type = encType;
  return out;
}

/** The routing JSON (without the key) that hop `i` of `path` reads. */
export function hopRouting(
  path: readonly OnionHop[],
  i: number,
  target: OnionTarget,
): Record<string, unknown> {
  const isExit = i === path.length - 1;
  if (isExit && target.kind === 'server') {
    const routing: Record<string, unknown> = {
      host: target.host,
      target: target.target ?? '/oxen/v4/lsrpc',
      method: 'POST',
    };
    if (target.protocol === 'http') {
      routing.protocol = 'http';
      routing.port = target.port ?? 80;
    } else if (target.port !== undefined && target.port !== 443) {
      routing.protocol = 'https';
      routing.port = target.port;
    }
    return routing;
  }
  if (isExit && target.kind === 'snode') return { destination: target.node.pubkeyEd25519 };
  return { destination: (path[i + 1] as OnionHop).pubkeyEd25519 };
}

export function buildOnionRequest(input: BuildOnionInput): BuiltOnion {
  const { path, target, payload, random } = input;
  const encType = input.encType ?? 'aes-gcm';
  if (path.length < 1) throw new Error('an onion path needs at least one node');

  const destPlain =
    target.kind === 'snode'
      ? onionFrameParts(payload, { body: null, headers: target.headers ?? SNODE_DESTINATION_HEADERS })
      : payload;
  const destX = target.kind === 'snode' ? target.node.pubkeyX25519 : target.pubkeyX25519;
  const dest = encryptForNode(encType, fromHex(destX), destPlain, random);

  let inner = dest;
  const hopKeys: Uint8Array[] = [];
  for (let i = path.length - 1; i >= 0; i--) {
    const hop = path[i] as OnionHop;
    const routing = hopRouting(path, i, target);
    // The frame in parts: the inner layer (the whole upload for a file) is not copied into it.
    const plain = onionFrameParts(inner.parts, withKey(routing, inner.ephemeralPublic, encType));
    inner = encryptForNode(encType, fromHex(hop.pubkeyX25519), plain, random);
    hopKeys.unshift(inner.key);
  }
  // The one copy of the whole request: its parts joined for the guard.
  const guardBody = joinOwned(onionFrameParts(inner.parts, withKey({}, inner.ephemeralPublic, encType)));
  return { guardBody, destinationKey: dest.key, hopKeys, encType };
}
