import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64, fromHex, toHex, utf8 } from '../../src/crypto/bytes';
import { sodium, sodiumReady } from '../../src/crypto/sodium';
import { computeMessageHash, isValidMessageHash } from '../../src/swarm/message-hash';
import { retrieveMaxSizes } from '../../src/swarm/namespaces';
import {
  batch,
  deleteAll,
  deleteHashes,
  expire,
  getExpiries,
  retrieve,
  rpcBody,
  storeAuthenticated,
  storeToInbox,
  type UserAuth,
} from '../../src/swarm/storage-requests';
import {
  signStorageMessage,
  signedString,
  subaccountRevokeMessage,
  verifyStorageSignature,
} from '../../src/swarm/storage-signing';
import { vector } from '../onion/helpers';

beforeAll(async () => {
  await sodiumReady();
});

describe('storage_message_hash_ns0', () => {
  it('BLAKE2b → unpadded base64, 43 chars', () => {
    const v = vector('storage_message_hash_ns0');
    const h = computeMessageHash(
      v.inputs.pubkey as string,
      v.inputs.namespace as number,
      fromBase64(v.inputs.data_base64 as string),
    );
    expect(h).toBe(v.expected.hash);
    expect(h.length).toBe(v.expected.hash_length);
    expect(isValidMessageHash(h)).toBe(true);
    // namespace changes the hash, prefix byte too
    expect(computeMessageHash(v.inputs.pubkey as string, 2, utf8('x'))).not.toBe(
      computeMessageHash(v.inputs.pubkey as string, 0, utf8('x')),
    );
  });
});

describe('storage_request_signatures_user', () => {
  const v = vector('storage_request_signatures_user');
  const ts = v.inputs.timestamp_ms as number;
  const strings = v.inputs.strings_utf8 as Record<string, string>;
  const sigs = v.expected.signature_base64 as Record<string, string>;
  const hashes = ['hash4321', 'hash4221'];

  it('builds every documented signed string', () => {
    const built: Record<string, string> = {
      retrieve_ns0: signedString.retrieve(0, ts),
      retrieve_ns2: signedString.retrieve(2, ts),
      store_ns3: signedString.store(3, ts),
      delete_all_all: signedString.deleteAll('all', ts),
      delete_hashes: signedString.delete(hashes),
      expire_extend: signedString.expire('extend', ts + 86_400_000, hashes),
      get_expiries: signedString.getExpiries(ts, hashes),
    };
    expect(Object.keys(strings).length).toBe(7);
    expect(built).toEqual(strings);
  });

  it('signs them to the expected base64 signatures', () => {
    const kp = sodium().crypto_sign_seed_keypair(fromHex(v.inputs.ed25519_seed_hex as string));
    expect(toHex(kp.publicKey)).toBe(v.expected.ed25519_pub_hex);
    expect(`05${toHex(sodium().crypto_sign_ed25519_pk_to_curve25519(kp.publicKey))}`).toBe(
      v.expected.session_id,
    );
    let n = 0;
    for (const [id, text] of Object.entries(strings)) {
      const sig = signStorageMessage(text, kp.privateKey);
      expect(sig).toBe(sigs[id]);
      expect(verifyStorageSignature(text, sig, kp.publicKey)).toBe(true);
      expect(verifyStorageSignature(text, sig.replace(/==$/, ''), kp.publicKey)).toBe(true);
      expect(verifyStorageSignature(`${text}x`, sig, kp.publicKey)).toBe(false);
      n++;
    }
    expect(n).toBe(7);
  });

  it('request builders carry the signatures and fields desktop sends', () => {
    const kp = sodium().crypto_sign_seed_keypair(fromHex(v.inputs.ed25519_seed_hex as string));
    const auth: UserAuth = {
      kind: 'user',
      sessionId: v.expected.session_id as string,
      ed25519SecretKey: kp.privateKey,
    };
    const ed = v.expected.ed25519_pub_hex as string;
    expect(retrieve({ auth, namespace: 0, lastHash: '', timestampMs: ts, maxSize: -2 }).params).toEqual({
      namespace: 0,
      pubkey: auth.sessionId,
      pubkey_ed25519: ed,
      signature: sigs.retrieve_ns0,
      timestamp: ts,
      last_hash: '',
      max_size: -2,
    });
    expect(
      storeAuthenticated({ auth, namespace: 3, timestampMs: ts, ttlMs: 1000, data: utf8('hi') }).params,
    ).toMatchObject({
      namespace: 3,
      signature: sigs.store_ns3,
      pubkey_ed25519: ed,
      data: 'aGk=',
    });
    const da = deleteAll({ auth, namespace: 'all', timestampMs: ts });
    expect(da.params).toMatchObject({
      signature: sigs.delete_all_all,
      namespace: 'all',
      pubkey_ed25519: ed.toUpperCase(),
    });
    expect(deleteHashes({ auth, hashes }).params).toMatchObject({
      signature: sigs.delete_hashes,
      messages: hashes,
    });
    expect(expire({ auth, hashes, expiryMs: ts + 86_400_000, mode: 'extend' }).params).toMatchObject({
      signature: sigs.expire_extend,
      extend: true,
      expiry: ts + 86_400_000,
    });
    expect(getExpiries({ auth, hashes, timestampMs: ts }).params).toMatchObject({
      signature: sigs.get_expiries,
    });
  });
});

describe('storage request shapes', () => {
  it('unsigned store to an inbox, batch wrapper, JSON-RPC body', () => {
    const s = storeToInbox({ recipient: `05${'ab'.repeat(32)}`, timestampMs: 1, ttlMs: 2, data: utf8('x') });
    expect(s.params).toEqual({
      pubkey: `05${'ab'.repeat(32)}`,
      timestamp: 1,
      namespace: 0,
      ttl: 2,
      data: 'eA==',
    });
    const b = batch('sequence', [s]);
    expect(JSON.parse(new TextDecoder().decode(rpcBody(b)))).toEqual({
      jsonrpc: '2.0',
      method: 'sequence',
      params: { requests: [s] },
    });
    expect(() => batch('batch', [])).toThrow();
    expect(() =>
      batch(
        'batch',
        Array.from({ length: 21 }, () => s),
      ),
    ).toThrow();
    expect(() => batch('batch', [b])).toThrow();
    expect(() =>
      storeToInbox({ recipient: '05', timestampMs: 1, ttlMs: 2, data: new Uint8Array(76_801) }),
    ).toThrow();
    expect(() => retrieve({ namespace: 0, lastHash: '', timestampMs: 1, pubkey: '05' })).toThrow();
    expect(retrieve({ namespace: -10, lastHash: '', timestampMs: 1, pubkey: '05aa' }).params).toMatchObject({
      pubkey: '05aa',
    });
  });

  it('subaccount revoke message is binary', () => {
    const m = subaccountRevokeMessage('revoke_subaccount', 5, [new Uint8Array(36).fill(1)]);
    expect(m.length).toBe('revoke_subaccount5'.length + 36);
    expect(() => subaccountRevokeMessage('revoke_subaccount', 5, [new Uint8Array(3)])).toThrow();
  });

  it('desktop max_size split for its own polls', () => {
    expect([...retrieveMaxSizes([0, 2, 3, 5, 4])]).toEqual([
      [0, -2],
      [2, -8],
      [3, -8],
      [5, -8],
      [4, -8],
    ]);
    expect([...retrieveMaxSizes([-11, 11, 13, 14, 12])]).toEqual([
      [11, -2],
      [-11, -8],
      [13, -8],
      [14, -8],
      [12, -8],
    ]);
  });
});
