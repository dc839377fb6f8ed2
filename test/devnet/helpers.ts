/** Raw HTTPS helpers for the devnet conformance tests (no client code involved). */
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { z } from 'zod';
import { vectorFileUrl } from '../vectors/files';
import { toHex } from '../../src/crypto/bytes';
import { sodium, sodiumReady } from '../../src/crypto/sodium';
import { signStorageMessage } from '../../src/swarm/storage-signing';
import { startDevnet, type Devnet, type DevnetOptions } from '../../devnet/index';

export interface RawReply {
  status: number;
  contentType: string;
  body: Buffer;
  text: string;
  json: unknown;
}

export function rawPost(
  url: string,
  body: Uint8Array | string,
  timeoutMs = 10_000,
  headers: Record<string, string> = {},
): Promise<RawReply> {
  const u = new URL(url);
  const fn = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = fn(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        rejectUnauthorized: false,
        headers,
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const b = Buffer.concat(chunks);
          const text = b.toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'] ?? '',
            body: b,
            text,
            json,
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
    req.end(typeof body === 'string' ? body : Buffer.from(body));
  });
}

export async function rpc(
  nodeUrl: string,
  method: string,
  params: Record<string, unknown>,
): Promise<RawReply> {
  return rawPost(`${nodeUrl}/storage_rpc/v1`, JSON.stringify({ jsonrpc: '2.0', method, params }));
}

export function obj(v: unknown): Record<string, unknown> {
  return z.record(z.string(), z.unknown()).parse(v);
}

const vectorsUrl = vectorFileUrl('network.json');
const Vectors = z.object({
  vectors: z.array(z.looseObject({ id: z.string(), inputs: z.unknown(), expected: z.unknown() })),
});

export function vector(id: string): { inputs: Record<string, unknown>; expected: Record<string, unknown> } {
  const all = Vectors.parse(JSON.parse(readFileSync(vectorsUrl, 'utf8')));
  const v = all.vectors.find((x) => x.id === id);
  if (!v) throw new Error(`no vector ${id}`);
  return { inputs: obj(v.inputs), expected: obj(v.expected) };
}

/** A test account: Ed25519 key, its 05 Session ID, and a signer for storage requests. */
export interface Account {
  edPub: Uint8Array;
  edSec: Uint8Array;
  sessionId: string;
  edHex: string;
  sign(msg: string): string;
}

export function account(seed: Uint8Array): Account {
  const s = sodium();
  const kp = s.crypto_sign_seed_keypair(seed);
  const x = s.crypto_sign_ed25519_pk_to_curve25519(kp.publicKey);
  return {
    edPub: kp.publicKey,
    edSec: kp.privateKey,
    sessionId: `05${toHex(x)}`,
    edHex: toHex(kp.publicKey),
    sign: (msg) => signStorageMessage(msg, kp.privateKey),
  };
}

export function randomAccount(): Account {
  return account(sodium().randombytes_buf(32));
}

/**
 * Boots one devnet for the test file (in `beforeAll`, stopped in `afterAll`) and returns its
 * getter, which fails clearly when the boot itself failed.
 */
export function useDevnet(opts: DevnetOptions): () => Devnet {
  let net: Devnet | undefined;
  beforeAll(async () => {
    await sodiumReady();
    const started = performance.now();
    net = await startDevnet(opts);
    console.log(
      `devnet: ${net.nodes().length} nodes booted in ${Math.round(performance.now() - started)} ms`,
    );
  }, 30_000);
  afterAll(async () => {
    await net?.stop();
  });
  return () => {
    if (!net) throw new Error('the devnet did not start');
    return net;
  };
}

/** A mutable test clock. */
export function testClock(start: number): {
  now: () => number;
  set: (t: number) => void;
  advance: (ms: number) => void;
} {
  let t = start;
  return { now: () => t, set: (v) => (t = v), advance: (ms) => (t += ms) };
}
