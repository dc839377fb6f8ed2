import { fromHex } from '../../../src/crypto/bytes';
import { asEd25519Seed, ed25519KeyPairFromSeed } from '../../../src/crypto/keys';
import type { Ed25519SecretKey } from '../../../src/crypto/keys';
import type { ConfigBase, IncomingConfig } from '../../../src/swarm/config';

/** The seed of libsession's tests/test_config_userprofile.cpp (also in our vector file). */
export const UPSTREAM_SEED = '0123456789abcdef0123456789abcdef00000000000000000000000000000000';

export function secretKeyFromSeedHex(hex: string): Ed25519SecretKey {
  return ed25519KeyPairFromSeed(asEd25519Seed(fromHex(hex))).secretKey;
}

/** A tiny swarm namespace: hash → data, with deletes. */
export class FakeNamespace {
  private next = 0;
  readonly items = new Map<string, Uint8Array>();
  /** The highest seqno any device has pushed. */
  maxSeqno = 0n;
  store(data: Uint8Array): string {
    const hash = `h${this.next++}`;
    this.items.set(hash, data);
    return hash;
  }
  all(): IncomingConfig[] {
    return [...this.items].map(([hash, data]) => ({ hash, data }));
  }
  /** What a client does after polling: push if needed, store, delete obsolete, confirm. */
  pushFrom(c: ConfigBase): void {
    if (!c.needsPush()) return;
    const p = c.push();
    if (BigInt(p.seqno) > this.maxSeqno) this.maxSeqno = BigInt(p.seqno);
    const hash = this.store(p.data);
    for (const h of p.obsoleteHashes) this.items.delete(h);
    c.confirmPushed(p.seqno, hash);
  }
}
