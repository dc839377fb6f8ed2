import { afterAll, beforeAll } from 'vitest';
import type { Identity } from '../../../src/crypto/keys';
import type { VeilDatabase } from '../../../src/main/db';
import { freshDb, removeTempDirs } from '../db/helpers';
import { twoIdentities } from './helpers';

/** Us, the person we write to, and our database. */
export interface TwoPartyDb {
  db: VeilDatabase;
  me: Identity;
  them: Identity;
}

/**
 * The two fixed identities and one fresh database in its own folder, shared by a file's tests:
 * made before them, closed and removed after. Read the fields inside tests, not at collection.
 */
export function useTwoPartyDb(): TwoPartyDb {
  const p: Partial<TwoPartyDb> = {};
  beforeAll(async () => {
    [p.me, p.them] = await twoIdentities();
    p.db = freshDb().db;
  });
  afterAll(() => {
    p.db?.close();
    removeTempDirs();
  });
  return p as TwoPartyDb;
}
