import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8 } from '../../../src/crypto/bytes';
import {
  asEd25519SecretKey,
  ed25519KeyPairFromSeed,
  asEd25519Seed,
  identityFromEd25519SecretKey,
} from '../../../src/crypto/keys';
import type { SessionId } from '../../../src/crypto/keys';
import {
  asServerPublicKey,
  blind15Ids,
  blind15KeyPair,
  blind15Sign,
  blind25Id,
  blind25KeyPair,
  blind25Sign,
  blinded15IdOf,
  blinded25IdOf,
  sessionIdMatchesBlindedId,
  verifyBlindedSignature,
  versionBlindKeyPair,
} from '../../../src/crypto/blinding';
import { signSogsRequest, sogsSignedMessage, verifySogsRequest } from '../../../src/crypto/sogs-signing';
import { sodiumReady } from '../../../src/crypto/sodium';
import {
  configHash,
  decryptConfig,
  encryptConfig,
  openConfigPlaintext,
  paddedSize,
  parseConfigMessage,
  sealConfigMessage,
  serializeMessage,
  unwrapConfig,
  UserProfile,
} from '../../../src/swarm/config';
import { COVERAGE, rawTopLevelKeys, syncVectors } from './vectors';

const v = syncVectors();
let exercised = 0;
// config_encrypt: ciphertext + second-domain nonce; user profile: decrypt, empty hash, rebuild
// through the API; padded sizes: one per case; blinding: one per id/signature case, the key
// sessions, the 07 key; SOGS: one.
const EXPECTED =
  2 +
  3 +
  v.config_padded_size.cases.length +
  v.blinding.blind15_id.length +
  v.blinding.blind25_id.length +
  v.blinding.blind15_sign.length +
  v.blinding.blind25_sign.length +
  1 +
  1 +
  1;

beforeAll(async () => {
  await sodiumReady();
});

afterAll(() => {
  // Fails if any vector check above was skipped or silently dropped.
  expect(exercised).toBe(EXPECTED);
});

describe('vector file coverage', () => {
  it('every top-level group is either covered or listed with a reason', () => {
    expect(rawTopLevelKeys().sort()).toEqual(Object.keys(COVERAGE).sort());
    expect(v.config_padded_size.cases.length).toBe(7);
    expect(v.blinding.blind15_id.length).toBe(2);
    expect(v.blinding.blind25_id.length).toBe(3);
    expect(v.blinding.blind15_sign.length).toBe(1);
    expect(v.blinding.blind25_sign.length).toBe(1);
  });
});

describe('config_encrypt (libsession tests/test_encrypt.cpp)', () => {
  const c = v.config_encrypt;
  it('encrypts to the expected ciphertext ‖ nonce and decrypts back', () => {
    const out = encryptConfig(utf8(c.plaintext_utf8), fromHex(c.key_base), c.domain);
    expect(toHex(out)).toBe(c.ciphertext);
    expect(toHex(out.subarray(out.length - 24))).toBe(c.nonce);
    const back = decryptConfig(out, fromHex(c.key_base), c.domain);
    expect(back.ok && new TextDecoder().decode(back.value)).toBe(c.plaintext_utf8);
    exercised++;
  });
  it('the nonce depends on the domain', () => {
    const out = encryptConfig(utf8(c.plaintext_utf8), fromHex(c.key_base), 'test-suite2');
    expect(toHex(out.subarray(out.length - 24))).toBe(c['nonce_same_message_domain_test-suite2']);
    expect(decryptConfig(fromHex(c.ciphertext), fromHex(c.key_base), 'test-suite2').ok).toBe(false);
    exercised++;
  });
});

describe('user_profile_config_message (libsession tests/test_config_userprofile.cpp)', () => {
  const u = v.user_profile_config_message;
  const key = () => ed25519KeyPairFromSeed(asEd25519Seed(fromHex(u.ed25519_seed))).secretKey;

  it('decrypts, strips the NUL padding and parses seqno, name, avatar and lagged hash', () => {
    const sk = key();
    expect(toHex(sk.subarray(32))).toBe(u.ed25519_pubkey);
    const dec = decryptConfig(fromHex(u.encrypted_unwrapped_256_bytes), sk.subarray(0, 32), u.domain);
    if (!dec.ok) throw new Error('decrypt failed');
    expect(dec.value.length).toBe(u.decrypted_length_including_leading_nul_padding);
    const opened = openConfigPlaintext(dec.value);
    if (!opened.ok) throw new Error('open failed');
    expect(toHex(opened.value)).toBe(u.decrypted_after_stripping_leading_nuls_hex);
    const msg = parseConfigMessage(opened.value);
    if (!msg.ok) throw new Error(msg.error.reason);
    expect(msg.value.seqno).toBe(u.seqno);
    expect(toHex(msg.value.lagged[0]?.hash ?? new Uint8Array())).toBe(
      u.hash_of_empty_seqno0_message.blake2b32,
    );
    // Re-sealing the parsed plaintext gives the vector's ciphertext byte for byte.
    expect(toHex(sealConfigMessage(serializeMessage(msg.value), sk.subarray(0, 32), u.domain))).toBe(
      u.encrypted_unwrapped_256_bytes,
    );
    exercised++;
  });

  it('hashes the empty seqno-0 message', () => {
    const e = u.hash_of_empty_seqno0_message;
    expect(toHex(configHash(utf8(e.serialized)))).toBe(e.blake2b32);
    exercised++;
  });

  it('the same edits through the UserProfile API push exactly the vector bytes (inside the wrapper)', () => {
    const sk = key();
    const p = UserProfile.create(sk);
    p.setName('Kallie');
    p.setProfilePic({
      url: 'http://example.org/omg-pic-123.bmp',
      key: utf8('secret78901234567890123456789012'),
    });
    p.setNoteToSelfPriority(9);
    const push = p.push();
    expect(push.seqno).toBe(1);
    const inner = unwrapConfig(sk, push.data, 1);
    if (!inner.ok) throw new Error(inner.error);
    expect(toHex(inner.value)).toBe(u.encrypted_unwrapped_256_bytes);
    exercised++;
  });
});

describe('config_padded_size (libsession tests/test_encrypt.cpp)', () => {
  for (const c of v.config_padded_size.cases) {
    it(`padded_size(${c.size}, ${c.overhead}) = ${c.padded}`, () => {
      expect(paddedSize(c.size, c.overhead)).toBe(c.padded);
      exercised++;
    });
  }
});

describe('blinding (libsession tests/test_blinding.cpp)', () => {
  const bl = v.blinding;
  const sk = (which: string) =>
    asEd25519SecretKey(fromHex(which.startsWith('seed2') ? bl.seed2_ed25519_sk64 : bl.seed1_ed25519_sk64));
  const sid = (which: 'session_id1' | 'session_id2') => bl[which] as SessionId;

  it('the two key sessions have the documented Session IDs', () => {
    expect(identityFromEd25519SecretKey(sk('seed1')).sessionId).toBe(bl.session_id1);
    expect(identityFromEd25519SecretKey(sk('seed2')).sessionId).toBe(bl.session_id2);
    exercised++;
  });

  for (const [i, c] of bl.blind15_id.entries()) {
    it(`blind15 id #${i} of ${c.session_id}`, () => {
      const server = asServerPublicKey(fromHex(c.server_pk));
      const ids = blind15Ids(sid(c.session_id), server);
      const want = c.blinded ?? c.blinded_positive;
      expect(want).toBeDefined();
      expect(ids?.[0]).toBe(want);
      // Our own key pair gives one of the two candidates: the negated one for seed2's negative key.
      const own = blinded15IdOf(
        blind15KeyPair(sk(c.session_id === 'session_id1' ? 'seed1' : 'seed2'), server),
      );
      expect(ids).toContain(own);
      if (c.session_id === 'session_id2') expect(own).toBe(ids?.[1]);
      for (const id of ids ?? []) expect(sessionIdMatchesBlindedId(sid(c.session_id), id, server)).toBe(true);
      exercised++;
    });
  }

  for (const [i, c] of bl.blind25_id.entries()) {
    it(`blind25 id #${i} of ${c.session_id}`, () => {
      const server = asServerPublicKey(fromHex(c.server_pk));
      expect(blind25Id(sid(c.session_id), server)).toBe(c.blinded);
      // From the secret key too, whatever the sign of the Ed25519 key (seed2's is negative).
      const pair = blind25KeyPair(sk(c.session_id === 'session_id1' ? 'seed1' : 'seed2'), server);
      expect(blinded25IdOf(pair)).toBe(c.blinded);
      expect(sessionIdMatchesBlindedId(sid(c.session_id), c.blinded, server)).toBe(true);
      exercised++;
    });
  }

  for (const c of bl.blind15_sign) {
    it(`blind15 signature by ${c.signer}`, () => {
      const server = asServerPublicKey(fromHex(c.server_pk));
      const sig = blind15Sign(sk(c.signer), server, utf8(c.message_utf8));
      expect(toHex(sig)).toBe(c.signature);
      const { publicKey } = blind15KeyPair(sk(c.signer), server);
      expect(verifyBlindedSignature(sig, utf8(c.message_utf8), publicKey)).toBe(true);
      exercised++;
    });
  }

  for (const c of bl.blind25_sign) {
    it(`blind25 signature by ${c.signer}`, () => {
      const server = asServerPublicKey(fromHex(c.server_pk));
      const sig = blind25Sign(sk(c.signer), server, utf8(c.message_utf8));
      expect(toHex(sig)).toBe(c.signature);
      const { publicKey } = blind25KeyPair(sk(c.signer), server);
      expect(verifyBlindedSignature(sig, utf8(c.message_utf8), publicKey)).toBe(true);
      exercised++;
    });
  }

  it('07 version-blinded key pair', () => {
    const c = bl.version_blind07_keypair;
    expect(c.hash_key).toBe('VersionCheckKey_sig');
    const pair = versionBlindKeyPair(sk(c.signer));
    expect(toHex(pair.secretKey)).toBe(c.sk64);
    expect(toHex(pair.publicKey)).toBe(c.sk64.slice(64));
    exercised++;
  });
});

describe('sogs_request_signature (X-SOGS-* headers, §4.3)', () => {
  const r = v.sogs_request_signature;
  it('signs the documented bytes with the 15-blinded key', () => {
    expect(r.signer).toMatch(/^seed1\b/);
    const sk = asEd25519SecretKey(fromHex(v.blinding.seed1_ed25519_sk64));
    const req = {
      serverPk: asServerPublicKey(fromHex(r.server_pubkey)),
      nonce: fromHex(r.nonce_hex),
      timestampSeconds: r.timestamp,
      method: r.method,
      path: r.path,
      body: utf8(r.body_utf8),
    };
    const message = sogsSignedMessage(req);
    expect(toHex(message)).toBe(r.to_sign_hex);
    expect(toHex(message).endsWith(r.body_blake2b64_hex)).toBe(true);
    const headers = signSogsRequest(sk, req);
    expect(headers['X-SOGS-Pubkey']).toBe(r['X-SOGS-Pubkey']);
    expect(headers['X-SOGS-Nonce']).toBe(r.nonce_b64);
    expect(headers['X-SOGS-Timestamp']).toBe(String(r.timestamp));
    expect(headers['X-SOGS-Signature']).toBe(r['X-SOGS-Signature_b64']);
    expect(verifySogsRequest(headers, req)).toEqual({ ok: true });
    exercised++;
  });
});
