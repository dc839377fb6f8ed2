/**
 * A community DM's time in ms as Session desktop keeps it: the server's `posted_at` (seconds with
 * a fraction, microseconds on pysogs) floored, for the DMs we send (`sendMessageOnionV4BlindedRequest`)
 * and the ones polled from the inbox and outbox (`handleInboxOutboxMessages`) — never rounded up.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { toBase64 } from '../../../src/crypto/bytes';
import { encryptBlindedDm } from '../../../src/crypto/blinded-dm';
import {
  blind15KeyPair,
  blinded15IdOf,
  parseServerPublicKey,
  type ServerPublicKey,
} from '../../../src/crypto/blinding';
import { asEd25519Seed, ed25519KeyPairFromSeed } from '../../../src/crypto/keys';
import { sodiumReady } from '../../../src/crypto/sodium';
import type * as Api from '../../../src/main/communities/api';
import type { CommunityContext } from '../../../src/main/communities/context';
import { postDm } from '../../../src/main/communities/dm-send';
import { ingestDms } from '../../../src/main/communities/ingest';
import { contentBytes } from '../../../src/main/communities/post-codec';
import { addressOf } from '../../../src/main/communities/server-poller';
import { freshDb, removeTempDirs } from '../db/helpers';

/** The server's answer to `POST /inbox/:id`: posted 0.7 ms after a whole ms. */
const POSTED_AT = 1_700_000_000.1237;
const FLOORED = 1_700_000_000_123;

vi.mock('../../../src/main/communities/api', async (original) => ({
  ...(await original<typeof Api>()),
  sendDm: () => Promise.resolve({ id: 7, posted_at: POSTED_AT, sender: '', recipient: '' }),
}));

afterEach(removeTempDirs);

const BASE = 'http://127.0.0.1:1';
const PK = 'abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789';
const server = () => parseServerPublicKey(PK) as ServerPublicKey;
const key = (b: number) => ed25519KeyPairFromSeed(asEd25519Seed(new Uint8Array(32).fill(b))).secretKey;

describe('community DM times', () => {
  beforeAll(async () => {
    await sodiumReady();
  });

  it('a polled inbox or outbox DM keeps posted_at floored to the ms', () => {
    const { db } = freshDb();
    db.communities.addRoom(BASE, PK, 'lobby', 'Lobby', 1);
    const ann = key(1);
    const ben = key(2);
    const annId = blinded15IdOf(blind15KeyPair(ann, server()));
    const benId = blinded15IdOf(blind15KeyPair(ben, server()));
    const sealed = toBase64(
      encryptBlindedDm(ann, server(), benId, contentBytes('salut', 'Ann'), new Uint8Array(24).fill(1))!,
    );
    const row = { id: 4, posted_at: POSTED_AT, message: sealed, sender: annId, recipient: benId };
    // Ben's inbox, and the same DM in Ann's outbox.
    ingestDms(db, ben, addressOf(BASE, PK), [row], false, { dropped: 0 });
    const { db: annDb } = freshDb();
    annDb.communities.addRoom(BASE, PK, 'lobby', 'Lobby', 1);
    ingestDms(annDb, ann, addressOf(BASE, PK), [row], true, { dropped: 0 });
    expect(db.communities.dms()).toEqual([expect.objectContaining({ direction: 'in', sentAt: FLOORED })]);
    expect(annDb.communities.dms()).toEqual([expect.objectContaining({ direction: 'out', sentAt: FLOORED })]);
    db.close();
    annDb.close();
  });

  it('a DM we send takes the server’s posted_at floored to the ms', async () => {
    const { db } = freshDb();
    const row = db.communities.addRoom(BASE, PK, 'lobby', 'Lobby', 1);
    const ctx = {
      identity: () => ({ ed25519SecretKey: key(1) }),
      displayName: () => 'Ann',
      deps: { network: undefined, secretKey: () => key(1), nonce: () => new Uint8Array(16) },
    } as unknown as CommunityContext;
    const to = blinded15IdOf(blind15KeyPair(key(2), server()));
    expect(await postDm(ctx, row, to, 'salut')).toEqual({ serverId: 7, sentAt: FLOORED });
    db.close();
  });
});
