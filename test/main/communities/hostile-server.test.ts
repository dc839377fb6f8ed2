/**
 * A server that answers garbage: malformed pages are refused as a whole by their schema, and
 * DMs that are not base64, not sealed for us, or claim another sender are dropped one by one.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toBase64 } from '../../../src/crypto/bytes';
import {
  blind15KeyPair,
  blinded15IdOf,
  parseServerPublicKey,
  type ServerPublicKey,
} from '../../../src/crypto/blinding';
import { encryptBlindedDm } from '../../../src/crypto/blinded-dm';
import { asEd25519Seed, ed25519KeyPairFromSeed } from '../../../src/crypto/keys';
import { sodiumReady } from '../../../src/crypto/sodium';
import { dmsSchema, messagesSchema } from '../../../src/main/communities/api';
import { ingestDms } from '../../../src/main/communities/ingest';
import { addressOf } from '../../../src/main/communities/server-poller';
import { contentBytes } from '../../../src/main/communities/post-codec';
import { freshDb, removeTempDirs } from '../db/helpers';

afterEach(removeTempDirs);

const PK = 'abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789';
const server = () => parseServerPublicKey(PK) as ServerPublicKey;
const key = (b: number) => ed25519KeyPairFromSeed(asEd25519Seed(new Uint8Array(32).fill(b))).secretKey;

describe('a hostile community server', () => {
  beforeAll(async () => {
    await sodiumReady();
  });

  it('refuses pages of the wrong shape', () => {
    for (const garbage of [
      null,
      'x',
      {},
      [{}],
      [{ id: -1 }],
      [{ id: 1, data: 5 }],
      Array(600).fill({ id: 1 }),
    ])
      expect(messagesSchema.safeParse(garbage).success).toBe(false);
    expect(dmsSchema.safeParse([{ id: 1 }]).success).toBe(false);
  });

  it('drops DMs that are garbage, sealed for someone else or from a lying sender', () => {
    const { db } = freshDb();
    db.communities.addRoom('http://127.0.0.1:1', PK, 'lobby', 'Lobby', 1);
    const ann = key(1);
    const ben = key(2);
    const eve = key(3);
    const annId = blinded15IdOf(blind15KeyPair(ann, server()));
    const benId = blinded15IdOf(blind15KeyPair(ben, server()));
    const eveId = blinded15IdOf(blind15KeyPair(eve, server()));
    const seal = (from: typeof ann, to: typeof benId) =>
      toBase64(
        encryptBlindedDm(from, server(), to, contentBytes('salut', 'Ann'), new Uint8Array(24).fill(1))!,
      );
    const row = (id: number, message: string, sender: string) => ({
      id,
      posted_at: 1_700_000_000,
      message,
      sender,
      recipient: benId,
    });
    const counters = { dropped: 0 };
    const r = ingestDms(
      db,
      ben,
      addressOf('http://127.0.0.1:1', PK),
      [
        row(1, '!!!not base64', annId),
        row(2, seal(ann, eveId), annId), // sealed for Eve
        row(3, seal(eve, benId), annId), // the server says Ann, Eve wrote it
        row(4, seal(ann, benId), annId), // the real one
      ],
      false,
      counters,
    );
    expect(counters.dropped).toBe(3);
    expect(r.stored).toBe(1);
    expect(db.communities.dms()).toEqual([
      expect.objectContaining({ serverId: 4, peer: annId, body: 'salut', direction: 'in' }),
    ]);
    // A replayed poll stores nothing twice.
    expect(
      ingestDms(
        db,
        ben,
        addressOf('http://127.0.0.1:1', PK),
        [row(4, seal(ann, benId), annId)],
        false,
        counters,
      ).stored,
    ).toBe(0);
    db.close();
  });
});
