/**
 * The bare cryptographic work one message needs, done directly with libsodium and node:crypto:
 * what the app's CPU per message is compared with.
 *
 * Per message sent (twice: the recipient's copy and the sync copy for our own swarm, as Session
 * sends both): pad to 160 bytes, Ed25519 sign, crypto_box_seal; then one onion request of four
 * layers (three relays and the destination snode), each an X25519 key agreement, the ephemeral
 * public key, HMAC-SHA256 key derivation and AES-256-GCM; and the AES-GCM decryption of the reply.
 * Per message received: crypto_box_seal_open, the signature check, the sender's Ed25519 → X25519
 * conversion (its Session ID) and unpadding.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import sodium from 'libsodium-wrappers-sumo';
import type { BareResult } from '../lib/protocol';

const LAYERS = 4;
const COPIES_SENT = 2;

interface Keys {
  readonly senderSk: Uint8Array;
  readonly senderPk: Uint8Array;
  readonly recipientEdSk: Uint8Array;
  readonly recipientXPk: Uint8Array;
  readonly recipientXSk: Uint8Array;
  readonly nodes: readonly Uint8Array[];
}

function keys(): Keys {
  const sender = sodium.crypto_sign_keypair();
  const recipient = sodium.crypto_sign_keypair();
  return {
    senderSk: sender.privateKey,
    senderPk: sender.publicKey,
    recipientEdSk: recipient.privateKey,
    recipientXPk: sodium.crypto_sign_ed25519_pk_to_curve25519(recipient.publicKey),
    recipientXSk: sodium.crypto_sign_ed25519_sk_to_curve25519(recipient.privateKey),
    nodes: Array.from({ length: LAYERS }, () => sodium.crypto_scalarmult_base(randomBytes(32))),
  };
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function pad(content: Uint8Array): Uint8Array {
  const total = Math.ceil((content.length + 1) / 160) * 160;
  const out = new Uint8Array(total === content.length + 1 ? total + 160 : total);
  out.set(content);
  out[content.length] = 0x80;
  return out;
}

function unpad(padded: Uint8Array): Uint8Array {
  let i = padded.length - 1;
  while (i >= 0 && padded[i] === 0) i--;
  return padded.subarray(0, i);
}

function seal(k: Keys, content: Uint8Array): Uint8Array {
  const padded = pad(content);
  const sig = sodium.crypto_sign_detached(concat(padded, k.senderPk, k.recipientXPk), k.senderSk);
  return sodium.crypto_box_seal(concat(padded, k.senderPk, sig), k.recipientXPk);
}

function open(k: Keys, sealed: Uint8Array): Uint8Array {
  const inner = sodium.crypto_box_seal_open(sealed, k.recipientXPk, k.recipientXSk);
  const n = inner.length - 96;
  const padded = inner.subarray(0, n);
  const senderPk = inner.subarray(n, n + 32);
  const ok = sodium.crypto_sign_verify_detached(
    inner.subarray(n + 32),
    concat(padded, senderPk, k.recipientXPk),
    senderPk,
  );
  if (!ok) throw new Error('bare: signature did not verify');
  sodium.crypto_sign_ed25519_pk_to_curve25519(senderPk);
  return unpad(padded);
}

function gcmEncrypt(key: Uint8Array, plain: Uint8Array): Uint8Array {
  const nonce = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, nonce);
  return concat(nonce, c.update(plain), c.final(), c.getAuthTag());
}

function gcmDecrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  const d = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
  d.setAuthTag(data.subarray(data.length - 16));
  return concat(d.update(data.subarray(12, data.length - 16)), d.final());
}

/** Four layers, innermost first; returns the destination key (it decrypts the reply). */
function onion(k: Keys, payload: Uint8Array): Uint8Array {
  let inner = payload;
  let destinationKey: Uint8Array | undefined;
  for (const nodePk of k.nodes) {
    const eph = randomBytes(32);
    const shared = sodium.crypto_scalarmult(eph, nodePk);
    const ephPk = sodium.crypto_scalarmult_base(eph);
    const key = createHmac('sha256', 'LOKI').update(shared).digest();
    // ~100 bytes of routing JSON and framing per layer.
    inner = concat(gcmEncrypt(key, inner), ephPk, new Uint8Array(68));
    destinationKey ??= key;
  }
  if (!destinationKey) throw new Error('bare: no layer');
  return destinationKey;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Runs `fn` n times and returns CPU ms per run. */
function timed(n: number, fn: () => void): number {
  const start = cpuMs();
  for (let i = 0; i < n; i++) fn();
  return (cpuMs() - start) / n;
}

export async function bareOperations(
  n: number,
  payloadBytes: number,
  replyBytes: number,
): Promise<BareResult> {
  await sodium.ready;
  const k = keys();
  const content = randomBytes(120);
  const payload = randomBytes(payloadBytes);
  const replyKey = randomBytes(32);
  const reply = gcmEncrypt(replyKey, randomBytes(replyBytes));
  const sealed = seal(k, content);
  // Warm the JIT and libsodium's tables: the app has been running too.
  for (let i = 0; i < 20; i++) {
    open(k, seal(k, content));
    onion(k, payload);
  }
  const wallStart = performance.now();
  const perMessageMs = {
    'pad+sign+seal ×2': COPIES_SENT * timed(n, () => seal(k, content)),
    'onion 4 layers + reply ×2':
      COPIES_SENT *
      timed(n, () => {
        onion(k, payload);
        gcmDecrypt(replyKey, reply);
      }),
    'open+verify+unpad': timed(n, () => open(k, sealed)),
  };
  const total = Object.values(perMessageMs).reduce((a, b) => a + b, 0);
  return { n, cpuMs: total * n, wallMs: performance.now() - wallStart, perMessageMs };
}
