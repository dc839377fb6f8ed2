/**
 * The protocol's own passes over an attachment's bytes, besides the bare AES-CBC + HMAC of the
 * legacy scheme, measured the way the client must and does make them:
 * - the SHA-256 digest of the blob (the legacy pointer's `digest`, checked by every receiver);
 * - one AES-256-GCM pass per onion layer: up, four (the three relays and the file server:
 *   session-desktop `uploadFileToFsWithOnionV4` over a 3-hop path); down, one (the file
 *   server's reply is encrypted with the destination key only, relays pass it back as is);
 * - one pass of the TLS record cipher to or from the guard, with the cipher the guard actually
 *   negotiated with this client (`getCipher()` on a connection like the client's).
 * Each pass streams 256 KB slices through one cipher, as the client does: a whole-file
 * `update()` allocates a fresh 10 MB output, whose page faults and collection are the client's
 * overhead, not the protocol's (they doubled a GCM pass here: ≈ 8 ms whole against ≈ 3.5 ms in
 * slices, load 8 on 2 cores).
 */
import { createCipheriv, createHash, type CipherGCMTypes } from 'node:crypto';
import { connect, type TLSSocket } from 'node:tls';

const SLICE = 256 * 1024;

/** AEAD names of node:crypto for the TLS 1.3 / 1.2 suites a guard may pick. */
export type RecordCipher = CipherGCMTypes | 'chacha20-poly1305';

/** The record cipher of a TLS suite name (`TLS_AES_256_GCM_SHA384`, `ECDHE-…-AES128-GCM-…`). */
export function recordCipherOf(suite: string): RecordCipher | undefined {
  const s = suite.toUpperCase().replace(/-/g, '_');
  if (s.includes('AES_256_GCM') || s.includes('AES256_GCM')) return 'aes-256-gcm';
  if (s.includes('AES_128_GCM') || s.includes('AES128_GCM')) return 'aes-128-gcm';
  if (s.includes('CHACHA20')) return 'chacha20-poly1305';
  return undefined;
}

/**
 * The suite a guard negotiates with this process's TLS defaults (those of the client's
 * agents: no cipher list of ours, certificate not checked as for every service node).
 */
export function negotiatedSuite(host: string, port: number): Promise<{ name: string; version: string }> {
  return new Promise((resolve, reject) => {
    const socket: TLSSocket = connect({ host, port, rejectUnauthorized: false }, () => {
      const c = socket.getCipher();
      socket.end();
      resolve({ name: c.standardName, version: c.version });
    });
    socket.setTimeout(10_000, () => {
      socket.destroy();
      reject(new Error('TLS handshake with the guard timed out'));
    });
    socket.on('error', reject);
  });
}

/** One AEAD pass over `bytes` in slices (encrypting; decrypting costs the same work). */
export function aeadPass(cipher: RecordCipher, bytes: Uint8Array): void {
  const key = new Uint8Array(cipher === 'aes-128-gcm' ? 16 : 32);
  const nonce = new Uint8Array(12);
  const c =
    cipher === 'chacha20-poly1305'
      ? createCipheriv(cipher, key, nonce, { authTagLength: 16 })
      : createCipheriv(cipher, key, nonce);
  for (let off = 0; off < bytes.length; off += SLICE) c.update(bytes.subarray(off, off + SLICE));
  c.final();
}

/** SHA-256 over the blob (the digest), in one call as the client hashes its parts. */
export function digestPass(bytes: Uint8Array): void {
  createHash('sha256').update(bytes).digest();
}
