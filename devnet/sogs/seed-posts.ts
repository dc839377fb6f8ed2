/**
 * Seeding a room with many posts at once (control API `POST /sogs/rooms/<token>/seed`), for large-room
 * tests and benchmarks. Each post is what a client would send (sync-groups-communities.md §4.5): a
 * protobuf `Content { dataMessage (1) { body (1), quote (8)?, profile (101) { displayName (1) } } }`, padded
 * (0x80 then zeros to a multiple of 160, minus one), signed with Ed25519 by a seed author whose
 * `15…` ID is that key — a blinded key verifies as a plain Ed25519 key, so receivers accept it.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { concatBytes, toHex, utf8 } from '../../src/crypto/bytes';
import { sodium } from '../../src/crypto/sodium';
import type { Messages } from './messages';
import type { Room, SogsStore } from './store';

function varint(n: number): Uint8Array {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Uint8Array.from(out);
}

/** A length-delimited protobuf field (wire type 2). */
function field(no: number, value: Uint8Array): Uint8Array {
  return concatBytes(varint(no * 8 + 2), varint(value.length), value);
}

/** A reply's quote as Session writes it: `Quote { id (1) uint64 ms, author (2) }`. */
export interface SeedQuote {
  readonly id: number;
  readonly author: string;
}

export function contentWithBody(body: string, displayName: string, quote?: SeedQuote): Uint8Array {
  const profile = field(101, field(1, utf8(displayName)));
  const quoted = quote
    ? field(8, concatBytes(Uint8Array.of(0x08), varint(quote.id), field(2, utf8(quote.author))))
    : new Uint8Array(0);
  return field(1, concatBytes(field(1, utf8(body)), quoted, profile));
}

/** Session's legacy message padding (§4.5). */
export function padLegacy(data: Uint8Array): Uint8Array {
  const size = Math.ceil((data.length + 2) / 160) * 160 - 1;
  const out = new Uint8Array(size);
  out.set(data);
  out[data.length] = 0x80;
  return out;
}

export interface SeedResult {
  readonly author: string;
  readonly first: number;
  readonly last: number;
  readonly messageSequence: number;
}

/**
 * Inserts `count` signed posts by one fresh author in a single transaction; `posted` times are spread
 * one second apart ending now, oldest first, so paging by id and by time agree.
 */
export function seedPosts(
  store: SogsStore,
  messages: Messages,
  room: Room,
  count: number,
  text: string,
  quote?: SeedQuote,
): SeedResult {
  const kp = sodium().crypto_sign_keypair();
  const author = `15${toHex(kp.publicKey)}`;
  // node's native Ed25519 signs 10 000 posts far faster than libsodium.js.
  const key = createPrivateKey({
    key: {
      kty: 'OKP',
      crv: 'Ed25519',
      d: Buffer.from(kp.privateKey.subarray(0, 32)).toString('base64url'),
      x: Buffer.from(kp.publicKey).toString('base64url'),
    },
    format: 'jwk',
  });
  const now = store.now();
  const posts = Array.from({ length: count }, (_, i) => {
    const data = padLegacy(contentWithBody(`${text} ${i + 1}`, 'Seeder', quote));
    return { data, signature: new Uint8Array(sign(null, data, key)), posted: now - (count - i) };
  });
  return store.tx(() => {
    const user = store.userVivify(author);
    const { first, last } = messages.insertMany(room, user, posts);
    return { author, first, last, messageSequence: store.roomById(room.id).message_sequence };
  });
}
