/**
 * Blinding properties beyond the shared vectors (those are checked in identity-vectors.test.ts and
 * test/swarm/config/vectors.test.ts): what others derive from our Session ID matches our own key
 * pair, signatures verify, and malformed input from servers never throws.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8 } from '../../src/crypto/bytes';
import {
  blind15Ids,
  blind15KeyPair,
  blind15Sign,
  blind25Id,
  blind25KeyPair,
  blind25Sign,
  blinded15IdFromEd25519,
  blinded15IdOf,
  blinded25IdFromEd25519,
  blinded25IdOf,
  parseServerPublicKey,
  sessionIdMatchesBlindedId,
  verifyBlindedSignature,
  versionBlindKeyPair,
  versionSignRequest,
  x25519ToEd25519Positive,
} from '../../src/crypto/blinding';
import type { ServerPublicKey } from '../../src/crypto/blinding';
import type { SessionId } from '../../src/crypto/keys';
import { identityFromSeed } from '../../src/crypto/keys';
import { sodium, sodiumReady } from '../../src/crypto/sodium';

beforeAll(async () => {
  await sodiumReady();
});

const seed = fc.uint8Array({ minLength: 16, maxLength: 16 });
const server = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => b as ServerPublicKey);
const runs = { numRuns: 40 };

describe('blinded IDs', () => {
  it('X25519 → Ed25519 recovers our Ed25519 key up to its sign', () => {
    fc.assert(
      fc.property(seed, (s) => {
        const id = identityFromSeed(s);
        const ed = x25519ToEd25519Positive(id.x25519PublicKey);
        const abs = Uint8Array.from(id.ed25519PublicKey);
        abs[31] = (abs[31] ?? 0) & 0x7f;
        expect(toHex(ed)).toBe(toHex(abs));
      }),
      runs,
    );
  });

  it('15: our key pair is one of the two candidates others compute; 25: exactly theirs', () => {
    fc.assert(
      fc.property(seed, server, (s, srv) => {
        const id = identityFromSeed(s);
        const own15 = blinded15IdOf(blind15KeyPair(id.ed25519SecretKey, srv));
        expect(blind15Ids(id.sessionId, srv)).toContain(own15);
        expect(blinded15IdFromEd25519(id.ed25519PublicKey, srv)).toBe(own15);
        const own25 = blinded25IdOf(blind25KeyPair(id.ed25519SecretKey, srv));
        expect(blind25Id(id.sessionId, srv)).toBe(own25);
        expect(blinded25IdFromEd25519(id.ed25519PublicKey, srv)).toBe(own25);
        expect(sessionIdMatchesBlindedId(id.sessionId, own15, srv)).toBe(true);
        expect(sessionIdMatchesBlindedId(id.sessionId, own15.toUpperCase(), srv)).toBe(true);
        expect(sessionIdMatchesBlindedId(id.sessionId, own25, srv)).toBe(true);
      }),
      runs,
    );
  });

  it('does not match another Session ID, another server or another prefix', () => {
    fc.assert(
      fc.property(seed, seed, server, server, (s1, s2, srv1, srv2) => {
        fc.pre(toHex(s1) !== toHex(s2) && toHex(srv1) !== toHex(srv2));
        const a = identityFromSeed(s1);
        const b = identityFromSeed(s2);
        const id15 = blinded15IdOf(blind15KeyPair(a.ed25519SecretKey, srv1));
        const id25 = blinded25IdOf(blind25KeyPair(a.ed25519SecretKey, srv1));
        expect(sessionIdMatchesBlindedId(b.sessionId, id15, srv1)).toBe(false);
        expect(sessionIdMatchesBlindedId(b.sessionId, id25, srv1)).toBe(false);
        expect(sessionIdMatchesBlindedId(a.sessionId, id15, srv2)).toBe(false);
        expect(sessionIdMatchesBlindedId(a.sessionId, id25, srv2)).toBe(false);
        expect(sessionIdMatchesBlindedId(a.sessionId, '35' + id15.slice(2), srv1)).toBe(false);
      }),
      runs,
    );
  });

  it('never throws on junk IDs, keys or servers', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80 }),
        fc.string({ maxLength: 80 }),
        fc.uint8Array({ maxLength: 40 }),
        (a, b, srv) => {
          expect(typeof sessionIdMatchesBlindedId(a, b, srv)).toBe('boolean');
        },
      ),
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), server, (x, srv) => {
        const sid = ('05' + toHex(x)) as SessionId;
        // Random bytes are often not a point of the main subgroup: undefined, not an exception.
        const ids = blind15Ids(sid, srv);
        if (ids) expect(ids[0].slice(0, 2)).toBe('15');
        const id25 = blind25Id(sid, srv);
        if (id25) expect(id25.slice(0, 2)).toBe('25');
        expect(() => blinded15IdFromEd25519(x, srv)).not.toThrow();
        expect(() => blinded25IdFromEd25519(x, srv)).not.toThrow();
      }),
    );
    expect(blinded15IdFromEd25519(new Uint8Array(31), new Uint8Array(32) as ServerPublicKey)).toBeUndefined();
    // The identity point (small order) is refused by libsodium.
    const identity = new Uint8Array(32);
    identity[0] = 1;
    expect(blinded15IdFromEd25519(identity, new Uint8Array(32).fill(1) as ServerPublicKey)).toBeUndefined();
    expect(parseServerPublicKey('zz')).toBeUndefined();
    expect(parseServerPublicKey('AB'.repeat(32))).toEqual(fromHex('ab'.repeat(32)));
  });
});

describe('blinded signatures', () => {
  it('15 and 25 signatures verify as Ed25519 under kA and fail for other messages or keys', () => {
    fc.assert(
      fc.property(seed, server, fc.uint8Array({ maxLength: 200 }), (s, srv, msg) => {
        const id = identityFromSeed(s);
        for (const [sign, pair] of [
          [blind15Sign, blind15KeyPair(id.ed25519SecretKey, srv)],
          [blind25Sign, blind25KeyPair(id.ed25519SecretKey, srv)],
        ] as const) {
          const sig = sign(id.ed25519SecretKey, srv, msg);
          expect(verifyBlindedSignature(sig, msg, pair.publicKey)).toBe(true);
          expect(sodium().crypto_sign_verify_detached(sig, msg, pair.publicKey)).toBe(true);
          expect(verifyBlindedSignature(sig, Uint8Array.of(...msg, 0), pair.publicKey)).toBe(false);
          expect(verifyBlindedSignature(sig, msg, id.ed25519PublicKey)).toBe(false);
          // Deterministic.
          expect(toHex(sign(id.ed25519SecretKey, srv, msg))).toBe(toHex(sig));
        }
      }),
      runs,
    );
  });

  it('verification never throws on junk', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), fc.uint8Array({ maxLength: 40 }), (sig, pk) => {
        expect(verifyBlindedSignature(sig, utf8('m'), pk)).toBe(false);
      }),
    );
  });
});

describe('07 version key', () => {
  it('signs timestamp ‖ METHOD ‖ path ‖ body with the 07 key', () => {
    const id = identityFromSeed(new Uint8Array(16).fill(3));
    const pair = versionBlindKeyPair(id.ed25519SecretKey);
    expect(pair.id).toBe('07' + toHex(pair.publicKey));
    const sig = versionSignRequest(
      id.ed25519SecretKey,
      1700000000,
      'GET',
      '/session_version?platform=desktop',
    );
    expect(
      sodium().crypto_sign_verify_detached(
        sig,
        utf8('1700000000GET/session_version?platform=desktop'),
        pair.publicKey,
      ),
    ).toBe(true);
    expect(() => versionSignRequest(id.ed25519SecretKey, 1.5, 'GET', '/')).toThrow(RangeError);
  });
});
