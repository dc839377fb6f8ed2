/**
 * Test-side SOGS clients for the devnet community server tests. Requests are signed here, from
 * the reference (sync-groups-communities.md §4.3, checked against the `sogs_request_signature`
 * vector in sogs-auth.test.ts), with the blinding primitives of src/crypto (themselves checked
 * against the blinding vectors) — never with the app's community code.
 */
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { concatBytes, toBase64, toHex, utf8 } from '../../src/crypto/bytes';
import { sodium, sodiumReady } from '../../src/crypto/sodium';
import {
  asServerPublicKey,
  blind15KeyPair,
  blind15Sign,
  blind25KeyPair,
  blind25Sign,
} from '../../src/crypto/blinding';
import { asEd25519SecretKey } from '../../src/crypto/keys';
import { startSogs, type SogsServer } from '../../devnet/sogs/server';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  text: string;
  json: unknown;
}

export function httpCall(
  base: string,
  method: string,
  path: string,
  body?: Uint8Array,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: u.hostname, port: u.port, path, method, headers, agent: false, timeout: 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const b = Buffer.concat(chunks);
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h[k] = v;
          let json: unknown;
          try {
            json = JSON.parse(b.toString('utf8'));
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: h, body: b, text: b.toString('utf8'), json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
    req.end(body ? Buffer.from(body) : undefined);
  });
}

/** The bytes signed for X-SOGS-Signature (§4.3): pk ‖ nonce ‖ ts ‖ METHOD ‖ path[?query] ‖ H(body). */
export function toSign(
  serverPk: Uint8Array,
  nonce: Uint8Array,
  ts: string,
  method: string,
  pathWithQuery: string,
  body: Uint8Array | undefined,
): Uint8Array {
  const parts = [serverPk, nonce, utf8(ts), utf8(method), utf8(pathWithQuery)];
  if (body && body.length > 0) parts.push(sodium().crypto_generichash(64, body, null));
  return concatBytes(...parts);
}

export type KeyKind = '15' | '25' | '00';

export interface CallOptions {
  readonly json?: unknown;
  readonly body?: Uint8Array;
  readonly headers?: Record<string, string>;
  readonly nonce?: Uint8Array;
  /** Seconds; the server clock by default. */
  readonly timestamp?: number;
  /** Mutate the signature (bad-signature tests). */
  readonly tamper?: (sig: Uint8Array) => Uint8Array;
  /** Path that is signed, when it differs from the one requested (URL-encoded requests). */
  readonly signedPath?: string;
  readonly unsigned?: boolean;
}

/** A community user: an Ed25519 key seen through one key kind on one server. */
export class SogsUser {
  readonly edSec: Uint8Array;
  readonly id: string;
  private readonly keyHex: string;

  constructor(
    readonly server: { url: string; pk: Uint8Array; now: () => number },
    readonly kind: KeyKind = '15',
    seed: Uint8Array = new Uint8Array(randomBytes(32)),
  ) {
    const s = sodium();
    this.edSec = s.crypto_sign_seed_keypair(seed).privateKey;
    const sk = asEd25519SecretKey(this.edSec);
    const spk = asServerPublicKey(server.pk);
    if (kind === '15') this.keyHex = toHex(blind15KeyPair(sk, spk).publicKey);
    else if (kind === '25') this.keyHex = toHex(blind25KeyPair(sk, spk).publicKey);
    else this.keyHex = toHex(this.edSec.subarray(32));
    this.id =
      kind === '00'
        ? `05${toHex(s.crypto_sign_ed25519_pk_to_curve25519(this.edSec.subarray(32)))}`
        : kind + this.keyHex;
  }

  sign(msg: Uint8Array): Uint8Array {
    const sk = asEd25519SecretKey(this.edSec);
    const spk = asServerPublicKey(this.server.pk);
    if (this.kind === '15') return blind15Sign(sk, spk, msg);
    if (this.kind === '25') return blind25Sign(sk, spk, msg);
    return sodium().crypto_sign_detached(msg, this.edSec);
  }

  headersFor(
    method: string,
    path: string,
    body: Uint8Array | undefined,
    o: CallOptions = {},
  ): Record<string, string> {
    const nonce = o.nonce ?? new Uint8Array(randomBytes(16));
    const ts = String(o.timestamp ?? Math.floor(this.server.now()));
    let sig = this.sign(toSign(this.server.pk, nonce, ts, method, o.signedPath ?? path, body));
    if (o.tamper) sig = o.tamper(sig);
    return {
      'X-SOGS-Pubkey': `${this.kind}${this.keyHex}`,
      'X-SOGS-Timestamp': ts,
      'X-SOGS-Nonce': toBase64(nonce),
      'X-SOGS-Signature': toBase64(sig),
    };
  }

  call(method: string, path: string, o: CallOptions = {}): Promise<Reply> {
    const body = o.json !== undefined ? utf8(JSON.stringify(o.json)) : o.body;
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.json !== undefined) headers['Content-Type'] = 'application/json';
    if (!o.unsigned) Object.assign(headers, this.headersFor(method, path, body, o));
    return httpCall(this.server.url, method, encodePath(path), body, headers);
  }

  /** A signed post of `text` (the data need not be a real Content for the server). */
  post(room: string, text: string, extra: Record<string, unknown> = {}): Promise<Reply> {
    const data = utf8(text);
    return this.call('POST', `/room/${room}/message`, {
      json: { data: toBase64(data), signature: toBase64(this.sign(data)), ...extra },
    });
  }
}

/** URL-encodes non-ASCII path characters (the signature covers the decoded path). */
export function encodePath(p: string): string {
  return p.replace(/[^\x21-\x7e]+/g, (s) => encodeURIComponent(s));
}

/** Boots one standalone devnet community server for a test file (a temp data folder). */
export function useSogs(): () => {
  sogs: SogsServer;
  server: { url: string; pk: Uint8Array; now: () => number };
  dir: string;
} {
  let sogs: SogsServer | undefined;
  let dir = '';
  beforeAll(async () => {
    await sodiumReady();
    dir = mkdtempSync(join(tmpdir(), 'veil-sogs-'));
    sogs = await startSogs(dir, Date.now);
  });
  afterAll(async () => {
    await sogs?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!sogs) throw new Error('the community server did not start');
    return { sogs, server: { url: sogs.url, pk: sogs.keys.xPub, now: () => Date.now() / 1000 }, dir };
  };
}
