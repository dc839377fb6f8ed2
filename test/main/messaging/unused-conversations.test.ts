/**
 * A conversation opened by Account ID and never written to is no contact: not in the Contacts
 * config our other devices read (Session creates the contact with the first message), not among
 * the contacts (the group member picker), listed as unused, and discarded when the window leaves
 * it — unless something made it a conversation (a message, a nickname, a request).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../../src/crypto/keys';
import { collectConversations } from '../../../src/main/config-sync/collect';
import { newMessageId } from '../../../src/main/db';
import { listContacts } from '../../../src/main/messaging/contacts';
import type { MessagingHost } from '../../../src/main/messaging/host';
import { MessageViews } from '../../../src/main/messaging/message-views';
import {
  discardIfUnused,
  isMarkedOpened,
  markOpened,
} from '../../../src/main/messaging/unused-conversations';
import { ALICE, BOB, freshDb, incoming, removeTempDirs } from '../db/helpers';
import { glueDevice } from '../config-sync/glue-device';
import { newIdentity } from '../config-sync/offline-sync';
import { messagingServiceFor } from './service-harness';

const NOW = 1_700_000_100_000;
const noLog = () => undefined;
let me: Identity;

beforeAll(async () => {
  me = await newIdentity();
});
afterAll(removeTempDirs);

/** A device where Alice's conversation was opened by her Account ID, as `conversations.open` does. */
function opened() {
  const device = glueDevice(me, NOW);
  device.db.conversations.ensureConversation({ id: ALICE, type: 'private', approved: true }, NOW);
  markOpened(device.db, ALICE);
  return device;
}

const hostOf = (db: ReturnType<typeof opened>['db']) => ({ deps: { db } }) as unknown as MessagingHost;

describe('a conversation opened and never used', () => {
  it('is no contact for config sync until its first message, then is one', () => {
    const { db, ctx, targets } = opened();
    collectConversations(ctx, targets, noLog);
    expect(targets.contacts.get(ALICE)).toBeUndefined();
    expect(targets.contacts.needsPush()).toBe(false);

    db.outbox.insertOutgoing(
      { id: newMessageId(), conversationId: ALICE, sender: me.sessionId, body: 'salut', sentAt: NOW },
      NOW,
    );
    collectConversations(ctx, targets, noLog);
    expect(targets.contacts.get(ALICE)).toMatchObject({ approved: true });
  });

  it('stays collected when the Contacts config has it already (another device’s contact)', () => {
    const { ctx, targets } = opened();
    targets.contacts.update(ALICE, { approved: true, name: 'Alice' });
    ctx.known.add(ALICE);
    collectConversations(ctx, targets, noLog);
    expect(targets.contacts.get(ALICE)).toMatchObject({ approved: true, name: 'Alice' });
  });

  it('is not among the contacts (the member picker) and the list says it is unused', () => {
    const { db } = opened();
    db.conversations.ensureConversation({ id: BOB, type: 'private', approved: true }, NOW);
    expect(listContacts(hostOf(db)).map((c) => c.sessionId)).toEqual([BOB]);
    const views = new MessageViews({ db, identity: () => me });
    const list = views.listConversations();
    expect(list.find((c) => c.id === ALICE)?.unused).toBe(true);
    expect(list.find((c) => c.id === BOB)?.unused).toBeUndefined();
  });

  it('is discarded when left unused, and kept with a nickname or a message', () => {
    const a = opened();
    expect(discardIfUnused(a.db, ALICE)).toBe(true);
    expect(a.db.conversations.getConversation(ALICE)).toBeUndefined();
    expect(isMarkedOpened(a.db, ALICE)).toBe(false);

    const b = opened();
    b.db.conversations.updateConversation(ALICE, { nickname: 'Ali' }, NOW);
    expect(discardIfUnused(b.db, ALICE)).toBe(false);
    expect(b.db.conversations.getConversation(ALICE)).toBeDefined();

    const c = opened();
    c.db.messages.insertIncoming(incoming({ conversationId: ALICE, sender: ALICE }));
    expect(discardIfUnused(c.db, ALICE)).toBe(false);
    expect(c.db.conversations.getConversation(ALICE)).toBeDefined();
    // Used: no longer marked, whatever becomes of its messages.
    expect(isMarkedOpened(c.db, ALICE)).toBe(false);
  });

  it('never takes a conversation created otherwise (a request, a sync copy) for one', () => {
    const { db } = glueDevice(me, NOW);
    db.conversations.ensureConversation({ id: ALICE, type: 'private', approved: true }, NOW);
    expect(discardIfUnused(db, ALICE)).toBe(false);
    expect(listContacts(hostOf(db)).map((c) => c.sessionId)).toEqual([ALICE]);
  });
});

describe('the messaging service and an opened conversation', () => {
  /** A service whose swarm takes everything; the conversation changes it announces, with their source. */
  function service() {
    const { db } = freshDb();
    let stored = 0;
    const { service: m, bus } = messagingServiceFor(db, me, {
      transport: {
        store: () => Promise.resolve({ hash: `hash${++stored}` }),
        deleteOwn: () => Promise.resolve(),
      },
    });
    const changes: string[] = [];
    bus.on('conversations.changed', (e) => {
      if (e.ids.includes(ALICE)) changes.push(e.source);
    });
    return { db, m, changes };
  }

  it('announces the first message as a config change (a contact now), later ones as sending only', () => {
    const { db, m, changes } = service();
    m.open(ALICE);
    expect(isMarkedOpened(db, ALICE)).toBe(true);
    expect(m.contacts()).toEqual([]);
    changes.length = 0;
    m.send(ALICE, 'salut');
    // Config sync ignores 'sending': without a 'local' change the new contact would never be pushed.
    expect(changes).toContain('local');
    expect(isMarkedOpened(db, ALICE)).toBe(false);
    expect(m.contacts().map((c) => c.sessionId)).toEqual([ALICE]);
    changes.length = 0;
    m.send(ALICE, 'ça va ?');
    expect(changes).not.toContain('local');
    // Left now, it stays: it has messages.
    expect(m.discardUnused(ALICE)).toBe(false);
    m.stop();
  });

  it('discards it when left unused and says so to the list; Note to Self is never one', () => {
    const { db, m, changes } = service();
    m.open(ALICE);
    changes.length = 0;
    expect(m.discardUnused(ALICE)).toBe(true);
    expect(changes).toEqual(['local']);
    expect(db.conversations.getConversation(ALICE)).toBeUndefined();
    m.open(me.sessionId);
    expect(isMarkedOpened(db, me.sessionId)).toBe(false);
    expect(m.discardUnused(me.sessionId)).toBe(false);
    m.stop();
  });
});
