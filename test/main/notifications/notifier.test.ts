import { describe, expect, it } from 'vitest';
import type { SessionId } from '../../../src/crypto/keys';
import { DomainBus } from '../../../src/main/domain/bus';
import type { DomainEventOf } from '../../../src/main/domain/events';
import { mentions, startNotifier } from '../../../src/main/notifications/notifier';
import type { Conversation, Message } from '../../../src/shared/ipc/messaging';
import { isMuted, MUTED_FOREVER, type VeilNotification } from '../../../src/shared/notifications';
import type { NotificationLevel } from '../../../src/shared/settings';

const ME = `05${'a'.repeat(64)}`;
const ALICE = `05${'b'.repeat(64)}` as SessionId;
const BOB = `05${'c'.repeat(64)}` as SessionId;
const NOW = 1_700_000_000_000;

function conversation(id: SessionId, extra: Partial<Conversation> = {}): Conversation {
  return {
    id,
    noteToSelf: false,
    name: id === ALICE ? 'Alice' : null,
    isRequest: false,
    blocked: false,
    unread: 1,
    lastMessage: null,
    updatedAt: 1,
    disappearing: { mode: 'off' },
    mutedUntil: null,
    mentionsOnly: false,
    ...extra,
  };
}

function message(id: string, extra: Partial<Message> = {}): Message {
  return {
    id,
    conversationId: ALICE,
    direction: 'in',
    sender: ALICE,
    body: 'rendez-vous à 18 h',
    sentAt: NOW,
    receivedAt: NOW,
    shownAt: NOW,
    status: 'received',
    hash: null,
    error: null,
    quote: null,
    deleted: false,
    reactions: [],
    expiresAt: null,
    expiry: { mode: 'off' },
    expirationUpdate: false,
    attachments: [],
    ...extra,
  };
}

function world(options: { level?: NotificationLevel; unlocked?: boolean; open?: boolean } = {}) {
  const bus = new DomainBus((e) => {
    throw e;
  });
  const state = {
    level: options.level ?? 'name-and-preview',
    unlocked: options.unlocked ?? true,
    conversations: [conversation(ALICE), conversation(BOB, { unread: 4 })],
    messages: new Map<string, Message>([['m1', message('m1')]]),
  };
  const shown: VeilNotification[] = [];
  bus.on('notification', (e: DomainEventOf<'notification'>) => shown.push(e.notification));
  startNotifier({
    bus,
    views: () =>
      options.open === false
        ? undefined
        : {
            messageViews: (_c, ids) => ids.flatMap((id) => state.messages.get(id) ?? []),
            conversationView: (id) => state.conversations.find((c) => c.id === id),
            // What db.mute.unreadNotMuted sums (tested against the database in test/main/db).
            unreadNotMuted: (at) =>
              state.conversations
                .filter((c) => !c.blocked && !isMuted(c.mutedUntil, at))
                .reduce((sum, c) => sum + c.unread, 0),
          },
    level: () => state.level,
    unlocked: () => state.unlocked,
    ownId: () => ME,
    now: () => NOW,
  });
  const store = (ids: string[], conversationId: SessionId = ALICE) => {
    bus.emit({ type: 'messages.stored', conversationId, ids });
  };
  return { state, shown, store };
}

describe('the core’s notifier', () => {
  it('cuts what it shows to the privacy level', () => {
    const levels: [NotificationLevel, Partial<VeilNotification> | undefined][] = [
      ['off', undefined],
      ['count', { sender: null, preview: null, count: 5 }],
      ['name', { sender: 'Alice', preview: null }],
      ['name-and-preview', { sender: 'Alice', preview: 'rendez-vous à 18 h' }],
    ];
    for (const [level, expected] of levels) {
      const w = world({ level });
      w.store(['m1']);
      if (expected === undefined) expect(w.shown).toEqual([]);
      else expect(w.shown[0]).toMatchObject({ conversationId: ALICE, ...expected });
    }
  });

  it('a contact without a name is their short ID at the "name" level', () => {
    const w = world({ level: 'name' });
    w.state.messages.set('b1', message('b1', { conversationId: BOB, sender: BOB }));
    w.store(['b1'], BOB);
    expect(w.shown[0]?.sender).toBe('05cccc…cccc');
  });

  it('says nothing while locked, for our own or synced messages, notices, deletions, read ones', () => {
    expect(world({ unlocked: false }).shown).toEqual([]);
    const locked = world({ unlocked: false });
    locked.store(['m1']);
    expect(locked.shown).toEqual([]);
    const closed = world({ open: false });
    closed.store(['m1']);
    expect(closed.shown).toEqual([]);
    const w = world();
    w.state.messages.set('out', message('out', { direction: 'out', status: 'sent', sender: ME }));
    w.state.messages.set('notice', message('notice', { expirationUpdate: true, body: '' }));
    w.state.messages.set('gone', message('gone', { deleted: true }));
    w.state.messages.set('read', message('read', { status: 'read' }));
    w.store(['out', 'notice', 'gone', 'read', 'missing']);
    expect(w.shown).toEqual([]);
  });

  it('skips muted and blocked conversations; an ended mute notifies again; muted unread stays out of the count', () => {
    const w = world({ level: 'count' });
    w.state.conversations = [conversation(ALICE, { mutedUntil: NOW + 1 }), conversation(BOB, { unread: 4 })];
    w.store(['m1']);
    expect(w.shown).toEqual([]);
    w.state.conversations = [conversation(ALICE, { mutedUntil: MUTED_FOREVER })];
    w.store(['m1']);
    expect(w.shown).toEqual([]);
    w.state.conversations = [conversation(ALICE, { blocked: true })];
    w.store(['m1']);
    expect(w.shown).toEqual([]);
    w.state.conversations = [
      conversation(ALICE, { mutedUntil: NOW, unread: 2 }),
      conversation(BOB, { mutedUntil: MUTED_FOREVER, unread: 9 }),
    ];
    w.store(['m1']);
    expect(w.shown).toEqual([
      { conversationId: ALICE, count: 2, sender: null, preview: null, noteToSelf: false },
    ]);
  });

  it('"mentions only" notifies only for a message that mentions us', () => {
    const w = world();
    w.state.conversations = [conversation(ALICE, { mentionsOnly: true })];
    w.store(['m1']);
    expect(w.shown).toEqual([]);
    w.state.messages.set('m2', message('m2', { body: `@${ME} tu viens ?` }));
    w.store(['m2']);
    expect(w.shown).toHaveLength(1);
    expect(mentions(`@${ME}`, undefined)).toBe(false);
    expect(mentions(`@${ALICE}`, ME)).toBe(false);
  });
});
