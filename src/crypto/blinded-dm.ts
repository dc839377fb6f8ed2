/**
 * Community DMs ("blinded messages", sync-groups-communities.md §4.6): messages between two
 * blinded IDs of one community server, both `15` or both `25` (libsession refuses a mixed pair),
 * carried by its `/inbox`.
 *
 * Facts: libsession-util `src/session_encrypt.cpp` (`encrypt_for_blinded_recipient`,
 * `decrypt_from_blinded_recipient`, `blinded_shared_secret`); session-desktop
 * `ts/session/apis/open_group_api/sogsv3/sogsBlinding.ts` (`sharedBlindedEncryptionKey`,
 * `encryptBlindedMessage`, `decryptWithSessionBlindingProtocol`).
 *
 * - key: K = BLAKE2b-256(a·kB ‖ kA ‖ kB), kA the sender's and kB the recipient's blinded key, a
 *   our unblinded Ed25519 scalar and kB the other side's blinded key; the receiver computes b·kA,
 *   the same point, and hashes the keys in the same (sender, recipient) order. For 15 both sides
 *   share the blinding factor, so the plain scalar suffices; for 25 each side has its own factor
 *   and multiplies by its blinded scalar k·a instead (`blinded_shared_secret`: "kajB = kjaB");
 * - payload: 0x00 ‖ XChaCha20-Poly1305(plaintext ‖ sender Ed25519 pk, nonce, no AD) ‖ nonce(24);
 * - the receiver checks that blinding the enclosed Ed25519 key gives the sender's blinded ID (for
 *   15 either sign, as `decrypt_from_blinded_recipient` allows).
 *
 * Pure: the nonce is an argument.
 */
import { concatBytes, fromHex } from './bytes';
import type { Ed25519SecretKey, SessionId } from './keys';
import { ed25519PublicKeyOf, ed25519PublicKeyToX25519, sessionIdFromX25519 } from './keys';
import {
  blind15KeyPair,
  blind25KeyPair,
  blinded15IdFromEd25519,
  blinded15IdOf,
  blinded25IdFromEd25519,
  blinded25IdOf,
  isBlinded15Id,
  isBlinded25Id,
  type Blinded15Id,
  type Blinded25Id,
  type ServerPublicKey,
} from './blinding';
import { sodium } from './sodium';

export const BLINDED_DM_VERSION = 0x00;
export const BLINDED_DM_NONCE_BYTES = 24;
const TAG_BYTES = 16;
const ED_PK_BYTES = 32;

/** A DM peer: a 15- or a 25-blinded ID (our side uses the same kind). */
export type BlindedPeerId = Blinded15Id | Blinded25Id;

export type BlindedDmError = 'bad-version' | 'too-short' | 'bad-key' | 'undecryptable' | 'sender-mismatch';

export const isBlindedPeerId = (s: string): s is BlindedPeerId => isBlinded15Id(s) || isBlinded25Id(s);

/** Our own blinded ID of the same kind as `peer` (15 for 15, 25 for 25). */
export function ownBlindedIdFor(
  sk: Ed25519SecretKey,
  serverPk: ServerPublicKey,
  peer: BlindedPeerId,
): BlindedPeerId {
  return isBlinded25Id(peer)
    ? blinded25IdOf(blind25KeyPair(sk, serverPk))
    : blinded15IdOf(blind15KeyPair(sk, serverPk));
}

/**
 * The scalar that multiplies the other side's blinded key: a for 15 (same factor on both sides),
 * k·a for 25 (libsession `blinded_shared_secret`).
 */
function sharedScalar(sk: Ed25519SecretKey, serverPk: ServerPublicKey, kind25: boolean): Uint8Array {
  return kind25
    ? blind25KeyPair(sk, serverPk).secretScalar
    : sodium().crypto_sign_ed25519_sk_to_curve25519(sk);
}

/** K for the pair (sender, recipient), from either side's secret key; undefined for a bad point. */
function sharedKey(
  sk: Ed25519SecretKey,
  serverPk: ServerPublicKey,
  kind25: boolean,
  other: Uint8Array,
  senderBlinded: Uint8Array,
  recipientBlinded: Uint8Array,
): Uint8Array | undefined {
  const s = sodium();
  let point: Uint8Array;
  try {
    // Without clamping (libsodium `crypto_scalarmult_ed25519_noclamp`); throws for a bad point.
    point = s.crypto_scalarmult_ed25519_noclamp(sharedScalar(sk, serverPk, kind25), other);
  } catch {
    return undefined;
  }
  return s.crypto_generichash(32, concatBytes(point, senderBlinded, recipientBlinded), null);
}

/**
 * Encrypts `plaintext` (a padded Content) from us to the blinded `recipient` on `serverPk`, as
 * our blinded ID of the same kind. Undefined when the recipient's key is not a usable point.
 */
export function encryptBlindedDm(
  sk: Ed25519SecretKey,
  serverPk: ServerPublicKey,
  recipient: BlindedPeerId,
  plaintext: Uint8Array,
  nonce: Uint8Array,
): Uint8Array | undefined {
  if (nonce.length !== BLINDED_DM_NONCE_BYTES) throw new RangeError('nonce must be 24 bytes');
  const kind25 = isBlinded25Id(recipient);
  const kA = fromHex(ownBlindedIdFor(sk, serverPk, recipient).slice(2));
  const kB = fromHex(recipient.slice(2));
  const key = sharedKey(sk, serverPk, kind25, kB, kA, kB);
  if (!key) return undefined;
  const s = sodium();
  const inner = concatBytes(plaintext, ed25519PublicKeyOf(sk));
  const cipher = s.crypto_aead_xchacha20poly1305_ietf_encrypt(inner, null, null, nonce, key);
  return concatBytes(Uint8Array.of(BLINDED_DM_VERSION), cipher, nonce);
}

export interface OpenedBlindedDm {
  /** The padded Content. */
  readonly plaintext: Uint8Array;
  /** The sender's real Session ID (from the Ed25519 key inside). */
  readonly senderSessionId: SessionId;
  /** The sender's blinded ID on this server. */
  readonly sender: BlindedPeerId;
  /** The recipient's blinded ID on this server (the same kind). */
  readonly recipient: BlindedPeerId;
}

/** Whether the Ed25519 key found inside blinds to `sender` (15: either sign). */
function senderMatches(senderEd: Uint8Array, serverPk: ServerPublicKey, sender: BlindedPeerId): boolean {
  if (isBlinded25Id(sender)) return blinded25IdFromEd25519(senderEd, serverPk) === sender;
  const id = blinded15IdFromEd25519(senderEd, serverPk);
  if (id === undefined) return false;
  if (id === sender) return true;
  const key = fromHex(id.slice(2));
  key[31] = (key[31] ?? 0) ^ 0x80;
  return fromHex(sender.slice(2)).every((b, i) => b === key[i]);
}

/**
 * Opens a DM from the server's inbox (`outgoing` false: `sender` is the other side) or outbox
 * (`outgoing` true: we sent it to `recipient`). `peer` says the kind (15 or 25) of both sides.
 * Never throws on hostile bytes.
 */
export function decryptBlindedDm(
  sk: Ed25519SecretKey,
  serverPk: ServerPublicKey,
  data: Uint8Array,
  peer: string,
  outgoing: boolean,
): { ok: true; value: OpenedBlindedDm } | { ok: false; error: BlindedDmError } {
  if (data.length < 1 + TAG_BYTES + ED_PK_BYTES + BLINDED_DM_NONCE_BYTES)
    return { ok: false, error: 'too-short' };
  if (data[0] !== BLINDED_DM_VERSION) return { ok: false, error: 'bad-version' };
  const peerId = peer.toLowerCase();
  if (!isBlindedPeerId(peerId)) return { ok: false, error: 'bad-key' };
  const kind25 = isBlinded25Id(peerId);
  const ours = ownBlindedIdFor(sk, serverPk, peerId);
  const other = fromHex(peerId.slice(2));
  const sender = outgoing ? ours : peerId;
  const recipient = outgoing ? peerId : ours;
  const key = sharedKey(sk, serverPk, kind25, other, fromHex(sender.slice(2)), fromHex(recipient.slice(2)));
  if (!key) return { ok: false, error: 'bad-key' };
  const nonce = data.subarray(data.length - BLINDED_DM_NONCE_BYTES);
  const cipher = data.subarray(1, data.length - BLINDED_DM_NONCE_BYTES);
  let inner: Uint8Array;
  try {
    inner = sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(null, cipher, null, nonce, key);
  } catch {
    return { ok: false, error: 'undecryptable' };
  }
  if (inner.length < ED_PK_BYTES) return { ok: false, error: 'too-short' };
  const senderEd = inner.subarray(inner.length - ED_PK_BYTES);
  // The enclosed key must be the one the server saw sign: otherwise anyone could claim anyone.
  if (!senderMatches(senderEd, serverPk, sender)) return { ok: false, error: 'sender-mismatch' };
  const x = ed25519PublicKeyToX25519(senderEd);
  if (!x) return { ok: false, error: 'bad-key' };
  return {
    ok: true,
    value: {
      plaintext: inner.slice(0, inner.length - ED_PK_BYTES),
      senderSessionId: sessionIdFromX25519(x),
      sender,
      recipient,
    },
  };
}

/** Hex of our 15-blinded ID (for logs and stores that key by it). */
export function ownBlinded15Id(sk: Ed25519SecretKey, serverPk: ServerPublicKey): Blinded15Id {
  return blinded15IdOf(blind15KeyPair(sk, serverPk));
}
