/**
 * Community DMs as conversations (issue #19 item 4): the server mirror (`community_dms`) turned
 * into a `community_dm` conversation per blinded ID — a first DM is a message request, ours never;
 * blocked people and, with the setting off, strangers are dropped; a declined request does not
 * come back; our reply is matched with the server's outbox copy instead of shown twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionId } from '../../../src/crypto/keys';
import { CommunityDmThreads } from '../../../src/main/communities/dm-threads';
import { DomainBus } from '../../../src/main/domain/bus';
import type { MessagingDeps } from '../../../src/main/messaging/deps';
import { MessageViews } from '../../../src/main/messaging/message-views';
import { freshDb, removeTempDirs } from '../db/helpers';

afterEach(removeTempDirs);

const BASE = 'http://127.0.0.1:9999';
const PK = 'abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789';
const OWN = `05${'11'.repeat(32)}` as SessionId;
const PEER = `15${'22'.repeat(32)}`;
const OTHER = `15${'33'.repeat(32)}`;

function setup(enabled = true) {
  const { db } = freshDb();
  db.communities.addRoom(BASE, PK, 'lobby', 'Lobby', 1);
  let on = enabled;
  const posted: string[] = [];
  const threads = new CommunityDmThreads({
    db,
    bus: new DomainBus(),
    ownSessionId: () => OWN,
    dmsEnabled: () => on,
    post: (_room, to, body) => {
      posted.push(`${to}:${body}`);
      return Promise.resolve({ serverId: 100 + posted.length, sentAt: 5_000 + posted.length });
    },
    log: () => undefined,
  });
  let serverId = 0;
  const dm = (direction: 'in' | 'out', peer: string, body: string) =>
    db.communities.addDm({
      baseUrl: BASE,
      direction,
      serverId: ++serverId,
      peer,
      peerSessionId: null,
      body,
      sentAt: 1_000 + serverId,
      read: direction === 'out',
    });
  return { db, threads, dm, posted, setEnabled: (v: boolean) => (on = v) };
}

describe('community DM conversations', () => {
  it('a first DM opens a request naming the community, with the name it carried', () => {
    const { db, threads, dm } = setup();
    dm('in', PEER, 'Bonjour');
    threads.mirror(BASE, new Map([[PEER, 'Bruno']]));
    const c = db.conversations.getConversation(PEER as SessionId);
    expect(c).toMatchObject({ type: 'community_dm', isRequest: true, unreadCount: 1, displayName: 'Bruno' });
    expect(db.communityDms.link(PEER)).toEqual({ baseUrl: BASE, serverPk: PK, name: 'Lobby' });
    // Polled again: nothing twice.
    threads.mirror(BASE);
    expect(db.messages.pageMessages(PEER as SessionId, undefined, 10)).toHaveLength(1);
  });

  it('drops blocked people, and strangers while requests from communities are off', () => {
    const { db, threads, dm, setEnabled } = setup(false);
    dm('in', PEER, 'spam');
    threads.mirror(BASE);
    expect(db.conversations.getConversation(PEER as SessionId)).toBeUndefined();
    setEnabled(true);
    dm('in', OTHER, 'hello');
    threads.mirror(BASE);
    threads.setBlocked(OTHER as SessionId, true);
    dm('in', OTHER, 'again');
    threads.mirror(BASE);
    expect(db.messages.pageMessages(OTHER as SessionId, undefined, 10).map((m) => m.body)).toEqual(['hello']);
  });

  it('a declined request is not brought back by the next poll or a restart', () => {
    const { db, threads, dm } = setup();
    dm('in', PEER, 'Bonjour');
    threads.mirror(BASE);
    threads.decline(PEER as SessionId);
    threads.mirror(BASE);
    expect(db.conversations.getConversation(PEER as SessionId)).toBeUndefined();
  });

  it('a reply is sent through the inbox and matched with its outbox copy', async () => {
    const { db, threads, dm, posted } = setup();
    dm('in', PEER, 'Bonjour');
    threads.mirror(BASE);
    const id = threads.send(PEER as SessionId, '  Salut  ');
    // Replying accepts the request.
    expect(db.conversations.getConversation(PEER as SessionId)?.isRequest).toBe(false);
    await new Promise((r) => setTimeout(r, 0));
    expect(posted).toEqual([`${PEER}:Salut`]);
    expect(db.messages.getMessage(id)).toMatchObject({ status: 'sent', sentAt: 5_001 });
    // The server's outbox copy (the row the send stored, polled back) is not shown twice.
    threads.mirror(BASE);
    const bodies = db.messages.pageMessages(PEER as SessionId, undefined, 10).map((m) => m.body);
    expect(bodies.filter((b) => b === 'Salut')).toHaveLength(1);
  });

  it('an outbox copy polled before the send was answered settles the pending reply', () => {
    const { db, threads, dm } = setup();
    dm('in', PEER, 'Bonjour');
    threads.mirror(BASE);
    const id = threads.send(PEER as SessionId, 'Vite');
    dm('out', PEER, 'Vite');
    threads.mirror(BASE);
    expect(db.messages.getMessage(id)?.status).toBe('sent');
    const bodies = db.messages.pageMessages(PEER as SessionId, undefined, 10).map((m) => m.body);
    expect(bodies.filter((b) => b === 'Vite')).toHaveLength(1);
  });

  it('refuses to send to a blocked person or in a conversation that is not a community DM', () => {
    const { threads, dm } = setup();
    dm('in', PEER, 'Bonjour');
    threads.mirror(BASE);
    threads.setBlocked(PEER as SessionId, true);
    expect(() => threads.send(PEER as SessionId, 'x')).toThrow(/blocked/);
    expect(() => threads.send(OWN, 'x')).toThrow();
  });

  it('a blocked sender is listed with the community, and unblocking lets their DMs and replies through', () => {
    const { db, threads, dm } = setup();
    dm('in', PEER, 'Bonjour');
    threads.mirror(BASE, new Map([[PEER, 'Bruno']]));
    threads.setBlocked(PEER as SessionId, true);
    expect(threads.blockedList()).toEqual([{ conversationId: PEER, name: 'Bruno', room: 'Lobby' }]);
    dm('in', PEER, 'while blocked');
    threads.mirror(BASE);
    expect(() => threads.checkRecipient(PEER)).toThrow(/blocked/);
    threads.setBlocked(PEER as SessionId, false);
    expect(threads.blockedList()).toEqual([]);
    dm('in', PEER, 'after');
    threads.mirror(BASE);
    const bodies = db.messages.pageMessages(PEER as SessionId, undefined, 10).map((m) => m.body);
    expect(bodies).toContain('after');
    expect(bodies).not.toContain('while blocked');
    expect(() => threads.send(PEER as SessionId, 'welcome back')).not.toThrow();
  });

  it('25 DMs have their own marks: one polled after a newer 15 DM is still shown', () => {
    const { db, threads } = setup();
    const P25 = `25${'44'.repeat(32)}`;
    const add = (serverId: number, peer: string, body: string) =>
      db.communities.addDm({
        baseUrl: BASE,
        direction: 'in',
        serverId,
        peer,
        peerSessionId: null,
        body,
        sentAt: 1_000 + serverId,
        read: false,
      });
    add(7, PEER, 'from 15');
    threads.mirror(BASE);
    add(5, P25, 'from 25, polled later');
    threads.mirror(BASE);
    expect(db.messages.pageMessages(P25 as SessionId, undefined, 10).map((m) => m.body)).toEqual([
      'from 25, polled later',
    ]);
    expect(db.conversations.getConversation(P25 as SessionId)).toMatchObject({
      type: 'community_dm',
      isRequest: true,
    });
  });

  it('someone whose newest post turned message requests off cannot be written to, unless they wrote first', () => {
    const { db, threads, dm } = setup();
    const roomId = db.communities.rooms()[0]!.id;
    db.communityDms.noteRequestsOff(OTHER, true, 10);
    expect(() => threads.open(roomId, OTHER)).toThrow(/turned off/);
    expect(() => threads.checkRecipient(OTHER)).toThrow(/turned off/);
    expect(db.conversations.getConversation(OTHER as SessionId)).toBeUndefined();
    // A newer post without the flag: allowed again.
    db.communityDms.noteRequestsOff(OTHER, false, 20);
    expect(threads.open(roomId, OTHER)).toBe(OTHER);
    // Someone with the flag who wrote to us can be answered.
    db.communityDms.noteRequestsOff(PEER, true, 30);
    dm('in', PEER, 'ask me');
    threads.mirror(BASE);
    expect(() => threads.send(PEER as SessionId, 'answer')).not.toThrow();
    // Malformed IDs are refused.
    expect(() => threads.checkRecipient('05' + '11'.repeat(32))).toThrow(/blinded/);
  });

  it('an existing DM says so when the other side turned requests off and never wrote (#19)', () => {
    const { db, threads, dm } = setup();
    const roomId = db.communities.rooms()[0]!.id;
    const views = new MessageViews({ db } as unknown as MessagingDeps);
    expect(threads.open(roomId, OTHER)).toBe(OTHER);
    expect(views.conversation(OTHER as SessionId)?.community?.requestsOff).toBeUndefined();
    // Their newest post now says no requests from communities: the window shows why, not a send error.
    db.communityDms.noteRequestsOff(OTHER, true, 40);
    expect(views.conversation(OTHER as SessionId)?.community).toMatchObject({ requestsOff: true });
    // Someone who wrote to us can still be answered.
    dm('in', PEER, 'hello');
    threads.mirror(BASE);
    db.communityDms.noteRequestsOff(PEER, true, 50);
    expect(views.conversation(PEER as SessionId)?.community?.requestsOff).toBeUndefined();
  });
});
