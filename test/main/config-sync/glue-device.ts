import type { Identity, SessionId } from '../../../src/crypto/keys';
import { Contacts, ConvoInfoVolatile, UserProfile } from '../../../src/swarm/config';
import type { GlueContext } from '../../../src/main/config-sync/apply';
import { freshDb } from '../db/helpers';

/** One device of `me` without a network: a fresh database, its three configs and a glue context. */
export function glueDevice(me: Identity, now: number) {
  const { db } = freshDb();
  const sk = me.ed25519SecretKey;
  const targets = {
    contacts: Contacts.create(sk),
    volatile: ConvoInfoVolatile.create(sk, () => now),
    profile: UserProfile.create(sk),
  };
  const ctx: GlueContext = { db, ownId: me.sessionId, now, known: new Set<SessionId>() };
  return { db, ctx, targets };
}
