/**
 * A slice's typing states reach the windows once per conversation, its last state: each
 * message ends its sender's indicator, and a slice of many messages from one sender said so once
 * per message.
 */
import { describe, expect, it } from 'vitest';
import type { SessionId } from '../../../src/crypto/keys';
import { DomainBus } from '../../../src/main/domain/bus';
import type { DomainEvent } from '../../../src/main/domain/events';
import { announceIncoming, type IncomingChanges } from '../../../src/main/messaging/incoming';

const A = `05${'a'.repeat(64)}` as SessionId;
const B = `05${'b'.repeat(64)}` as SessionId;

describe('announcing a slice', () => {
  it('says each conversation’s last typing state once', () => {
    const bus = new DomainBus();
    const seen: DomainEvent[] = [];
    bus.subscribeAll((e) => seen.push(e));
    const changes: IncomingChanges = {
      stored: new Map(),
      messages: new Map(),
      conversations: new Set(),
      typing: [
        { conversationId: A, typing: false },
        { conversationId: B, typing: true },
        { conversationId: A, typing: false },
        { conversationId: A, typing: true },
        { conversationId: B, typing: false },
        { conversationId: B, typing: false },
      ],
      actions: [],
      removed: new Map(),
      pictures: new Map(),
      dropped: 0,
    };
    announceIncoming(bus, changes);
    expect(seen).toEqual([
      { type: 'typing.changed', conversationId: A, typing: true },
      { type: 'typing.changed', conversationId: B, typing: false },
    ]);
  });
});
