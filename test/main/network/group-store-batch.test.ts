/**
 * A group's messages (signed stores into namespace 11) share onion requests as inbox stores do
 * (issue #15: one request per group message made a group message cost 1.2× a 1-to-1 one), and
 * each keeps its own answer: a store whose signature the swarm refuses fails alone.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../../devnet/index';
import { sodium } from '../../../src/crypto/sodium';
import { toHex } from '../../../src/crypto/bytes';
import type { NetworkClient } from '../../../src/main/network/network-client';
import { NetworkError } from '../../../src/main/network/errors';
import { retrieveEach, storeSignedQueued } from '../../../src/main/network/swarm-api';
import type { StorageAuth } from '../../../src/swarm/storage-requests';
import { bytes, clientOn, devnet } from './helpers';

const GROUP_MESSAGES = 11;
const TTL = 14 * 24 * 3600_000;

let net: Devnet;
let client: NetworkClient;
const stores: string[] = [];

beforeAll(async () => {
  net = await devnet();
  client = clientOn(net, {
    onAttempt: (a) => {
      if (a.method === 'store') stores.push(a.associatedWith ?? '');
    },
  });
  await client.start();
}, 30_000);
afterAll(async () => {
  await client.stop();
  await net.stop();
});

function newGroup(): { groupId: string; admin: StorageAuth } {
  const kp = sodium().crypto_sign_seed_keypair(new Uint8Array(randomBytes(32)));
  return {
    groupId: `03${toHex(kp.publicKey)}`,
    admin: { kind: 'group-admin', ed25519SecretKey: kp.privateKey },
  };
}

describe("a group's messages", () => {
  it('asked for in one turn leave in one request, each with its own hash, all retrievable', async () => {
    const { groupId, admin } = newGroup();
    const bodies = Array.from({ length: 6 }, (_, i) => `group message ${i}`);
    stores.length = 0;
    const stored = await Promise.all(
      bodies.map((b) =>
        storeSignedQueued(client, {
          pubkey: groupId,
          auth: admin,
          namespace: GROUP_MESSAGES,
          data: bytes(b),
          ttlMs: TTL,
        }),
      ),
    );
    // One request per message before; a loaded machine may retry the batch, never split it.
    expect(stores.length).toBeLessThan(bodies.length);
    expect(new Set(stored.map((s) => s.hash)).size).toBe(bodies.length);
    const target = stored[0]?.target;
    if (!target) throw new Error('no target');
    const [got] = await retrieveEach(client, groupId, target, [
      { namespace: GROUP_MESSAGES, lastHash: '', auth: admin },
    ]);
    if (!got?.ok) throw new Error(`retrieve refused: ${JSON.stringify(got)}`);
    expect(got.messages.map((m) => new TextDecoder().decode(m.data)).sort()).toEqual([...bodies].sort());
  });

  it('a store the swarm refuses (a forged member signature) fails alone; the others are stored', async () => {
    const { groupId, admin } = newGroup();
    const forged: StorageAuth = {
      kind: 'group-member',
      groupId,
      authData: new Uint8Array(randomBytes(100)),
      ed25519SecretKey: sodium().crypto_sign_seed_keypair(new Uint8Array(randomBytes(32))).privateKey,
    };
    const store = (auth: StorageAuth, text: string) =>
      storeSignedQueued(client, {
        pubkey: groupId,
        auth,
        namespace: GROUP_MESSAGES,
        data: bytes(text),
        ttlMs: TTL,
      });
    const [a, bad, b] = await Promise.allSettled([
      store(admin, 'first'),
      store(forged, 'forged'),
      store(admin, 'last'),
    ]);
    expect(a.status).toBe('fulfilled');
    expect(b.status).toBe('fulfilled');
    expect(bad.status).toBe('rejected');
    if (bad.status === 'rejected') {
      expect(bad.reason).toBeInstanceOf(NetworkError);
      expect((bad.reason as NetworkError).code).toBe('unauthorized');
    }
  });
});
