/** The core's domain bus and its IPC projection (issue #15 item 2). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionId } from '../../../src/crypto/keys';
import { EventHub } from '../../../src/main/core/events';
import { BusContractError, DomainBus } from '../../../src/main/domain/bus';
import {
  LIST_COALESCE_MS,
  LIST_MIN_INTERVAL_MS,
  projectToIpc,
  type IpcViews,
} from '../../../src/main/ipc/event-projection';
import type { Conversation, Message } from '../../../src/shared/ipc/messaging';

const ALICE = `05${'b'.repeat(64)}` as SessionId;

afterEach(() => {
  vi.useRealTimers();
});

describe('DomainBus', () => {
  it('delivers only the types asked for, narrowed, to every subscriber even when one throws', () => {
    const errors: string[] = [];
    const bus = new DomainBus((error, event) => errors.push(`${event.type}: ${String(error)}`));
    const typing: boolean[] = [];
    bus.on('conversations.changed', () => {
      throw new Error('broken');
    });
    bus.on(['typing.changed'], (e) => typing.push(e.typing));
    const all: string[] = [];
    bus.subscribeAll((e) => all.push(e.type));
    bus.emit({ type: 'conversations.changed', ids: [ALICE], source: 'local' });
    bus.emit({ type: 'typing.changed', conversationId: ALICE, typing: true });
    expect(typing).toEqual([true]);
    expect(all).toEqual(['conversations.changed', 'typing.changed']);
    expect(errors).toEqual(['conversations.changed: Error: broken']);
  });

  it('lets a contract violation through, after the other subscribers had the event', () => {
    const bus = new DomainBus();
    const seen: string[] = [];
    bus.subscribeAll(() => {
      throw new BusContractError('malformed');
    });
    bus.subscribeAll((e) => seen.push(e.type));
    expect(() => {
      bus.emit({ type: 'profile-pictures.changed', sessionIds: [] });
    }).toThrow(BusContractError);
    expect(seen).toEqual(['profile-pictures.changed']);
  });

  it('stops delivering after unsubscribe', () => {
    const bus = new DomainBus();
    let n = 0;
    const off = bus.on('config.merged', () => n++);
    bus.emit({ type: 'config.merged', ownPicture: null });
    off();
    bus.emit({ type: 'config.merged', ownPicture: null });
    expect(n).toBe(1);
  });
});

function message(id: string): Message {
  return {
    id,
    conversationId: ALICE,
    direction: 'in',
    sender: ALICE,
    body: 'salut',
    sentAt: 1,
    receivedAt: 2,
    shownAt: 1,
    status: 'received',
    hash: null,
    error: null,
    quote: null,
    reactions: [],
    deleted: false,
    expiry: { mode: 'off' },
    expiresAt: null,
    expirationUpdate: false,
    attachments: [],
  } as unknown as Message;
}

describe('IPC projection', () => {
  function setup(views: IpcViews | undefined) {
    const bus = new DomainBus();
    const hub = new EventHub(true);
    const seen: { name: string; payload: unknown }[] = [];
    hub.subscribe((name, payload) => seen.push({ name, payload }));
    const stop = projectToIpc(bus, hub, () => views);
    return { bus, seen, stop };
  }

  it('turns ids into the contract’s payloads, and many conversation changes into one list', () => {
    vi.useFakeTimers();
    const lists: number[] = [];
    const { bus, seen } = setup({
      messageViews: (_c, ids) => ids.map(message),
      listConversations: () => {
        lists.push(1);
        return [] as Conversation[];
      },
    });
    bus.emit({ type: 'messages.stored', conversationId: ALICE, ids: ['m1'] });
    bus.emit({ type: 'messages.deleted', conversationId: ALICE, ids: ['m0'] });
    bus.emit({ type: 'conversations.changed', ids: [ALICE], source: 'incoming' });
    bus.emit({ type: 'contact.changed', ids: [ALICE], source: 'local' });
    bus.emit({ type: 'profile-pictures.changed', sessionIds: [ALICE] });
    // Inside the core only.
    bus.emit({ type: 'config.merged', ownPicture: null });
    bus.emit({ type: 'profile-picture.received', sender: ALICE, picture: null });
    vi.advanceTimersByTime(LIST_COALESCE_MS);
    expect(seen.map((e) => e.name)).toEqual([
      'messages.changed',
      'messages.deleted',
      'avatars.changed',
      'conversations.changed',
    ]);
    expect(seen[0]?.payload).toMatchObject({ conversationId: ALICE, messages: [{ id: 'm1' }] });
    expect(lists).toEqual([1]);
  });

  it('sends a list at most once per interval during a burst, the first one without waiting', () => {
    vi.useFakeTimers();
    const listedAt: number[] = [];
    const start = Date.now();
    const { bus } = setup({
      messageViews: (_c, ids) => ids.map(message),
      listConversations: () => {
        listedAt.push(Date.now() - start);
        return [] as Conversation[];
      },
    });
    // A message sent every 10 ms for half a second: its conversation changes each time.
    for (let t = 0; t < 500; t += 10) {
      bus.emit({ type: 'conversations.changed', ids: [ALICE], source: 'sending' });
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(LIST_MIN_INTERVAL_MS);
    expect(listedAt[0]).toBe(LIST_COALESCE_MS);
    for (let i = 1; i < listedAt.length; i++)
      expect((listedAt[i] ?? 0) - (listedAt[i - 1] ?? 0)).toBeGreaterThanOrEqual(LIST_MIN_INTERVAL_MS);
    // The last change is in a list: one after the burst's end.
    expect(listedAt.at(-1)).toBeGreaterThanOrEqual(490);
    // After a quiet moment the next change shows as soon as before.
    vi.advanceTimersByTime(1_000);
    const quietAt = Date.now() - start;
    bus.emit({ type: 'conversations.changed', ids: [ALICE], source: 'sending' });
    vi.advanceTimersByTime(LIST_COALESCE_MS);
    expect(listedAt.at(-1)).toBe(quietAt + LIST_COALESCE_MS);
    vi.useRealTimers();
  });

  it('sends nothing that needs the database while no session is open', () => {
    vi.useFakeTimers();
    const { bus, seen } = setup(undefined);
    bus.emit({ type: 'messages.changed', conversationId: ALICE, ids: ['m1'] });
    bus.emit({ type: 'conversations.changed', ids: [ALICE], source: 'local' });
    vi.advanceTimersByTime(LIST_COALESCE_MS);
    bus.emit({ type: 'typing.changed', conversationId: ALICE, typing: false });
    expect(seen.map((e) => e.name)).toEqual(['typing.changed']);
  });

  it('a malformed projection fails where the domain event is emitted (development and tests)', () => {
    const { bus } = setup(undefined);
    expect(() => {
      bus.emit({ type: 'typing.changed', conversationId: 'nope' as SessionId, typing: true });
    }).toThrow(/malformed typing\.changed/);
  });
});
