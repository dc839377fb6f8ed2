/** Main checks its own events against the contract outside a packaged app (issue #15 item 2). */
import { describe, expect, it } from 'vitest';
import { EventHub } from '../../../src/main/core/events';
import type { EventPayload } from '../../../src/shared/ipc/contract';

describe('EventHub', () => {
  it('refuses a malformed event where it is made (development and tests)', () => {
    const hub = new EventHub(true);
    const seen: string[] = [];
    hub.subscribe((name) => seen.push(name));
    const bad = { restarted: 'yes' } as unknown as EventPayload<'core.restarted'>;
    expect(() => {
      hub.emit('core.restarted', bad);
    }).toThrow(/malformed core\.restarted event/);
    hub.emit('core.restarted', { restarted: true });
    expect(seen).toEqual(['core.restarted']);
  });

  it('checks by default when run from the sources', () => {
    expect(() => {
      new EventHub().emit('typing.changed', { conversationId: 'nope', typing: true });
    }).toThrow(/malformed typing\.changed/);
  });

  it('passes events through unchecked in a built app', () => {
    const hub = new EventHub(false);
    const seen: unknown[] = [];
    hub.subscribe((_name, payload) => seen.push(payload));
    hub.emit('core.restarted', { restarted: 'yes' } as never);
    expect(seen).toEqual([{ restarted: 'yes' }]);
  });
});
