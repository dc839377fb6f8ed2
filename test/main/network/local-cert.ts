/**
 * A self-signed certificate for a local HTTPS server (127.0.0.1), and its pins computed the way
 * desktop's seed constants were: for the transport's and the seed pinning's tests alike.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';
import type { CertificatePin } from '../../../src/main/network/https-transport';

export interface Pem {
  readonly cert: string;
  readonly key: string;
}

export async function selfSigned(): Promise<Pem> {
  const p = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    // RSA as the real seeds: Node's `cert.pubkey` (what desktop hashes) is the DER
    // SubjectPublicKeyInfo for RSA keys, but the bare point for EC keys.
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { cert: p.cert, key: p.private };
}

/** The three pins of a certificate (public key and certificate hashes), for `host`. */
export function pinOf(certPem: string, host = '127.0.0.1'): CertificatePin {
  const x = new X509Certificate(certPem);
  const spki = x.publicKey.export({ type: 'spki', format: 'der' });
  return {
    host,
    certPem,
    publicKeySha256: createHash('sha256').update(spki).digest('base64'),
    certSha256: x.fingerprint256,
  };
}
