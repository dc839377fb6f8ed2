import { beforeAll, describe, expect, it } from 'vitest';
import { fromHex, fromUtf8, toHex, utf8 } from '../../src/crypto/bytes';
import { sodiumReady } from '../../src/crypto/sodium';
import {
  decryptAtNode,
  decryptWithHopKey,
  deriveClientHopKey,
  deriveNodeHopKey,
  encryptForNode,
  encryptWithHopKey,
  parseEncType,
  x25519FromEd25519Public,
  x25519PublicFromSecret,
} from '../../src/onion/hop-crypto';
import { parseOnionEnvelope } from '../../src/onion/relay';
import { queueRandom, seededRandom, vector } from './helpers';

beforeAll(async () => {
  await sodiumReady();
});

const s = (v: unknown): string => v as string;

describe('hop encryption vectors', () => {
  it('onion_hop_aes_gcm_decrypt: key derivation both sides, decrypt, tamper rejected', () => {
    const v = vector('onion_hop_aes_gcm_decrypt');
    const a = fromHex(s(v.inputs.client_x25519_sec_a_hex));
    const A = fromHex(s(v.inputs.client_x25519_pub_A_hex));
    const b = fromHex(s(v.inputs.node_x25519_sec_b_hex));
    const B = fromHex(s(v.inputs.node_x25519_pub_B_hex));
    expect(toHex(x25519PublicFromSecret(a))).toBe(toHex(A));
    const clientKey = deriveClientHopKey('aes-gcm', a, B);
    const nodeKey = deriveNodeHopKey('aes-gcm', b, A);
    expect(clientKey.ok && toHex(clientKey.value)).toBe(v.expected.aes_gcm_key_hex);
    expect(nodeKey.ok && toHex(nodeKey.value)).toBe(v.expected.aes_gcm_key_hex);
    const ct = fromHex(s(v.inputs.ciphertext_hex));
    expect(toHex(ct.subarray(0, 12))).toBe(v.expected.nonce_hex);
    const pt = decryptAtNode('aes-gcm', b, A, ct);
    expect(pt.ok && fromUtf8(pt.value.plaintext)).toBe(v.expected.plaintext_utf8);
    const tampered = v.expected.tamper_must_fail_hex as string[];
    expect(tampered.length).toBe(2);
    for (const t of tampered) {
      const r = decryptAtNode('aes-gcm', b, A, fromHex(t));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.kind).toBe('auth-failed');
    }
  });

  it('onion_hop_xchacha20_decrypt: BLAKE2b key (shared ‖ client ‖ node), decrypt, tamper rejected', () => {
    const v = vector('onion_hop_xchacha20_decrypt');
    const A = fromHex(s(v.inputs.client_x25519_pub_A_hex));
    const b = fromHex(s(v.inputs.node_x25519_sec_b_hex));
    expect(toHex(x25519PublicFromSecret(b))).toBe(v.inputs.node_x25519_pub_B_hex);
    const key = deriveNodeHopKey('xchacha20', b, A);
    expect(key.ok && toHex(key.value)).toBe(v.expected.xchacha20_key_hex);
    const ct = fromHex(s(v.inputs.ciphertext_hex));
    expect(toHex(ct.subarray(0, 24))).toBe(v.expected.nonce_hex);
    const pt = decryptAtNode('xchacha20', b, A, ct);
    expect(pt.ok && fromUtf8(pt.value.plaintext)).toBe(v.expected.plaintext_utf8);
    for (const t of v.expected.tamper_must_fail_hex as string[]) {
      expect(decryptAtNode('xchacha20', b, A, fromHex(t)).ok).toBe(false);
    }
  });

  it('onion_payload_parse_aes_gcm: node parses the framed payload and decrypts; reply length', () => {
    const v = vector('onion_payload_parse_aes_gcm');
    const env = parseOnionEnvelope(fromHex(s(v.inputs.payload_hex)));
    expect(env.ok).toBe(true);
    if (!env.ok) return;
    expect(env.value.ciphertext.length).toBe(v.expected.ciphertext_length);
    expect(toHex(env.value.ephemeralKey)).toBe(v.expected.remote_pubkey_hex);
    expect(env.value.encType).toBe('aes-gcm');
    const payload = fromHex(s(v.inputs.payload_hex));
    expect(fromUtf8(payload.subarray(4 + env.value.ciphertext.length))).toBe(v.expected.json_utf8);
    const b = fromHex(s(v.inputs.node_x25519_sec_b_hex));
    const pt = decryptAtNode(env.value.encType, b, env.value.ephemeralKey, env.value.ciphertext);
    expect(pt.ok && fromUtf8(pt.value.plaintext)).toBe(v.expected.plaintext_utf8);
    if (!pt.ok) return;
    const reply = encryptWithHopKey('aes-gcm', pt.value.key, utf8('Goodbye world'), seededRandom(7));
    expect(reply.length).toBe(v.expected.reply_length_for_13_byte_reply);
  });

  it('file_server_ed25519_to_x25519: destination key of the file server', () => {
    const v = vector('file_server_ed25519_to_x25519');
    expect(toHex(x25519FromEd25519Public(fromHex(s(v.inputs.ed25519_pub_hex))))).toBe(
      v.expected.x25519_pub_hex,
    );
  });
});

describe('hop encryption round trips', () => {
  for (const encType of ['aes-gcm', 'xchacha20'] as const) {
    it(`${encType}: client encrypts, node decrypts, reply goes back with the same key`, () => {
      const node = seededRandom(1)(32);
      const nodePub = x25519PublicFromSecret(node);
      const enc = encryptForNode(encType, nodePub, utf8('payload'), seededRandom(2));
      const dec = decryptAtNode(encType, node, enc.ephemeralPublic, enc.ciphertext);
      expect(dec.ok && fromUtf8(dec.value.plaintext)).toBe('payload');
      if (!dec.ok) return;
      expect(toHex(dec.value.key)).toBe(toHex(enc.key));
      const reply = encryptWithHopKey(encType, dec.value.key, utf8('reply'), seededRandom(3));
      const back = decryptWithHopKey(encType, enc.key, reply);
      expect(back.ok && fromUtf8(back.value)).toBe('reply');
      // every single-bit flip is rejected
      for (let i = 0; i < reply.length; i += 7) {
        const bad = reply.slice();
        bad[i] = (bad[i] ?? 0) ^ 1;
        expect(decryptWithHopKey(encType, enc.key, bad).ok).toBe(false);
      }
    });
  }

  it('draws the ephemeral secret then the nonce from the injected randomness', () => {
    const eph = '396a02765b0cf6b76270af8a6c9106b613371c3ccdb77af207290e3776727fd8';
    const r = queueRandom(eph, '648f8e193a06c30767e71fb3');
    const enc = encryptForNode('aes-gcm', x25519PublicFromSecret(seededRandom(9)(32)), utf8('x'), r);
    expect(r.remaining()).toBe(0);
    expect(toHex(enc.ephemeralPublic)).toBe(
      '3feb6bc323cbbfb894437cd2d220a1936f3c1145d0d306f2454d1a130923481c',
    );
    expect(toHex(enc.ciphertext.subarray(0, 12))).toBe('648f8e193a06c30767e71fb3');
  });

  it('rejects short input, bad keys and low-order points with typed errors', () => {
    const key = new Uint8Array(32);
    const short = decryptWithHopKey('aes-gcm', key, new Uint8Array(27));
    expect(!short.ok && short.error.kind).toBe('too-short');
    const low = deriveNodeHopKey('aes-gcm', seededRandom(4)(32), new Uint8Array(32));
    expect(!low.ok && low.error.kind).toBe('bad-key');
  });

  it('enc_type aliases as the storage server parses them', () => {
    expect(parseEncType(undefined)).toBe('aes-gcm');
    expect(parseEncType('gcm')).toBe('aes-gcm');
    expect(parseEncType('xchacha20-poly1305')).toBe('xchacha20');
    expect(parseEncType('aes-cbc')).toBeUndefined();
    expect(parseEncType(3)).toBeUndefined();
  });
});
