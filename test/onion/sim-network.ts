/** A tiny in-memory onion network built only from the pure encoders (as devnet will). */
import { toHex } from '../../src/crypto/bytes';
import { x25519PublicFromSecret } from '../../src/onion/hop-crypto';
import type { Ed25519Hex, Snode, X25519Hex } from '../../src/onion/keys';
import { encodeRelayEnvelope, parseOnionEnvelope, peelOnionLayer } from '../../src/onion/relay';
import { encodeSnodeReply, encodeV4Reply } from '../../src/onion/reply';
import type { RandomBytes } from '../../src/onion/result';
import { openServerOnionRequest } from '../../src/onion/server-destination';
import type { TransportResponse } from '../../src/onion/transport';
import { encodeV4Response, type V4ParsedRequest, type V4Response } from '../../src/onion/v4';
import { utf8 } from '../../src/crypto/bytes';

export interface SimNode {
  readonly snode: Snode;
  readonly secret: Uint8Array;
}

export function makeNodes(count: number, random: RandomBytes, ipBase = '10.0'): SimNode[] {
  return Array.from({ length: count }, (_, i) => {
    const secret = random(32);
    return {
      secret,
      snode: {
        ip: `${ipBase}.${i % 7}.${i + 1}`,
        port: 22000 + i,
        // A fake but distinct ed25519 key: these tests never verify Ed25519 signatures.
        pubkeyEd25519: toHex(random(32)) as Ed25519Hex,
        pubkeyX25519: toHex(x25519PublicFromSecret(secret)) as X25519Hex,
      },
    };
  });
}

export interface SimOptions {
  readonly nodes: readonly SimNode[];
  readonly random: RandomBytes;
  /** Storage RPC handler of a destination snode. */
  readonly rpc?: (node: SimNode, body: Uint8Array) => { status: number; body: string | { json: unknown } };
  /** HTTP server reachable by host name. */
  readonly servers?: Record<string, { secret: Uint8Array; handle: (req: V4ParsedRequest) => V4Response }>;
  /** Nodes that pretend to be offline (unknown to their predecessor). */
  readonly offline?: ReadonlySet<string>;
  /** Observe what each destination received. */
  readonly seen?: Uint8Array[];
}

/** What a node answers to `POST /onion_req/v2` with `body`. */
export function handleOnion(opts: SimOptions, node: SimNode, body: Uint8Array): TransportResponse {
  const text = (status: number, s: string): TransportResponse => ({ status, body: utf8(s) });
  const env = parseOnionEnvelope(body);
  if (!env.ok) return text(env.error.status, env.error.message);
  const peeled = peelOnionLayer(node.secret, env.value);
  if (!peeled.ok) {
    const e = peeled.error;
    if (e.kind === 'json') {
      return {
        status: 200,
        body: encodeSnodeReply({
          status: 400,
          body: e.message,
          key: e.key,
          encType: e.encType,
          random: opts.random,
        }),
      };
    }
    return text(e.status, e.message);
  }
  const { layer, key, encType, hopNo } = peeled.value;
  switch (layer.kind) {
    case 'relay': {
      const next = opts.nodes.find((n) => n.snode.pubkeyEd25519 === layer.destination);
      if (!next || opts.offline?.has(layer.destination))
        return text(502, `Next node not found: ${layer.destination}`);
      return handleOnion(opts, next, encodeRelayEnvelope(layer, hopNo + 1));
    }
    case 'destination': {
      opts.seen?.push(layer.body);
      const res = opts.rpc?.(node, layer.body) ?? { status: 200, body: { json: { ok: true } } };
      return {
        status: 200,
        body: encodeSnodeReply({
          ...res,
          key,
          encType,
          random: opts.random,
          embedJson: layer.embedJson,
          base64: layer.base64,
        }),
      };
    }
    case 'server': {
      if (!layer.allowed)
        return {
          status: 200,
          body: encodeSnodeReply({ status: 400, body: 'Invalid url', key, encType, random: opts.random }),
        };
      const server = opts.servers?.[layer.host];
      if (!server) return text(502, 'Bad Gateway');
      const opened = openServerOnionRequest(server.secret, layer.payload);
      if (!opened.ok) {
        const e = opened.error;
        if (e.kind === 'bad-v4') {
          return {
            status: 200,
            body: encodeV4Reply(
              { code: 400, headers: {}, body: utf8(e.message) },
              e.key,
              e.encType,
              opts.random,
            ),
          };
        }
        return text(400, e.message);
      }
      opts.seen?.push(
        encodeV4Response({ code: 0, headers: {}, body: opened.value.request.body ?? new Uint8Array() }),
      );
      const res = server.handle(opened.value.request);
      return { status: 200, body: encodeV4Reply(res, opened.value.key, opened.value.encType, opts.random) };
    }
  }
}
