/**
 * The glue between the config objects and the database: apply (config → DB), collect (DB →
 * config), the display-name reconciliation and one push round, without a network.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity, SessionId } from '../../../src/crypto/keys';
import { Contacts, UserProfile } from '../../../src/swarm/config';
import { applyContacts, applyReadState, contactPatch } from '../../../src/main/config-sync/apply';
import { collectConversations } from '../../../src/main/config-sync/collect';
import { fitName } from '../../../src/main/config-sync/names';
import { reconcileName } from '../../../src/main/config-sync/profile-name';
import type { VeilDatabase } from '../../../src/main/db';
import { ALICE, BOB, incoming, removeTempDirs, sessionId } from '../db/helpers';
import { glueDevice } from './glue-device';
import { newIdentity } from './offline-sync';

const NOW = 1_700_000_100_000;
const noLog = () => undefined;
let me: Identity;

beforeAll(async () => {
  me = await newIdentity();
});
afterAll(removeTempDirs);

const device = () => glueDevice(me, NOW);

/** Moves `from`'s configs to `to` as the swarm would: push, then merge on the other side. */
function transfer(from: ReturnType<typeof device>['targets'], to: ReturnType<typeof device>['targets']) {
  for (const k of ['contacts', 'volatile', 'profile'] as const) {
    if (!from[k].needsPush()) continue;
    const p = from[k].push();
    const hash = `h-${k}-${p.seqno}-${Math.random()}`;
    from[k].confirmPushed(p.seqno, hash);
    to[k].merge([{ hash, data: p.data }]);
  }
}

describe('collect (database → config)', () => {
  it('writes every private conversation as a contact, requests included, and not Note to Self', () => {
    const { db, ctx, targets } = device();
    db.conversations.ensureConversation({ id: ALICE, type: 'private', approved: true }, NOW);
    db.conversations.updateConversation(ALICE, { displayName: 'Alice', nickname: 'Ali', pinned: true }, NOW);
    db.messages.insertIncoming(incoming({ conversationId: BOB, sender: BOB })); // a request
    db.conversations.ensureConversation({ id: me.sessionId, type: 'note_to_self', approved: true }, NOW);
    db.conversations.updateConversation(me.sessionId, { hidden: true }, NOW);

    collectConversations(ctx, targets, noLog);

    const alice = targets.contacts.get(ALICE);
    expect(alice).toMatchObject({
      name: 'Alice',
      nickname: 'Ali',
      approved: true,
      blocked: false,
      priority: 1,
    });
    expect(alice?.created).toBe(Math.floor(NOW / 1000));
    expect(targets.contacts.get(BOB)).toMatchObject({ approved: false, approvedMe: false });
    expect(targets.contacts.get(me.sessionId)).toBeUndefined();
    expect(targets.profile.noteToSelfPriority).toBe(-1);
    expect(targets.contacts.needsPush()).toBe(true);
  });

  it('is a no-op when nothing changed (no push for nothing)', () => {
    const { db, ctx, targets } = device();
    db.conversations.ensureConversation({ id: ALICE, type: 'private', approved: true }, NOW);
    collectConversations(ctx, targets, noLog);
    const p = targets.contacts.push();
    targets.contacts.confirmPushed(p.seqno, 'h1');
    collectConversations(ctx, targets, noLog);
    expect(targets.contacts.needsPush()).toBe(false);
  });

  it('erases a contact whose conversation was deleted here', () => {
    const { db, ctx, targets } = device();
    db.conversations.ensureConversation({ id: ALICE, type: 'private', approved: true }, NOW);
    collectConversations(ctx, targets, noLog);
    db.conversations.deleteConversation(ALICE);
    collectConversations(ctx, targets, noLog);
    expect(targets.contacts.get(ALICE)).toBeUndefined();
  });

  it('records the last read time once a conversation has nothing unread, only forward', () => {
    const { db, ctx, targets } = device();
    db.messages.insertIncoming(incoming({ sentAt: NOW - 5000 }));
    collectConversations(ctx, targets, noLog);
    expect(targets.volatile.get('1to1', ALICE)).toBeUndefined();
    db.conversations.markConversationRead(ALICE, NOW);
    collectConversations(ctx, targets, noLog);
    expect(targets.volatile.get('1to1', ALICE)).toEqual({ lastRead: NOW - 5000, unread: false });
  });

  it('truncates names to 100 bytes without splitting a character', () => {
    expect(fitName('é'.repeat(60))).toBe('é'.repeat(50));
    expect(fitName('a'.repeat(99) + '€')).toBe('a'.repeat(99));
    expect(fitName('short')).toBe('short');
  });
});

describe('apply (config → database)', () => {
  it('creates approved and blocked contacts with their fields; leaves pending requests to their messages', () => {
    const a = device();
    const b = device();
    const carol = sessionId('d');
    a.targets.contacts.update(ALICE, { name: 'Alice', nickname: 'Ali', approved: true, approvedMe: true });
    a.targets.contacts.update(BOB, { name: 'Bob', blocked: true });
    a.targets.contacts.update(carol, { name: 'Carol' });
    transfer(a.targets, b.targets);

    expect(applyContacts(b.ctx, b.targets.contacts)).toBe(true);
    expect(b.db.conversations.getConversation(ALICE)).toMatchObject({
      displayName: 'Alice',
      nickname: 'Ali',
      approved: true,
      approvedMe: true,
      isRequest: false,
    });
    expect(b.db.conversations.getConversation(BOB)).toMatchObject({ blocked: true, isRequest: false });
    expect(b.db.conversations.getConversation(carol)).toBeUndefined();
    // Applying again changes nothing.
    expect(applyContacts(b.ctx, b.targets.contacts)).toBe(false);
  });

  it('adopts the config entry of a conversation that a message opened as a request', () => {
    const b = device();
    b.targets.contacts.update(ALICE, { name: 'Alice', nickname: 'Ali', approved: true });
    b.db.messages.insertIncoming(incoming());
    expect(b.db.conversations.getConversation(ALICE)?.isRequest).toBe(true);
    collectConversations(b.ctx, b.targets, noLog);
    expect(b.db.conversations.getConversation(ALICE)).toMatchObject({ isRequest: false, nickname: 'Ali' });
    expect(b.targets.contacts.get(ALICE)?.nickname).toBe('Ali');
  });

  it('deletes conversations removed from the config elsewhere', () => {
    const b = device();
    b.targets.contacts.update(ALICE, { approved: true });
    applyContacts(b.ctx, b.targets.contacts);
    b.targets.contacts.erase(ALICE);
    applyContacts(b.ctx, b.targets.contacts, [ALICE]);
    expect(b.db.conversations.getConversation(ALICE)).toBeUndefined();
  });

  it('marks read what the other device read, up to its read mark, and no further', () => {
    const { db, ctx, targets } = device();
    const older = incoming({ sentAt: NOW - 3000 });
    const newer = incoming({ sentAt: NOW - 2000 });
    db.messages.insertIncoming(older);
    db.messages.insertIncoming(newer);
    targets.volatile.set('1to1', ALICE, { lastRead: NOW - 2500, unread: false });
    expect(applyReadState(ctx, targets.volatile)).toBe(true);
    expect(db.conversations.getConversation(ALICE)?.unreadCount).toBe(1);
    expect(db.messages.getMessage(older.id)?.status).toBe('read');
    expect(db.messages.getMessage(newer.id)?.status).toBe('unread');
    expect(applyReadState(ctx, targets.volatile)).toBe(false); // nothing more to do
    targets.volatile.set('1to1', ALICE, { lastRead: NOW - 2000, unread: false });
    expect(applyReadState(ctx, targets.volatile)).toBe(true);
    expect(db.conversations.getConversation(ALICE)?.unreadCount).toBe(0);
  });

  it('never empties a known profile name with an empty config name', () => {
    const patch = contactPatch(
      { ...Contacts.create(me.ed25519SecretKey).getOrConstruct(ALICE), approved: true },
      undefined,
    );
    expect(patch.displayName).toBeUndefined();
  });
});

describe('two devices through the configs (property)', () => {
  const state = fc.record({
    named: fc.option(fc.string({ minLength: 1, maxLength: 30 }), { nil: null }),
    nickname: fc.option(fc.string({ minLength: 1, maxLength: 120 }), { nil: null }),
    approved: fc.boolean(),
    approvedMe: fc.boolean(),
    blocked: fc.boolean(),
    pinned: fc.boolean(),
  });

  it('device 2 ends with device 1’s contacts, and collecting them back changes nothing', () => {
    fc.assert(
      fc.property(fc.array(state, { minLength: 1, maxLength: 4 }), (states) => {
        const a = device();
        const b = device();
        const ids = states.map((_, i) => sessionId(String.fromCharCode(0x31 + i)));
        states.forEach((s, i) => {
          const id = ids[i] as SessionId;
          a.db.conversations.ensureConversation({ id, type: 'private', approved: s.approved }, NOW);
          a.db.conversations.updateConversation(
            id,
            {
              displayName: s.named,
              nickname: s.nickname,
              approvedMe: s.approvedMe,
              blocked: s.blocked,
              pinned: s.pinned,
            },
            NOW,
          );
        });
        collectConversations(a.ctx, a.targets, noLog);
        transfer(a.targets, b.targets);
        applyContacts(b.ctx, b.targets.contacts);
        collectConversations(b.ctx, b.targets, noLog);
        expect(b.targets.contacts.needsPush()).toBe(false);
        for (const id of ids) {
          const c = a.targets.contacts.get(id);
          if (!c?.approved && !c?.blocked) continue;
          const row = b.db.conversations.getConversation(id);
          expect(row?.nickname ?? '').toBe(c.nickname);
          expect(row?.blocked).toBe(c.blocked);
          expect(row?.pinned).toBe(c.priority > 0);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('display name', () => {
  function fakeKv(db: VeilDatabase) {
    return db.kv;
  }
  function account(initial: string | null) {
    let name = initial;
    return {
      displayName: () => name,
      setDisplayName: (n: string) => {
        if (n.trim() === '') throw new Error('empty');
        name = n.trim();
      },
    };
  }

  it('pushes ours when the swarm has none, then follows each side’s change', () => {
    const { db } = device();
    const profile = UserProfile.create(me.ed25519SecretKey);
    const acc = account('Alice');
    expect(reconcileName(fakeKv(db), profile, acc)).toBe('pushed');
    expect(profile.name).toBe('Alice');
    expect(reconcileName(fakeKv(db), profile, acc)).toBe('none');

    profile.setName('Alice B.'); // as a merge from the other device would
    expect(reconcileName(fakeKv(db), profile, acc)).toBe('applied');
    expect(acc.displayName()).toBe('Alice B.');

    acc.setDisplayName('Ali');
    expect(reconcileName(fakeKv(db), profile, acc)).toBe('pushed');
    expect(profile.name).toBe('Ali');
  });

  it('a fresh restore takes the swarm’s name without pushing', () => {
    const { db } = device();
    const profile = UserProfile.create(me.ed25519SecretKey);
    profile.setName('Remote');
    const p = profile.push();
    profile.confirmPushed(p.seqno, 'h');
    const acc = account('Typed');
    expect(reconcileName(fakeKv(db), profile, acc)).toBe('applied');
    expect(acc.displayName()).toBe('Remote');
    expect(profile.needsPush()).toBe(false);
  });
});
