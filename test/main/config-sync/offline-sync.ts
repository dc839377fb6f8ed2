import { generateSeed16, identityFromSeed, type Identity } from '../../../src/crypto/keys';
import { sodiumReady } from '../../../src/crypto/sodium';
import { ConfigSync } from '../../../src/main/config-sync';
import type { VeilDatabase } from '../../../src/main/db';
import { DomainBus } from '../../../src/main/domain/bus';
import { freshDb } from '../db/helpers';

/** A new account's identity, once libsodium is ready. */
export async function newIdentity(): Promise<Identity> {
  await sodiumReady();
  return identityFromSeed(generateSeed16());
}

/**
 * Config sync of `me` (named "Me") on `db`, a fresh database unless given, without a network: it
 * collects and applies when told (`flushLocalChanges`, `handleBatch`), never pushes by itself.
 */
export function offlineConfigSync(me: Identity, db: VeilDatabase = freshDb().db) {
  const bus = new DomainBus();
  const sync = new ConfigSync({
    db,
    identity: me,
    account: {
      displayName: () => 'Me',
      setDisplayName: () => undefined,
      status: () => ({ state: 'ready', sessionId: me.sessionId }) as never,
    },
    bus,
    network: undefined,
    poller: undefined,
    log: () => undefined,
  });
  return { db, bus, sync };
}
