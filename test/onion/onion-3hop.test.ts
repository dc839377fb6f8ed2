import { beforeAll, describe, expect, it } from 'vitest';
import { fromHex, fromUtf8, toHex, utf8 } from '../../src/crypto/bytes';
import { sodiumReady } from '../../src/crypto/sodium';
import { buildOnionRequest, type OnionHop } from '../../src/onion/builder';
import { decryptAtNode } from '../../src/onion/hop-crypto';
import type { Ed25519Hex, X25519Hex } from '../../src/onion/keys';
import { encodeRelayEnvelope, parseOnionEnvelope, peelOnionLayer } from '../../src/onion/relay';
import { encodeSnodeReply, snodeReplyPlaintext } from '../../src/onion/reply';
import { decodeSnodeOnionReply } from '../../src/onion/response';
import { queueRandom, vector } from './helpers';

beforeAll(async () => {
  await sodiumReady();
});

interface NodeKeys {
  x25519_sec_hex: string;
  x25519_pub_hex: string;
  ed25519_pub_hex: string;
}

const hop = (n: NodeKeys): OnionHop => ({
  pubkeyEd25519: n.ed25519_pub_hex as Ed25519Hex,
  pubkeyX25519: n.x25519_pub_hex as X25519Hex,
});

describe('onion_3hop_snode_request_aes_gcm_deterministic', () => {
  const v = vector('onion_3hop_snode_request_aes_gcm_deterministic');
  const nodes = v.inputs.nodes as Record<'guard' | 'middle' | 'exit' | 'target', NodeKeys>;
  const eph = v.inputs.ephemeral_x25519_sec_hex as string[];
  const nonces = v.inputs.nonces_hex as string[];
  const layers = v.expected.layers as {
    hop: keyof typeof nodes;
    plaintext_hex: string;
    key_hex: string;
    ciphertext_hex: string;
  }[];

  const build = () => {
    const random = queueRandom(...[0, 1, 2, 3].flatMap((i) => [eph[i] ?? '', nonces[i] ?? '']));
    const built = buildOnionRequest({
      path: [hop(nodes.guard), hop(nodes.middle), hop(nodes.exit)],
      target: { kind: 'snode', node: hop(nodes.target) },
      payload: utf8(v.inputs.rpc_body_utf8 as string),
      random,
    });
    expect(random.remaining()).toBe(0);
    return built;
  };

  it('builds the exact guard payload and destination key', () => {
    const built = build();
    expect(toHex(built.guardBody)).toBe(v.expected.guard_payload_hex);
    expect(toHex(built.destinationKey)).toBe(v.expected.destination_key_hex);
    expect(built.encType).toBe('aes-gcm');
  });

  it('each relay peels exactly the documented layer, the target gets the RPC body', () => {
    expect(layers.length).toBe(3);
    const built = build();
    let envelope = parseOnionEnvelope(built.guardBody);
    // Outermost first: guard, middle, exit.
    for (const layer of [...layers].reverse()) {
      expect(envelope.ok).toBe(true);
      if (!envelope.ok) return;
      const node = nodes[layer.hop];
      expect(toHex(envelope.value.ciphertext)).toBe(layer.ciphertext_hex);
      const raw = decryptAtNode(
        'aes-gcm',
        fromHex(node.x25519_sec_hex),
        envelope.value.ephemeralKey,
        envelope.value.ciphertext,
      );
      expect(raw.ok && toHex(raw.value.plaintext)).toBe(layer.plaintext_hex);
      expect(raw.ok && toHex(raw.value.key)).toBe(layer.key_hex);
      const peeled = peelOnionLayer(fromHex(node.x25519_sec_hex), envelope.value);
      expect(peeled.ok && peeled.value.layer.kind).toBe('relay');
      if (!peeled.ok || peeled.value.layer.kind !== 'relay') return;
      envelope = parseOnionEnvelope(encodeRelayEnvelope(peeled.value.layer, peeled.value.hopNo + 1));
    }
    if (!envelope.ok) throw new Error('no envelope for target');
    expect(toHex(envelope.value.ciphertext)).toBe(v.expected.destination_ciphertext_hex);
    const target = peelOnionLayer(fromHex(nodes.target.x25519_sec_hex), envelope.value);
    expect(target.ok).toBe(true);
    if (!target.ok || target.value.layer.kind !== 'destination')
      throw new Error('target is not the destination');
    expect(fromUtf8(target.value.layer.body)).toBe(v.inputs.rpc_body_utf8);
    expect(target.value.layer.base64).toBe(true);
    expect(target.value.layer.embedJson).toBe(false);
    expect(toHex(target.value.key)).toBe(v.expected.destination_key_hex);
    expect(target.value.hopNo).toBe(3);
  });

  it('the target reply is byte-exact and decodes on the client', () => {
    const idx = v.expected.response_nonce_index as number;
    const key = fromHex(v.expected.destination_key_hex as string);
    const result = { version: [2, 8, 0], timestamp: 1700000000123, t: 1700000000123, hf: [19, 3] };
    expect(snodeReplyPlaintext(200, { json: result })).toBe(v.expected.response_json_utf8);
    const reply = encodeSnodeReply({
      status: 200,
      body: { json: result },
      key,
      encType: 'aes-gcm',
      random: queueRandom(nonces[idx] ?? ''),
    });
    expect(fromUtf8(reply)).toBe(v.expected.response_body_base64);
    const decoded = decodeSnodeOnionReply(reply, key, 'aes-gcm');
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value.status).toBe(200);
    expect(decoded.value.bodyJson).toEqual(result);
    expect(typeof decoded.value.body).toBe('string');
  });
});
