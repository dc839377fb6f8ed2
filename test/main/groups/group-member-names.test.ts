/**
 * A renamed group member's newest name reaches a member who is not an admin (member-names.ts):
 * their row in Group details, and our 1-to-1 conversation with them when we have one; never
 * undone by an older message read later, nor by a Members config that still has the old name.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityFromSeed, type Identity } from '../../../src/crypto/keys';
import { sodiumReady } from '../../../src/crypto/sodium';
import { encryptGroupMessage } from '../../../src/swarm/groups/group-message';
import { makeMemberAuthData } from '../../../src/swarm/groups/subaccount';
import { Namespace } from '../../../src/swarm/namespaces';
import type { VeilDatabase } from '../../../src/main/db';
import { buildNewGroup, type BuiltGroup } from '../../../src/main/groups/build-group';
import { groupConfigsFor, ingestGroupBatch } from '../../../src/main/groups/group-ingest';
import { encodeGroupPlaintext } from '../../../src/main/groups/group-wire';
import type { PolledMessage } from '../../../src/main/network';
import { freshDb, removeTempDirs } from '../db/helpers';

const NOW = 1_700_000_000_000;
const person = (): Identity => identityFromSeed(new Uint8Array(randomBytes(32)));

let ann: Identity;
let ben: Identity;
let cat: Identity;
let n = 0;

beforeAll(async () => {
  await sodiumReady();
  [ann, ben, cat] = [person(), person(), person()];
});
afterAll(removeTempDirs);

const polled = (namespace: number, data: Uint8Array): PolledMessage => {
  n++;
  return {
    hash: `hn${namespace}x${n}`.padEnd(43, 'A'),
    data,
    timestamp: NOW + n,
    expiration: undefined,
    namespace,
  } as PolledMessage;
};

/** A group message of `from` at `sentAt`, carrying the profile name `name`. */
const said = (built: BuiltGroup, from: Identity, sentAt: number, name: string): PolledMessage =>
  polled(
    Namespace.GroupMessages,
    encryptGroupMessage(
      encodeGroupPlaintext(sentAt, { dataMessage: { body: 'hi', profile: { displayName: name } } }),
      built.key,
      from.ed25519SecretKey,
    ),
  );

/** Ben's device (a member, not an admin) in Ann's group with Cat, whom Ben has as a contact. */
function bensDevice(): { db: VeilDatabase; built: BuiltGroup; groupId: string } {
  const built = buildNewGroup({
    name: 'Walks',
    admin: ann.sessionId,
    adminName: 'Ann',
    members: [ben.sessionId, cat.sessionId],
    memberNames: new Map([[cat.sessionId, 'Cat']]),
    nowMs: NOW,
  });
  const groupId = built.keyPair.groupId;
  const { db } = freshDb();
  db.groups.insert(
    { groupId, name: '', status: 'joined', authData: makeMemberAuthData(built.keyPair, ben.sessionId) },
    NOW,
  );
  db.conversations.ensureConversation({ id: cat.sessionId, type: 'private' }, NOW);
  db.conversations.updateConversation(cat.sessionId, { displayName: 'Cat', approved: true }, NOW);
  ingest(db, groupId, [
    polled(Namespace.GroupKeys, built.keys),
    polled(Namespace.GroupInfo, built.info),
    polled(Namespace.GroupMembers, built.membersConfig),
  ]);
  return { db, built, groupId };
}

function ingest(db: VeilDatabase, groupId: string, messages: PolledMessage[]) {
  const row = db.groups.get(groupId)!;
  const configs = groupConfigsFor(db, row, []);
  return db.transaction(() => ingestGroupBatch(db, ben, row, configs, messages, () => undefined));
}

const rowName = (db: VeilDatabase, groupId: string, who: Identity) =>
  db.groups.members(groupId).find((m) => m.sessionId === who.sessionId)?.name;
const contactName = (db: VeilDatabase, who: Identity) =>
  db.conversations.getConversation(who.sessionId)?.displayName;

describe("a group member's new name", () => {
  it('renames their row and our conversation with them, once, from their group message', () => {
    const { db, built, groupId } = bensDevice();
    expect(rowName(db, groupId, cat)).toBe('Cat');

    const renamed = ingest(db, groupId, [said(built, cat, NOW + 100, 'Catherine')]);
    expect(rowName(db, groupId, cat)).toBe('Catherine');
    expect(contactName(db, cat)).toBe('Catherine');
    expect(renamed.membersChanged).toBe(true);
    expect(renamed.renamedContacts).toEqual([cat.sessionId]);

    // The same name again (every message carries it): nothing written, nothing announced.
    const again = ingest(db, groupId, [said(built, cat, NOW + 200, 'Catherine')]);
    expect(again.membersChanged).toBe(false);
    expect(again.renamedContacts).toEqual([]);
    db.close();
  });

  it('is not undone by an older message read later, nor by a Members config with the old name', () => {
    const { db, built, groupId } = bensDevice();
    // Within one batch and across batches, the newest profile wins.
    ingest(db, groupId, [said(built, cat, NOW + 300, 'Catherine'), said(built, cat, NOW + 100, 'Cat')]);
    expect(rowName(db, groupId, cat)).toBe('Catherine');
    ingest(db, groupId, [said(built, cat, NOW + 200, 'Cat')]);
    expect(rowName(db, groupId, cat)).toBe('Catherine');
    expect(contactName(db, cat)).toBe('Catherine');

    // Ann edits Members for something else (Ben's status) while it still says "Cat".
    const bens = built.configs.members.get(ben.sessionId)!;
    built.configs.members.set({ ...bens, inviteStatus: 0 });
    ingest(db, groupId, [polled(Namespace.GroupMembers, built.configs.members.push().data)]);
    expect(db.groups.members(groupId).find((m) => m.sessionId === ben.sessionId)?.status).toBe('accepted');
    expect(rowName(db, groupId, cat)).toBe('Catherine');
    db.close();
  });

  it('names nobody from our own messages, and creates no conversation', () => {
    const { db, built, groupId } = bensDevice();
    const result = ingest(db, groupId, [
      said(built, ann, NOW + 100, 'Annie'),
      said(built, ben, NOW + 101, 'B'),
    ]);
    expect(rowName(db, groupId, ann)).toBe('Annie');
    expect(rowName(db, groupId, ben)).not.toBe('B');
    expect(db.conversations.getConversation(ann.sessionId)).toBeUndefined();
    expect(result.renamedContacts).toEqual([]);
    db.close();
  });
});
