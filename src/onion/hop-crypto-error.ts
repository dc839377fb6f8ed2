/**
 * What a hop's key agreement or AEAD can fail with. Its own module so that the streaming reply
 * decryptor (gcm-reply.ts) and hop-crypto.ts, which uses that decryptor, need not import each
 * other (the layer's rule: no import cycle, type imports included).
 */
export interface HopCryptoError {
  readonly kind: 'bad-key' | 'too-short' | 'auth-failed';
  readonly message: string;
}
