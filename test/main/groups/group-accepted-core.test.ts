/**
 * Issue #18, members' invite status in Members (`I`) without a network: an admin's poll counts
 * a member as joined from an approving invite response or from any chat message while Members
 * still has them invited (desktop `inviteResponseReceived` / `handleMessageFromPendingMember`),
 * never from a declining response, a stranger, a removed member or an admin; what is left to
 * write to Members is kept durably (pending-member-writes.ts) and settled only for what was written.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { generateSeed16, identityFromSeed, type Identity } from '../../../src/crypto/keys';
import { sodiumReady } from '../../../src/crypto/sodium';
import { InviteStatus, RemovedStatus } from '../../../src/swarm/groups/configs';
import { encodeGroupUpdate } from '../../../src/swarm/groups/control-messages';
import { encryptGroupMessage } from '../../../src/swarm/groups/group-message';
import { Namespace } from '../../../src/swarm/namespaces';
import type { ContentMessage } from '../../../src/swarm/messages/index';
import { buildNewGroup, type BuiltGroup } from '../../../src/main/groups/build-group';
import type { AdminContext } from '../../../src/main/groups/admin/admin-context';
import { saveGroupConfigs } from '../../../src/main/groups/admin/config-dumps';
import { MemberProfiles } from '../../../src/main/groups/admin/member-profiles';
import {
  addPending,
  hasPending,
  readPending,
  settlePending,
} from '../../../src/main/groups/admin/pending-member-writes';
import { groupConfigsFor, ingestGroupBatch } from '../../../src/main/groups/group-ingest';
import { encodeGroupPlaintext } from '../../../src/main/groups/group-wire';
import { NetworkError, type PolledMessage } from '../../../src/main/network';
import type { VeilDatabase } from '../../../src/main/db';
import { freshDb, removeTempDirs } from '../db/helpers';

const NOW = 1_700_000_000_000;
let ann: Identity;
let ben: Identity;
let cat: Identity;
let dan: Identity;
let eve: Identity;

beforeAll(async () => {
  await sodiumReady();
  [ann, ben, cat, dan, eve] = Array.from({ length: 5 }, () => identityFromSeed(generateSeed16())) as [
    Identity,
    Identity,
    Identity,
    Identity,
    Identity,
  ];
});
afterAll(removeTempDirs);

let n = 0;
function message(built: BuiltGroup, from: Identity, content: ContentMessage): PolledMessage {
  n++;
  return {
    hash: `h11x${n}`.padEnd(43, 'A'),
    data: encryptGroupMessage(encodeGroupPlaintext(NOW + n, content), built.key, from.ed25519SecretKey),
    timestamp: NOW + n,
    expiration: undefined,
    namespace: Namespace.GroupMessages,
  } as PolledMessage;
}

const response = (isApproved: boolean): ContentMessage => ({
  dataMessage: { groupUpdateMessage: encodeGroupUpdate({ inviteResponse: { isApproved } }) },
});
const chat = (body: string): ContentMessage => ({
  dataMessage: { body, profile: { displayName: body.toUpperCase() } },
});

/** Ann's device as the group's admin: Ben, Cat, Dan invited (Dan then removed), Eve a stranger. */
function adminDevice(): { db: VeilDatabase; built: BuiltGroup } {
  const built = buildNewGroup({
    name: 'Walks',
    admin: ann.sessionId,
    adminName: 'Ann',
    members: [ben.sessionId, cat.sessionId, dan.sessionId],
    nowMs: NOW,
  });
  const dan_ = built.configs.members.get(dan.sessionId)!;
  built.configs.members.set({ ...dan_, removedStatus: RemovedStatus.Removed });
  const { db } = freshDb();
  const groupId = built.keyPair.groupId;
  db.groups.insert({ groupId, name: 'Walks', status: 'joined', adminSeed: built.keyPair.seed }, NOW);
  db.groups.addKey(groupId, { generation: built.generation, key: built.key, timestamp: NOW });
  saveGroupConfigs(db, groupId, built.configs);
  db.groups.setMembers(groupId, [
    { sessionId: ann.sessionId, name: 'Ann', admin: true, status: 'accepted' },
    { sessionId: ben.sessionId, name: '', admin: false, status: 'sent' },
    { sessionId: cat.sessionId, name: '', admin: false, status: 'sent' },
    { sessionId: dan.sessionId, name: '', admin: false, status: 'removed' },
  ]);
  return { db, built };
}

function ingest(db: VeilDatabase, built: BuiltGroup, messages: PolledMessage[]) {
  const row = db.groups.get(built.keyPair.groupId)!;
  const configs = groupConfigsFor(db, row, [built.key]);
  return db.transaction(() => ingestGroupBatch(db, ann, row, configs, messages, () => undefined));
}

const statusOf = (db: VeilDatabase, built: BuiltGroup, who: Identity) =>
  db.groups.members(built.keyPair.groupId).find((m) => m.sessionId === who.sessionId)?.status;

describe('an admin learns who joined', () => {
  it('from an approving response or a chat message of a pending member, not from others', () => {
    const { db, built } = adminDevice();
    const result = ingest(db, built, [
      message(built, ben, response(false)),
      message(built, cat, chat('hello')),
      message(built, dan, chat('still here?')),
      message(built, eve, chat('let me in')),
      message(built, ann, chat('my own')),
    ]);
    expect(result.accepted).toEqual([cat.sessionId]);
    expect(statusOf(db, built, cat)).toBe('accepted');
    // A declined invitation is still only an invitation; a removed member stays removed.
    expect(statusOf(db, built, ben)).toBe('sent');
    expect(statusOf(db, built, dan)).toBe('removed');
    expect(result.membersChanged).toBe(true);

    const approved = ingest(db, built, [
      message(built, ben, response(true)),
      message(built, ben, chat('hi')),
    ]);
    expect(approved.accepted).toEqual([ben.sessionId]);
    expect(statusOf(db, built, ben)).toBe('accepted');
    db.close();
  });

  it('asks nothing more once Members has them accepted (a chat message is the common case)', () => {
    const { db, built } = adminDevice();
    const cat_ = built.configs.members.get(cat.sessionId)!;
    built.configs.members.set({ ...cat_, inviteStatus: InviteStatus.Accepted });
    saveGroupConfigs(db, built.keyPair.groupId, built.configs);
    // Known by the name the message carries (a new one renames the row: member-names.ts).
    db.groups.setMemberName(built.keyPair.groupId, cat.sessionId, 'AGAIN');
    const result = ingest(db, built, [message(built, cat, chat('again'))]);
    expect(result.accepted).toEqual([]);
    expect(result.membersChanged).toBe(false);
    db.close();
  });

  it('a member of the group (not an admin) records no acceptance', () => {
    const { db, built } = adminDevice();
    const groupId = built.keyPair.groupId;
    const { db: benDb } = freshDb();
    benDb.groups.insert({ groupId, name: 'Walks', status: 'joined' }, NOW);
    benDb.groups.addKey(groupId, { generation: built.generation, key: built.key, timestamp: NOW });
    saveGroupConfigs(benDb, groupId, built.configs);
    const row = benDb.groups.get(groupId)!;
    const result = benDb.transaction(() =>
      ingestGroupBatch(
        benDb,
        ben,
        row,
        groupConfigsFor(benDb, row, [built.key]),
        [message(built, cat, chat('hello'))],
        () => undefined,
      ),
    );
    expect(result.accepted).toEqual([]);
    benDb.close();
    db.close();
  });
});

describe('pending Members writes', () => {
  const G = `03${'ab'.repeat(32)}`;
  it('are kept across polls, newest profile per member, and settled only for what was written', () => {
    const { db } = freshDb();
    expect(hasPending(db, G)).toBe(false);
    const key = new Uint8Array(32).fill(9);
    const b = ben.sessionId;
    const c = cat.sessionId;
    expect(
      addPending(db, G, [b], [{ member: b, sentAt: 5, name: 'Ben', picture: { url: 'http://f/1', key } }]),
    ).toBe(true);
    addPending(db, G, [b, c], [{ member: b, sentAt: 3, name: 'Old Ben', picture: undefined }]);
    const taken = readPending(db, G);
    expect(taken.accepted).toEqual([b, c]);
    expect(taken.profiles).toEqual([
      { member: b, sentAt: 5, name: 'Ben', picture: { url: 'http://f/1', key } },
    ]);
    // A poll adds while the write travels: what it brought stays for the next write.
    addPending(db, G, [], [{ member: b, sentAt: 9, name: 'Benjamin', picture: null }]);
    addPending(db, G, [dan.sessionId], []);
    settlePending(db, G, taken);
    expect(readPending(db, G)).toEqual({
      accepted: [dan.sessionId],
      profiles: [{ member: b, sentAt: 9, name: 'Benjamin', picture: null }],
    });
    // An empty poll adds nothing, and tells whether something is still to write.
    expect(addPending(db, G, [], [])).toBe(true);
    settlePending(db, G, readPending(db, G));
    expect(hasPending(db, G)).toBe(false);
    expect(addPending(db, G, [], [])).toBe(false);
    db.close();
  });

  it('drops a stored value of the wrong shape instead of failing every poll', () => {
    const { db } = freshDb();
    db.kv.set(`groups.members-pending.${G}`, { accepted: ['not an id'], profiles: [] });
    expect(readPending(db, G)).toEqual({ accepted: [], profiles: [] });
    expect(hasPending(db, G)).toBe(false);
    db.close();
  });
});

describe('the admin’s Members write', () => {
  it('keeps everything pending while offline, the live config unpushed, and nothing settled', async () => {
    const { db, built } = adminDevice();
    const groupId = built.keyPair.groupId;
    const row = db.groups.get(groupId)!;
    const configs = groupConfigsFor(db, row, [built.key]);
    db.transaction(() => {
      const result = ingestGroupBatch(
        db,
        ann,
        row,
        configs,
        [message(built, cat, chat('hello'))],
        () => undefined,
      );
      addPending(db, groupId, result.accepted, result.profiles);
    });
    const logs: string[] = [];
    const context = {
      db,
      freshConfigs: () => Promise.resolve(configs),
      heldConfigs: () => configs,
      network: () => {
        throw new NetworkError('offline', 'offline');
      },
      log: (line: string) => logs.push(line),
      changed: () => undefined,
    };
    const writer = new MemberProfiles(context as Partial<AdminContext> as AdminContext);
    await writer.seen(groupId);
    expect(logs).toEqual(['group members not written yet: offline']);
    expect(readPending(db, groupId).accepted).toEqual([cat.sessionId]);
    expect(readPending(db, groupId).profiles.map((p) => p.name)).toEqual(['HELLO']);
    // The edit waits in the live config for the next try; the saved dump still has Cat invited.
    expect(configs.members.get(cat.sessionId)?.inviteStatus).toBe(InviteStatus.Accepted);
    expect(configs.members.needsPush()).toBe(true);
    const saved = groupConfigsFor(db, row, [built.key]);
    expect(saved.members.get(cat.sessionId)?.inviteStatus).toBe(InviteStatus.Sent);
    // Ann's database already says accepted (the poll's transaction).
    expect(statusOf(db, built, cat)).toBe('accepted');
    db.close();
  });

  it('does not poll the group for a batch that only repeats what Members says; a change still does', async () => {
    const { db, built } = adminDevice();
    const groupId = built.keyPair.groupId;
    // Cat joined and is named CHAT in Members already: her messages say nothing new.
    const cat_ = built.configs.members.get(cat.sessionId)!;
    built.configs.members.set({ ...cat_, inviteStatus: InviteStatus.Accepted, name: 'CHAT' });
    saveGroupConfigs(db, groupId, built.configs);
    const row = db.groups.get(groupId)!;
    const configs = groupConfigsFor(db, row, [built.key]);
    const poll = (messages: PolledMessage[]) =>
      db.transaction(() => {
        const result = ingestGroupBatch(db, ann, row, configs, messages, () => undefined);
        return addPending(db, groupId, result.accepted, result.profiles);
      });
    let polls = 0;
    const logs: string[] = [];
    const context = {
      db,
      freshConfigs: () => {
        polls++;
        return Promise.resolve(configs);
      },
      heldConfigs: () => configs,
      network: () => {
        throw new NetworkError('offline', 'offline');
      },
      log: (line: string) => logs.push(line),
      changed: () => undefined,
    };
    const writer = new MemberProfiles(context as Partial<AdminContext> as AdminContext);
    for (let i = 0; i < 3; i++) {
      expect(poll([message(built, cat, chat('chat'))])).toBe(true);
      await writer.seen(groupId);
    }
    expect(polls).toBe(0);
    expect(hasPending(db, groupId)).toBe(false);
    expect(logs).toEqual([]);
    // A new name is written: polled first (the newest Members is edited), then pushed.
    poll([message(built, cat, chat('renamed'))]);
    await writer.seen(groupId);
    expect(polls).toBe(1);
    expect(logs).toEqual(['group members not written yet: offline']);
    expect(readPending(db, groupId).profiles.map((p) => p.name)).toEqual(['RENAMED']);
    // Ben joining (his approving response) is pushed at once too.
    poll([message(built, ben, response(true))]);
    await writer.seen(groupId);
    expect(polls).toBe(2);
    expect(readPending(db, groupId).accepted).toEqual([ben.sessionId]);
    db.close();
  });
});
