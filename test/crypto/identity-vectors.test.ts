/**
 * Every vector of test/vectors/identity.json (the shared reference's, copied) that src/crypto
 * covers. Each vector id must be either handled here or listed in NOT_COVERED (with the
 * layer that owns it): a new or renamed vector makes this file fail instead of being skipped.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesEqual, fromHex, toHex, utf8 } from '../../src/crypto/bytes';
import {
  asEd25519SecretKey,
  ed25519KeyPairFromSeed,
  ed25519PublicKeyOf,
  ed25519PublicKeyToX25519,
  ed25519SecretKeyToX25519,
  identityFromSeed,
  asEd25519Seed,
  asSeed16,
  asX25519PublicKey,
  seed16ToEd25519Seed,
  sessionIdFromX25519,
} from '../../src/crypto/keys';
import {
  bytesToWords,
  decodeRecoveryPhrase,
  encodeRecoveryPhrase,
  wordIndex,
  wordsToBytes,
} from '../../src/crypto/recovery-phrase';
import { padMessage, padMessageLegacy, unpadMessage } from '../../src/crypto/padding';
import {
  decryptIncoming,
  encryptForRecipientDeterministic,
  signForRecipient,
} from '../../src/crypto/session-protocol';
import { parseSessionIdInput } from '../../src/crypto/session-id';
import {
  asServerPublicKey,
  blind15Ids,
  blind25Id,
  sessionIdMatchesBlindedId,
  versionBlindKeyPair,
} from '../../src/crypto/blinding';
import {
  asLegacyAttachmentKey,
  decryptLegacyAttachment,
  encryptLegacyAttachment,
  legacyPaddedSize,
  padLegacyAttachment,
} from '../../src/crypto/attachments-legacy';
import { streamEncryptedSize } from '../../src/crypto/attachments-stream';
import { asProfileKey, decryptProfileAvatar, encryptProfileAvatar } from '../../src/crypto/profile-avatar';
import { sodium, sodiumReady } from '../../src/crypto/sodium';
import type { Vector } from './vectors';
import { has, loadVectorFile, num, numArray, str } from './vectors';

const file = loadVectorFile('identity.json');

/** Vectors for other layers; the reason is printed in the report. */
const NOT_COVERED: Readonly<Record<string, string>> = {};

const b = (rec: Record<string, unknown>, key: string): Uint8Array => fromHex(str(rec, key));
const sk64FromSeed = (seedHex: string) => ed25519KeyPairFromSeed(asEd25519Seed(fromHex(seedHex))).secretKey;

const ERROR_KIND: Readonly<Record<string, string>> = {
  'checksum mismatch': 'checksum',
  'unknown word': 'unknown-word',
  'invalid value (overflow)': 'invalid-words',
};

function checkMnemonic(v: Vector): void {
  const { inputs, expected } = v;
  if (has(inputs, 'seed16_hex')) {
    const seed = asSeed16(b(inputs, 'seed16_hex'));
    const phrase = encodeRecoveryPhrase(seed);
    expect(phrase).toBe(str(expected, 'mnemonic'));
    const dec = decodeRecoveryPhrase(phrase);
    expect(dec.ok && toHex(dec.seed)).toBe(str(inputs, 'seed16_hex'));
    if (has(expected, 'checksum_word_is_copy_of_index')) {
      const words = phrase.split(' ');
      expect(words[num(expected, 'checksum_word_is_copy_of_index')]).toBe(words[12]);
    }
  } else if (has(inputs, 'seed_hex') || has(inputs, 'bytes_hex')) {
    const hex = str(inputs, has(inputs, 'seed_hex') ? 'seed_hex' : 'bytes_hex');
    const withChecksum = inputs.with_checksum !== false;
    const words = bytesToWords(fromHex(hex), withChecksum);
    if (has(expected, 'mnemonic')) expect(words.join(' ')).toBe(str(expected, 'mnemonic'));
    if (has(expected, 'words')) expect(words.join(' ')).toBe(str(expected, 'words'));
    if (has(expected, 'word_indices'))
      expect(words.map((w) => wordIndex(w))).toEqual(numArray(expected, 'word_indices'));
    if (has(expected, 'with_checksum_appended')) {
      expect(bytesToWords(fromHex(hex), true).join(' ')).toBe(str(expected, 'with_checksum_appended'));
    }
    if (has(expected, 'checksum_word_is_copy_of_index')) {
      expect(words[num(expected, 'checksum_word_is_copy_of_index')]).toBe(words.at(-1));
    }
    const back = wordsToBytes(words);
    expect(back.ok && toHex(back.value)).toBe(hex);
  } else if (has(inputs, 'mnemonic') && has(expected, 'seed16_hex')) {
    const dec = decodeRecoveryPhrase(str(inputs, 'mnemonic'));
    expect(dec.ok && toHex(dec.seed)).toBe(str(expected, 'seed16_hex'));
  } else if ((has(inputs, 'mnemonic') || has(inputs, 'words')) && has(expected, 'error')) {
    const kind = ERROR_KIND[str(expected, 'error')];
    expect(kind, `unmapped error text in ${v.id}`).toBeDefined();
    const res = has(inputs, 'mnemonic')
      ? decodeRecoveryPhrase(str(inputs, 'mnemonic'))
      : wordsToBytes(str(inputs, 'words').split(' '));
    expect(res.ok ? 'ok' : res.error.kind).toBe(kind);
  } else {
    throw new Error(`unrecognised mnemonic vector shape: ${v.id}`);
  }
}

function checkAccount(v: Vector): void {
  const { inputs, expected } = v;
  const id = identityFromSeed(b(inputs, 'seed16_hex'));
  expect(encodeRecoveryPhrase(asSeed16(b(inputs, 'seed16_hex')))).toBe(str(expected, 'mnemonic'));
  expect(toHex(seed16ToEd25519Seed(b(inputs, 'seed16_hex')))).toBe(str(expected, 'ed25519_seed32_hex'));
  expect(toHex(id.ed25519PublicKey)).toBe(str(expected, 'ed25519_pk_hex'));
  expect(toHex(id.ed25519SecretKey)).toBe(str(expected, 'ed25519_sk64_hex'));
  expect(toHex(id.x25519PublicKey)).toBe(str(expected, 'x25519_pk_hex'));
  expect(toHex(id.x25519SecretKey)).toBe(str(expected, 'x25519_sk_hex'));
  expect(id.sessionId).toBe(str(expected, 'session_id'));
  const parsed = parseSessionIdInput(str(expected, 'session_id').toUpperCase());
  expect(parsed.ok && parsed.sessionId).toBe(str(expected, 'session_id'));
}

function checkKeys(v: Vector): void {
  const { inputs, expected } = v;
  if (has(inputs, 'message_utf8')) {
    const kp = ed25519KeyPairFromSeed(asEd25519Seed(b(inputs, 'ed25519_seed32_hex')));
    expect(toHex(kp.publicKey)).toBe(str(expected, 'ed25519_pk_hex'));
    const sig = sodium().crypto_sign_detached(utf8(str(inputs, 'message_utf8')), kp.secretKey);
    expect(toHex(sig)).toBe(str(expected, 'signature_hex'));
    return;
  }
  const sk = asEd25519SecretKey(b(inputs, 'ed25519_sk64_hex'));
  if (has(expected, 'x25519_sk_hex'))
    expect(toHex(ed25519SecretKeyToX25519(sk))).toBe(str(expected, 'x25519_sk_hex'));
  if (has(expected, 'ed25519_pk_hex'))
    expect(toHex(ed25519PublicKeyOf(sk))).toBe(str(expected, 'ed25519_pk_hex'));
  if (has(expected, 'x25519_pk_hex')) {
    const xpk = ed25519PublicKeyToX25519(ed25519PublicKeyOf(sk));
    expect(xpk && toHex(xpk)).toBe(str(expected, 'x25519_pk_hex'));
    if (xpk) expect(sessionIdFromX25519(xpk)).toBe(str(expected, 'session_id'));
  }
}

function checkSessionProtocol(v: Vector): void {
  const { inputs, expected } = v;
  const senderSk = sk64FromSeed(str(inputs, 'sender_ed25519_seed32_hex'));
  const recipientPk = asX25519PublicKey(b(inputs, 'recipient_x25519_pk_hex'));
  const message = b(inputs, 'message_hex');
  if (has(expected, 'inner_blob_hex')) {
    const inner = signForRecipient(senderSk, recipientPk, message);
    expect(toHex(inner)).toBe(str(expected, 'inner_blob_hex'));
    // The signature inside must be over P ‖ A ‖ Y, the documented signed data.
    const sig = inner.slice(inner.length - 64);
    const signedData = b(expected, 'signed_data_hex');
    expect(sodium().crypto_sign_verify_detached(sig, signedData, ed25519PublicKeyOf(senderSk))).toBe(true);
    return;
  }
  const ct = encryptForRecipientDeterministic(senderSk, recipientPk, message);
  expect(toHex(ct)).toBe(str(expected, 'ciphertext_hex'));
  const recipientSk = sk64FromSeed(str(inputs, 'recipient_ed25519_seed32_hex'));
  expect(toHex(identityFromSeed(fromHex(str(inputs, 'recipient_ed25519_seed32_hex'))).x25519PublicKey)).toBe(
    str(inputs, 'recipient_x25519_pk_hex'),
  );
  const dec = decryptIncoming(recipientSk, b(expected, 'ciphertext_hex'));
  if (!dec.ok) throw new Error(`decrypt failed: ${dec.error.kind}`);
  expect(toHex(dec.plaintext)).toBe(str(expected, 'decrypted_message_hex'));
  expect(toHex(dec.senderEd25519)).toBe(str(expected, 'decrypted_sender_ed25519_pk_hex'));
  expect(dec.senderSessionId).toBe(str(expected, 'decrypted_sender_session_id'));
}

/** Crypto part only: Content → padded → sealed box → decrypted. The protobuf layers are elsewhere. */
function checkWireCrypto(v: Vector): void {
  const { inputs, expected } = v;
  const senderSk = sk64FromSeed(str(inputs, 'sender_ed25519_seed32_hex'));
  const recipientSk = sk64FromSeed(str(inputs, 'recipient_ed25519_seed32_hex'));
  const parsed = parseSessionIdInput(str(inputs, 'recipient_session_id'));
  if (!parsed.ok) throw new Error('recipient_session_id does not parse');
  const recipientPk = asX25519PublicKey(fromHex(parsed.sessionId.slice(2)));
  const padded = padMessage(b(expected, 'content_hex'));
  expect(toHex(padded)).toBe(str(expected, 'padded_content_hex'));
  const sealed = encryptForRecipientDeterministic(senderSk, recipientPk, padded);
  expect(toHex(sealed)).toBe(str(expected, 'sealed_box_hex'));
  // The sealed box sits verbatim inside the serialized Envelope and WebSocketMessage.
  expect(str(expected, 'envelope_hex')).toContain(str(expected, 'sealed_box_hex'));
  const dec = decryptIncoming(recipientSk, b(expected, 'sealed_box_hex'));
  if (!dec.ok) throw new Error(`decrypt failed: ${dec.error.kind}`);
  expect(toHex(dec.plaintext)).toBe(str(expected, 'content_hex'));
  expect(toHex(dec.senderEd25519)).toBe(str(expected, 'decoded_sender_ed25519_pk_hex'));
  expect(dec.senderSessionId).toBe(str(expected, 'decoded_sender_session_id'));
}

function checkPadding(v: Vector): void {
  const lengths = numArray(v.inputs, 'plaintext_lengths');
  const modern = numArray(v.expected, 'libsession_padded_lengths');
  const legacy = numArray(v.expected, 'legacy_desktop_padded_lengths');
  expect(modern).toHaveLength(lengths.length);
  expect(legacy).toHaveLength(lengths.length);
  lengths.forEach((len, i) => {
    const content = new Uint8Array(len).fill(0x41);
    const p1 = padMessage(content);
    const p2 = padMessageLegacy(content);
    expect(p1.length, `libsession pad of ${len}`).toBe(modern[i]);
    expect(p2.length, `legacy pad of ${len}`).toBe(legacy[i]);
    expect(bytesEqual(unpadMessage(p1), content)).toBe(true);
    expect(bytesEqual(unpadMessage(p2), content)).toBe(true);
  });
}

/** Community blinding (libsession tests/test_blinding.cpp); the 07 key from the secret key. */
function checkBlinding(v: Vector): void {
  const { inputs, expected } = v;
  if (v.id.startsWith('blind07-')) {
    const sk = asEd25519SecretKey(b(inputs, 'ed25519_sk64_hex'));
    const pair = versionBlindKeyPair(sk);
    expect(toHex(pair.publicKey)).toBe(str(expected, 'version_blinded_pk_hex'));
    expect(pair.id).toBe('07' + str(expected, 'version_blinded_pk_hex'));
    return;
  }
  const parsed = parseSessionIdInput(str(inputs, 'session_id'));
  if (!parsed.ok) throw new Error('session_id does not parse');
  const server = asServerPublicKey(b(inputs, 'server_pk_hex'));
  if (v.id.startsWith('blind25-')) {
    const want = str(expected, 'blinded25_id');
    expect(blind25Id(parsed.sessionId, server)).toBe(want);
    expect(sessionIdMatchesBlindedId(parsed.sessionId, want, server)).toBe(true);
  } else {
    const want = str(expected, 'blinded15_id');
    // The vector is the first (positive-sign) candidate.
    expect(blind15Ids(parsed.sessionId, server)?.[0]).toBe(want);
    expect(sessionIdMatchesBlindedId(parsed.sessionId, want, server)).toBe(true);
  }
}

/** Legacy AES-CBC + HMAC attachments (Desktop attachmentsEncrypter.ts / BufferPadding.ts). */
function checkLegacyAttachment(v: Vector): void {
  const { inputs, expected } = v;
  if (has(inputs, 'sizes')) {
    const sizes = numArray(inputs, 'sizes');
    const padded = numArray(expected, 'padded_sizes');
    expect(padded).toHaveLength(sizes.length);
    sizes.forEach((n, i) => {
      expect(legacyPaddedSize(n), `padded size of ${n}`).toBe(padded[i]);
    });
    // The padding bytes are zeros appended after the data.
    const p = padLegacyAttachment(new Uint8Array(542).fill(7));
    expect(p.length).toBe(padded[sizes.indexOf(542)]);
    expect(p.subarray(542).every((x) => x === 0)).toBe(true);
    return;
  }
  const key = asLegacyAttachmentKey(b(inputs, 'key64_hex'));
  const plaintext = b(inputs, 'plaintext_hex');
  // The vector encrypts the plaintext as is (no zero padding).
  const enc = encryptLegacyAttachment(plaintext, key, b(inputs, 'iv_hex'), { pad: false });
  expect(toHex(enc.encrypted)).toBe(str(expected, 'encrypted_hex'));
  expect(toHex(enc.digest)).toBe(str(expected, 'digest_hex'));
  const dec = decryptLegacyAttachment(b(expected, 'encrypted_hex'), key, b(expected, 'digest_hex'));
  expect(dec.ok && toHex(dec.data)).toBe(str(inputs, 'plaintext_hex'));
}

/** Stream attachments (libsession tests/test_attachment_encrypt.cpp): encrypted size only. */
function checkStreamAttachment(v: Vector): void {
  const sizes = numArray(v.inputs, 'sizes');
  const encrypted = numArray(v.expected, 'encrypted_sizes');
  expect(encrypted).toHaveLength(sizes.length);
  sizes.forEach((n, i) => {
    expect(streamEncryptedSize(n), `encrypted size of ${n}`).toBe(encrypted[i]);
  });
}

/** Legacy avatars (Desktop profileEncrypter.ts): AES-256-GCM, IV ‖ ciphertext ‖ tag. */
function checkProfileAvatar(v: Vector): void {
  const { inputs, expected } = v;
  const key = asProfileKey(b(inputs, 'profile_key_hex'));
  const blob = encryptProfileAvatar(b(inputs, 'plaintext_hex'), key, b(inputs, 'iv_hex'));
  expect(toHex(blob)).toBe(str(expected, 'encrypted_hex'));
  const dec = decryptProfileAvatar(b(expected, 'encrypted_hex'), key);
  expect(dec.ok && toHex(dec.data)).toBe(str(inputs, 'plaintext_hex'));
}

/** id prefix → handler, and how many vectors each handler must see (so none is silently skipped). */
const HANDLERS: readonly { prefix: string; count: number; run: (v: Vector) => void }[] = [
  { prefix: 'mnemonic-', count: 10, run: checkMnemonic },
  { prefix: 'account-', count: 4, run: checkAccount },
  { prefix: 'ed25519-sign-', count: 1, run: checkKeys },
  { prefix: 'ed-to-x25519-', count: 2, run: checkKeys },
  { prefix: 'session-protocol-', count: 2, run: checkSessionProtocol },
  { prefix: 'wire-1o1-', count: 1, run: checkWireCrypto },
  { prefix: 'padding-', count: 1, run: checkPadding },
  { prefix: 'blind25-id-', count: 1, run: checkBlinding },
  { prefix: 'blind15-id-', count: 1, run: checkBlinding },
  { prefix: 'blind07-', count: 1, run: checkBlinding },
  { prefix: 'attachment-legacy-', count: 2, run: checkLegacyAttachment },
  { prefix: 'attachment-stream-', count: 1, run: checkStreamAttachment },
  { prefix: 'profile-avatar-', count: 1, run: checkProfileAvatar },
];

describe('identity.json vectors', () => {
  beforeAll(async () => {
    await sodiumReady();
  });

  it('classifies every vector as covered or explicitly not covered', () => {
    const seen = new Map<string, number>();
    for (const v of file.vectors) {
      const h = HANDLERS.find((x) => v.id.startsWith(x.prefix));
      if (h) seen.set(h.prefix, (seen.get(h.prefix) ?? 0) + 1);
      else expect(NOT_COVERED[v.id], `vector ${v.id} is neither covered nor listed`).toBeDefined();
    }
    for (const h of HANDLERS) expect(seen.get(h.prefix) ?? 0, `vectors for ${h.prefix}`).toBe(h.count);
    const ids = new Set(file.vectors.map((v) => v.id));
    for (const id of Object.keys(NOT_COVERED))
      expect(ids.has(id), `stale NOT_COVERED entry ${id}`).toBe(true);
    expect(file.vectors).toHaveLength(28);
  });

  for (const v of file.vectors) {
    const h = HANDLERS.find((x) => v.id.startsWith(x.prefix));
    if (!h) continue;
    it(`${v.id}: ${v.description.slice(0, 70)}`, () => {
      h.run(v);
    });
  }
});
