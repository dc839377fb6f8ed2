/**
 * The devnet community server's X-SOGS authentication, as session-pysogs `sogs/routes/auth.py`
 * answers: signatures by 15- and 25-blinded keys accepted, bad ones 401, a reused nonce and a
 * timestamp outside ±24 h 425, malformed headers 400, unblinded `00` keys refused (blinding
 * required, as on today's servers).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fromHex, toBase64, toHex, utf8 } from '../../src/crypto/bytes';
import { sodium } from '../../src/crypto/sodium';
import { asServerPublicKey, blind15Sign, blind15KeyPair } from '../../src/crypto/blinding';
import { asEd25519SecretKey } from '../../src/crypto/keys';
import { vectorFileUrl } from '../vectors/files';
import { SogsUser, httpCall, toSign, useSogs } from './sogs-helpers';

const env = useSogs();

const Vectors = z.object({
  blinding: z.object({ seed1_ed25519_sk64: z.string() }),
  sogs_request_signature: z.object({
    server_pubkey: z.string(),
    nonce_hex: z.string(),
    timestamp: z.number(),
    method: z.string(),
    path: z.string(),
    body_utf8: z.string(),
    to_sign_hex: z.string(),
    'X-SOGS-Pubkey': z.string(),
    'X-SOGS-Signature_b64': z.string(),
  }),
});
const vectors = Vectors.parse(
  JSON.parse(readFileSync(vectorFileUrl('sync-groups-communities.json'), 'utf8')),
);

describe('request signing (reference vector)', () => {
  it('the test signer builds the vector bytes and signature', () => {
    const v = vectors.sogs_request_signature;
    const bytes = toSign(
      fromHex(v.server_pubkey),
      fromHex(v.nonce_hex),
      String(v.timestamp),
      v.method,
      v.path,
      utf8(v.body_utf8),
    );
    expect(toHex(bytes)).toBe(v.to_sign_hex);
    const sk = asEd25519SecretKey(fromHex(vectors.blinding.seed1_ed25519_sk64));
    const server = asServerPublicKey(fromHex(v.server_pubkey));
    expect(`15${toHex(blind15KeyPair(sk, server).publicKey)}`).toBe(v['X-SOGS-Pubkey']);
    expect(toBase64(blind15Sign(sk, server, bytes))).toBe(v['X-SOGS-Signature_b64']);
  });
});

describe('X-SOGS authentication', () => {
  it('capabilities announce blind; unmet requirements are 412 with `missing`', async () => {
    const { server } = env();
    const r = await httpCall(server.url, 'GET', '/capabilities');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ capabilities: ['blind', 'reactions', 'sogs'] });
    const m = await httpCall(server.url, 'GET', '/capabilities?required=sogs,magic');
    expect(m.status).toBe(412);
    expect(m.json).toEqual({ capabilities: ['blind', 'reactions', 'sogs'], missing: ['magic'] });
  });

  it.each(['15', '25'] as const)('a %s-blinded user posts and is known by that ID', async (kind) => {
    const { server } = env();
    const u = new SogsUser(server, kind);
    const r = await u.post('lobby', `hello from ${kind}`);
    expect(r.status).toBe(201);
    expect(z.object({ session_id: z.string() }).parse(r.json).session_id).toBe(u.id);
    expect(u.id.startsWith(kind)).toBe(true);
  });

  it('a wrong signature is 401; a signature over another path is 401', async () => {
    const { server } = env();
    const u = new SogsUser(server);
    const flip = (s: Uint8Array): Uint8Array => {
      const c = Uint8Array.from(s);
      c[10] = (c[10] ?? 0) ^ 1;
      return c;
    };
    expect((await u.call('GET', '/room/lobby/messages/recent', { tamper: flip })).status).toBe(401);
    const other = await u.call('GET', '/room/lobby/messages/recent', { signedPath: '/room/lobby' });
    expect(other.status).toBe(401);
    expect(other.text).toContain('X-SOGS-Signature verification failed');
  });

  it('a body changed after signing is 401', async () => {
    const { server } = env();
    const u = new SogsUser(server);
    const data = utf8('signed');
    const body = utf8(JSON.stringify({ data: toBase64(data), signature: toBase64(u.sign(data)) }));
    const headers = u.headersFor('POST', '/room/lobby/message', body);
    const forged = utf8(
      JSON.stringify({ data: toBase64(utf8('forged')), signature: toBase64(u.sign(data)) }),
    );
    const r = await httpCall(server.url, 'POST', '/room/lobby/message', forged, {
      ...headers,
      'Content-Type': 'application/json',
    });
    expect(r.status).toBe(401);
  });

  it('a replayed nonce is 425, even with a fresh signature', async () => {
    const { server } = env();
    const u = new SogsUser(server);
    const nonce = sodium().randombytes_buf(16);
    expect((await u.call('GET', '/room/lobby', { nonce })).status).toBe(200);
    const again = await u.call('GET', '/room/lobby', { nonce });
    expect(again.status).toBe(425);
    expect(again.text).toContain('Nonce cannot be reused');
    // Another user may use the same nonce (nonces are per user).
    expect((await new SogsUser(server).call('GET', '/room/lobby', { nonce })).status).toBe(200);
  });

  it('timestamps within ±24 h pass; beyond are 425', async () => {
    const { server } = env();
    const u = new SogsUser(server);
    const now = Math.floor(server.now());
    expect((await u.call('GET', '/room/lobby', { timestamp: now - 23 * 3600 })).status).toBe(200);
    expect((await u.call('GET', '/room/lobby', { timestamp: now + 23 * 3600 })).status).toBe(200);
    const stale = await u.call('GET', '/room/lobby', { timestamp: now - 25 * 3600 });
    expect(stale.status).toBe(425);
    expect(stale.text).toContain('too far from current time');
    expect((await u.call('GET', '/room/lobby', { timestamp: now + 25 * 3600 })).status).toBe(425);
  });

  it('malformed or partial headers are 400', async () => {
    const { server } = env();
    const u = new SogsUser(server);
    const h = u.headersFor('GET', '/room/lobby', undefined);
    const partial = { ...h };
    delete (partial as Record<string, string>)['X-SOGS-Nonce'];
    expect((await httpCall(server.url, 'GET', '/room/lobby', undefined, partial)).status).toBe(400);
    const cases: Record<string, string>[] = [
      { ...h, 'X-SOGS-Pubkey': `05${h['X-SOGS-Pubkey']?.slice(2) ?? ''}` },
      { ...h, 'X-SOGS-Pubkey': 'zz' },
      { ...h, 'X-SOGS-Nonce': 'AAAA' },
      { ...h, 'X-SOGS-Signature': 'AAAA' },
      { ...h, 'X-SOGS-Timestamp': 'soon' },
    ];
    for (const c of cases)
      expect((await httpCall(server.url, 'GET', '/room/lobby', undefined, c)).status).toBe(400);
  });

  it('unblinded 00 keys are refused while blinding is required', async () => {
    const { server } = env();
    const r = await new SogsUser(server, '00').call('GET', '/room/lobby');
    expect(r.status).toBe(400);
    expect(r.text).toContain('requires the use of blinded ids');
  });

  it('hex nonces are accepted too; the path signed is the decoded one', async () => {
    const { server } = env();
    const u = new SogsUser(server);
    const nonce = sodium().randombytes_buf(16);
    const h = u.headersFor('GET', '/room/lobby', undefined, { nonce });
    const r = await httpCall(server.url, 'GET', '/room/lobby', undefined, {
      ...h,
      'X-SOGS-Nonce': toHex(nonce),
    });
    expect(r.status).toBe(200);
  });
});
