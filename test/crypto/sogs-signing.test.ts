/** X-SOGS-* request signing properties (the shared vector is in test/swarm/config/vectors.test.ts). */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../../src/crypto/bytes';
import type { ServerPublicKey } from '../../src/crypto/blinding';
import { identityFromSeed } from '../../src/crypto/keys';
import { signSogsRequest, sogsSignedMessage, verifySogsRequest } from '../../src/crypto/sogs-signing';
import type { SogsHeaders, SogsRequest } from '../../src/crypto/sogs-signing';
import { sodium, sodiumReady } from '../../src/crypto/sodium';

beforeAll(async () => {
  await sodiumReady();
});

const request = fc.record({
  serverPk: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => b as ServerPublicKey),
  nonce: fc.uint8Array({ minLength: 16, maxLength: 16 }),
  timestampSeconds: fc.integer({ min: 0, max: 4_000_000_000 }),
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
  path: fc.string({ maxLength: 60 }).map((s) => '/room/' + s),
  body: fc.option(fc.uint8Array({ maxLength: 300 }), { nil: undefined }),
});

describe('SOGS request signing', () => {
  it('blinded and unblinded headers verify; another path, body or server does not', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        request,
        fc.boolean(),
        (seed, req, blinded) => {
          const { ed25519SecretKey } = identityFromSeed(seed);
          const headers = signSogsRequest(ed25519SecretKey, req, blinded);
          expect(headers['X-SOGS-Pubkey'].slice(0, 2)).toBe(blinded ? '15' : '00');
          expect(verifySogsRequest(headers, req)).toEqual({ ok: true });
          expect(verifySogsRequest(headers, { ...req, path: req.path + 'x' }).ok).toBe(false);
          expect(verifySogsRequest(headers, { ...req, body: Uint8Array.of(...(req.body ?? []), 1) }).ok).toBe(
            false,
          );
          const otherServer = Uint8Array.from(req.serverPk);
          otherServer[0] = (otherServer[0] ?? 0) ^ 1;
          expect(verifySogsRequest(headers, { ...req, serverPk: otherServer as ServerPublicKey }).ok).toBe(
            false,
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('an empty body is not hashed; a non-empty one adds its BLAKE2b-512', () => {
    const req: SogsRequest = {
      serverPk: new Uint8Array(32) as ServerPublicKey,
      nonce: new Uint8Array(16),
      timestampSeconds: 1,
      method: 'GET',
      path: '/r',
    };
    const bare = sogsSignedMessage(req);
    expect(toHex(sogsSignedMessage({ ...req, body: new Uint8Array() }))).toBe(toHex(bare));
    expect(bare.length).toBe(32 + 16 + 1 + 3 + 2);
    const withBody = sogsSignedMessage({ ...req, body: utf8('hello 🎂') });
    expect(toHex(withBody.subarray(bare.length))).toBe(
      toHex(sodium().crypto_generichash(64, utf8('hello 🎂'), null)),
    );
  });

  it('verification never throws on junk headers', () => {
    const req = {
      serverPk: new Uint8Array(32) as ServerPublicKey,
      method: 'GET',
      path: '/',
    };
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (pk, ts, nonce, sig) => {
        const headers: SogsHeaders = {
          'X-SOGS-Pubkey': pk,
          'X-SOGS-Timestamp': ts,
          'X-SOGS-Nonce': nonce,
          'X-SOGS-Signature': sig,
        };
        expect(verifySogsRequest(headers, req).ok).toBe(false);
      }),
    );
    const good = signSogsRequest(identityFromSeed(new Uint8Array(16)).ed25519SecretKey, {
      ...req,
      nonce: new Uint8Array(16),
      timestampSeconds: 5,
    });
    expect(verifySogsRequest({ ...good, 'X-SOGS-Timestamp': '05' }, req)).toEqual({
      ok: false,
      error: { kind: 'bad-timestamp' },
    });
    // pysogs also accepts the nonce in hex.
    expect(verifySogsRequest({ ...good, 'X-SOGS-Nonce': '00'.repeat(16) }, req)).toEqual({ ok: true });
  });
});
