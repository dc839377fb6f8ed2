/**
 * An AES-256-GCM onion reply (`nonce ‖ ciphertext ‖ tag`, hop-crypto.ts) deciphered as its
 * bytes arrive, in whatever pieces the socket cuts it. The transport hands each piece over
 * as it is read, and keeps none of them: a 10 MB download's 16 KB TLS records were all kept
 * until the end of the reply, long enough for the young generation's collections to copy and
 * promote them, so that only a full mark-compact freed them; now each is copied into the
 * 256 KB stage while it is still in the cache and dropped at once. The plaintext is given out
 * only by `finish()`, after the tag is checked: nothing unauthenticated leaves.
 */
import { createDecipheriv, type DecipherGCM } from 'node:crypto';
import type { HopCryptoError } from './hop-crypto-error';
import { err, ok, type Result } from './result';

const GCM_NONCE = 12;
const TAG = 16;
/**
 * Bytes deciphered per `update()`: each call costs a native call and a new Buffer beyond its
 * bytes, and the passes after this one (an attachment's MAC, digest and CBC) would pay the
 * same per piece for a socket's 16 KB records.
 */
const GROUP = 256 * 1024;

export class GcmReplyDecryptor {
  private readonly nonce = new Uint8Array(GCM_NONCE);
  private decipher: DecipherGCM | undefined;
  /** Received bytes not yet deciphered; its last TAG bytes may turn out to be the tag. */
  private stage: Buffer | undefined;
  private filled = 0;
  private total = 0;
  private readonly out: Uint8Array[] = [];
  private broken = false;

  constructor(private readonly key: Uint8Array) {}

  /** Bytes pushed so far. */
  get received(): number {
    return this.total;
  }

  /** The next bytes of the reply (read at once: the piece may be reused after this call). */
  push(piece: Uint8Array): void {
    let off = 0;
    if (this.total < GCM_NONCE) {
      const n = Math.min(GCM_NONCE - this.total, piece.length);
      this.nonce.set(piece.subarray(0, n), this.total);
      off = n;
    }
    this.total += piece.length;
    if (this.broken || this.total <= GCM_NONCE) return;
    if (!this.decipher) {
      // A wrong key is reported by finish(), in the order decryptWithHopKey reports it.
      if (this.key.length !== 32) {
        this.broken = true;
        return;
      }
      this.decipher = createDecipheriv('aes-256-gcm', this.key, this.nonce);
    }
    const decipher = this.decipher;
    this.stage ??= Buffer.allocUnsafeSlow(GROUP + TAG);
    const stage = this.stage;
    while (off < piece.length) {
      const n = Math.min(stage.length - this.filled, piece.length - off);
      stage.set(piece.subarray(off, off + n), this.filled);
      this.filled += n;
      off += n;
      if (this.filled === stage.length) {
        // `update()` returns new memory, so the stage is reused; the last TAG bytes are kept
        // back in case the reply ends here.
        this.out.push(decipher.update(stage.subarray(0, GROUP)));
        stage.copyWithin(0, GROUP, GROUP + TAG);
        this.filled = TAG;
      }
    }
  }

  /** The plaintext in parts once the tag is checked, or why not. Call once, after the last push. */
  finish(): Result<Uint8Array[], HopCryptoError> {
    if (this.total < GCM_NONCE + TAG)
      return err({ kind: 'too-short', message: `ciphertext of ${this.total} bytes` });
    if (this.key.length !== 32) return err({ kind: 'bad-key', message: 'symmetric key must be 32 bytes' });
    const decipher = this.decipher;
    const stage = this.stage;
    if (!decipher || !stage)
      return err({ kind: 'auth-failed', message: 'onion layer failed authentication' });
    try {
      decipher.setAuthTag(stage.subarray(this.filled - TAG, this.filled));
      if (this.filled > TAG) this.out.push(decipher.update(stage.subarray(0, this.filled - TAG)));
      const tail = decipher.final();
      if (tail.length > 0) this.out.push(tail);
      return ok(this.out);
    } catch {
      return err({ kind: 'auth-failed', message: 'onion layer failed authentication' });
    }
  }
}
