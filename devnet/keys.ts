/** Per-node identity keys and TLS certificates, persisted in the node's data folder. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { generate } from 'selfsigned';
import { z } from 'zod';
import { sodium } from '../src/crypto/sodium';
import { fromHex, toHex } from '../src/crypto/bytes';

export interface NodeKeys {
  readonly edPub: Uint8Array;
  /** libsodium 64-byte secret key (seed ‖ pub). */
  readonly edSec: Uint8Array;
  readonly xPub: Uint8Array;
  readonly xSec: Uint8Array;
  readonly edHex: string;
  readonly xHex: string;
}

const KeyFile = z.object({ ed25519_seed: z.string().regex(/^[0-9a-f]{64}$/) });

/** Real service nodes derive their x25519 key from the Ed25519 key (oxend `get_service_keys`). */
export function keysFromSeed(seed: Uint8Array): NodeKeys {
  const s = sodium();
  const kp = s.crypto_sign_seed_keypair(seed);
  const xPub = s.crypto_sign_ed25519_pk_to_curve25519(kp.publicKey);
  const xSec = s.crypto_sign_ed25519_sk_to_curve25519(kp.privateKey);
  return {
    edPub: kp.publicKey,
    edSec: kp.privateKey,
    xPub,
    xSec,
    edHex: toHex(kp.publicKey),
    xHex: toHex(xPub),
  };
}

export function loadOrCreateKeys(dir: string): NodeKeys {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'keys.json');
  if (existsSync(file)) {
    const parsed = KeyFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return keysFromSeed(fromHex(parsed.data.ed25519_seed));
  }
  const seed = randomBytes(32);
  writeFileSync(file, JSON.stringify({ ed25519_seed: toHex(seed) }) + '\n', { mode: 0o600 });
  return keysFromSeed(seed);
}

export interface TlsMaterial {
  readonly key: string;
  readonly cert: string;
}

/** Self-signed EC certificate for 127.0.0.1 (clients never validate snode certificates). */
export async function loadOrCreateTls(dir: string): Promise<TlsMaterial> {
  mkdirSync(dir, { recursive: true });
  const keyFile = join(dir, 'tls.key');
  const certFile = join(dir, 'tls.crt');
  if (existsSync(keyFile) && existsSync(certFile)) {
    return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  }
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  writeFileSync(certFile, pems.cert);
  return { key: pems.private, cert: pems.cert };
}
