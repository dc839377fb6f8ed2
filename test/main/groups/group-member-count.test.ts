/**
 * A group's member count (`groups --json`, the group panel) and its member list (`group members`,
 * the conversation's header) come from one place: the members its Members config holds, invitees
 * included, those removed not; an invitation not yet polled counts who invited us and us; a group
 * we left counts nobody (we no longer hold its Members config). Session 12 showed 0 for an
 * invitation and the stale 2 after leaving.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityFromSeed, type Identity, type SessionId } from '../../../src/crypto/keys';
import { sodiumReady } from '../../../src/crypto/sodium';
import { encodeGroupUpdate } from '../../../src/swarm/groups/control-messages';
import { controlSignedText, signControl } from '../../../src/swarm/groups/control-signatures';
import { generateGroupKeyPair } from '../../../src/swarm/groups/identity';
import { makeMemberAuthData } from '../../../src/swarm/groups/subaccount';
import type { VeilDatabase } from '../../../src/main/db';
import { reconcileGroupConversation } from '../../../src/main/groups/group-conversation';
import { GroupService } from '../../../src/main/groups/group-service';
import { receiveInvite } from '../../../src/main/groups/invitations';
import { MessageViews } from '../../../src/main/messaging/message-views';
import { freshDb, removeTempDirs } from '../db/helpers';
import { offlineServiceOptions } from './offline-service';

const person = (): Identity => identityFromSeed(new Uint8Array(randomBytes(32)));
let ann: Identity;
let ben: Identity;
let cat: Identity;

beforeAll(async () => {
  await sodiumReady();
  ann = person();
  ben = person();
  cat = person();
});
afterAll(removeTempDirs);

function service(db: VeilDatabase): GroupService {
  const svc = new GroupService(offlineServiceOptions(db, ben, 'Ben'));
  svc.start();
  return svc;
}

/** What each view says: the CLI's and panel's count, `group members`, the conversation header. */
function views(db: VeilDatabase, svc: GroupService, groupId: string) {
  reconcileGroupConversation(db, groupId, 1_700_000_000_000);
  const header = new MessageViews({ db, identity: () => ben }).conversation(groupId as SessionId)?.group;
  return {
    count: svc.list().find((g) => g.groupId === groupId)?.members,
    listed: svc.members(groupId).map((m) => m.sessionId),
    header: header?.members.map((m) => m.sessionId),
  };
}

describe('a group’s member count', () => {
  it('counts who invited us and us while the invitation is pending; the Members config once read; nobody after leaving', () => {
    const { db } = freshDb();
    const svc = service(db);
    const g = generateGroupKeyPair();
    const sentAt = 1_700_000_000_000;
    const invite = encodeGroupUpdate({
      inviteMessage: {
        groupSessionId: g.groupId,
        name: 'Hikes',
        memberAuthData: makeMemberAuthData(g, ben.sessionId),
        adminSignature: signControl(controlSignedText.invite(ben.sessionId, sentAt), g),
      },
    });
    expect(receiveInvite(db, ben, ann.sessionId, sentAt, invite, sentAt).kind).toBe('stored');
    const both = [ann.sessionId, ben.sessionId].sort();
    expect(views(db, svc, g.groupId)).toEqual({ count: 2, listed: both, header: both });

    // Joined and polled: Members as the admin wrote it, Cat invited (sent), Dan removed.
    db.groups.setStatus(g.groupId, 'joined', sentAt + 1);
    const dan = person();
    db.groups.setMembers(g.groupId, [
      { sessionId: ann.sessionId, name: 'Ann', admin: true, status: 'accepted' },
      { sessionId: ben.sessionId, name: 'Ben', admin: false, status: 'accepted' },
      { sessionId: cat.sessionId, name: '', admin: false, status: 'sent' },
      { sessionId: dan.sessionId, name: '', admin: false, status: 'removed' },
    ]);
    const present = [ann.sessionId, ben.sessionId, cat.sessionId].sort();
    const got = views(db, svc, g.groupId);
    expect(got.count).toBe(3);
    expect(got.header).toEqual(present);
    // `group members` still shows the removal on its way, with its status.
    expect(got.listed).toEqual([...present, dan.sessionId].sort());

    // Left: the Members copy we kept still counts us; we hold no Members config any more.
    db.groups.setStatus(g.groupId, 'left');
    expect(views(db, svc, g.groupId)).toEqual({ count: 0, listed: [], header: [] });
  });
});
