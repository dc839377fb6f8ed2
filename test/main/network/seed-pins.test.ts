/**
 * Seed certificate pinning (network.md §1.1; session-desktop SeedNodeAPI.ts): a local HTTPS seed
 * with a self-signed certificate stands in for mainnet, which is never contacted. The bundled
 * mainnet pins are checked offline against the bundled certificates.
 */
import { X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinOf, selfSigned, type Pem } from './local-cert';
import { sodiumReady } from '../../../src/crypto/sodium';
import { fetchSeedPool } from '../../../src/main/network/seed-client';
import { MAINNET_SEED_PINS, pinnedPost, seedPinFor } from '../../../src/main/network/seed-pins';
import { MAINNET_SEED_URLS } from '../../../src/main/network/seed-client';

const node = (i: number) => ({
  public_ip: `10.0.0.${i + 1}`,
  storage_port: 20000 + i,
  pubkey_ed25519: i.toString(16).padStart(2, '0').repeat(32),
  pubkey_x25519: (i + 100).toString(16).padStart(2, '0').repeat(32),
  requested_unlock_height: 0,
});

function seedServer(pem: Pem): Promise<{ server: Server; url: string }> {
  const server = createServer({ cert: pem.cert, key: pem.key }, (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ result: { height: 1, service_node_states: [0, 1, 2].map(node) } }));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/` });
    });
  });
}

let right: Pem;
let wrong: Pem;
let seed: { server: Server; url: string };

beforeAll(async () => {
  await sodiumReady();
  [right, wrong] = await Promise.all([selfSigned(), selfSigned()]);
  seed = await seedServer(right);
}, 60_000);

afterAll(() => {
  seed.server.closeAllConnections();
  seed.server.close();
});

const post = { timeoutMs: 5_000, verifyTls: true } as const;

describe('mainnet seed pins', () => {
  it('bundles each seed certificate with the pins desktop has (2023-04-05 .. 2033-04-05)', () => {
    expect(MAINNET_SEED_PINS.map((p) => p.host)).toEqual(MAINNET_SEED_URLS.map((u) => new URL(u).hostname));
    for (const p of MAINNET_SEED_PINS) {
      const x = new X509Certificate(p.certPem);
      expect(pinOf(p.certPem, p.host)).toEqual(p);
      expect(x.checkHost(p.host)).toBe(p.host);
      expect(x.verify(x.publicKey)).toBe(true); // self-signed
      expect(new Date(x.validFrom).toISOString().slice(0, 10)).toBe('2023-04-05');
      expect(new Date(x.validTo).toISOString().slice(0, 10)).toBe('2033-04-05');
    }
  });

  it('pins only https URLs of pinned hosts', () => {
    expect(seedPinFor('https://seed2.getsession.org:4443/', MAINNET_SEED_PINS)?.host).toBe(
      'seed2.getsession.org',
    );
    expect(seedPinFor('http://seed2.getsession.org:38157', MAINNET_SEED_PINS)).toBeUndefined();
    expect(seedPinFor('http://127.0.0.1:1234/', MAINNET_SEED_PINS)).toBeUndefined();
    expect(seedPinFor('not a url', MAINNET_SEED_PINS)).toBeUndefined();
  });
});

describe('pinned seed requests (local HTTPS seed)', () => {
  it('accepts the pinned certificate and parses the pool', async () => {
    const pool = await fetchSeedPool({ seedUrls: [seed.url], pins: [pinOf(right.cert)], attempts: 1 });
    expect(pool.snodes.map((s) => s.port)).toEqual([20000, 20001, 20002]);
  });

  it('refuses a server whose certificate is not the pinned CA', async () => {
    await expect(pinnedPost(pinOf(wrong.cert), `${seed.url}json_rpc`, '{}', post)).rejects.toThrow();
    await expect(
      fetchSeedPool({ seedUrls: [seed.url], pins: [pinOf(wrong.cert)], attempts: 1 }),
    ).rejects.toThrow(/no seed node answered/);
  });

  it('refuses the right CA when the public-key pin differs', async () => {
    const pin = { ...pinOf(right.cert), publicKeySha256: pinOf(wrong.cert).publicKeySha256 };
    await expect(pinnedPost(pin, `${seed.url}json_rpc`, '{}', post)).rejects.toThrow(
      /public key .* does not match/,
    );
  });

  it('refuses the right CA and key when the certificate fingerprint differs', async () => {
    const pin = { ...pinOf(right.cert), certSha256: pinOf(wrong.cert).certSha256 };
    await expect(pinnedPost(pin, `${seed.url}json_rpc`, '{}', post)).rejects.toThrow(
      /certificate .* does not match/,
    );
  });

  it('refuses a certificate issued to another host name', async () => {
    const pin = pinOf(right.cert, 'localhost');
    const url = seed.url.replace('127.0.0.1', 'localhost');
    await expect(pinnedPost(pin, `${url}json_rpc`, '{}', post)).rejects.toThrow();
  });

  it('never sends a pinned host through another pin', async () => {
    await expect(
      pinnedPost(pinOf(right.cert, 'seed1.getsession.org'), `${seed.url}json_rpc`, '{}', post),
    ).rejects.toThrow(/not the pinned host/);
  });
});
