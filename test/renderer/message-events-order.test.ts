/**
 * Events and answers travel by different channels (the browser host: events on one socket,
 * answers on their own requests), so the store must not let an older state win: a change that
 * arrives while the conversation's first page is on its way is applied over that page, and an
 * action's answer never replaces what a (newer) event already brought. The defect this guards:
 * a community DM shown "sending" for good although it was sent (issue #19).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Message } from '../../src/shared/ipc/messaging';
import { useMessaging } from '../../src/renderer/messaging/store';
import { fakeBridge } from './fake-bridge';

const msg = (id: string, status: Message['status'], shownAt = 1) =>
  ({ id, conversationId: 'c1', shownAt, body: id, status }) as unknown as Message;

const statusOf = (id: string) => useMessaging.getState().messages.c1?.find((m) => m.id === id)?.status;

beforeEach(() => {
  // The store marks an opened conversation read after its first frame, when the window has focus.
  vi.stubGlobal('requestAnimationFrame', (f: () => void) => setTimeout(f, 0));
  vi.stubGlobal('document', { hasFocus: () => false });
});

afterEach(() => {
  vi.unstubAllGlobals();
  useMessaging.setState({ selected: undefined, messages: {}, hasOlder: {}, bridge: undefined });
});

describe('the order of events and answers', () => {
  it('a change that arrives while the first page travels is applied over it', async () => {
    const f = fakeBridge();
    await useMessaging.getState().start(f.bridge, []);
    const opening = useMessaging.getState().select('c1');
    // The page was read before the message was sent; the change comes first.
    f.emit('messages.changed', { conversationId: 'c1', messages: [msg('m1', 'sent')] });
    await f.answer('messages.page', [msg('m1', 'sending')]);
    await opening;
    expect(statusOf('m1')).toBe('sent');
  });

  it('a deletion that arrives while the first page travels removes the message', async () => {
    const f = fakeBridge();
    await useMessaging.getState().start(f.bridge, []);
    const opening = useMessaging.getState().select('c1');
    f.emit('messages.deleted', { conversationId: 'c1', ids: ['m1'] });
    await f.answer('messages.page', [msg('m1', 'sent'), msg('m2', 'sent', 2)]);
    await opening;
    expect(useMessaging.getState().messages.c1?.map((m) => m.id)).toEqual(['m2']);
  });

  it("a send's answer does not undo the 'sent' an event already brought", async () => {
    const f = fakeBridge();
    await useMessaging.getState().start(f.bridge, []);
    useMessaging.setState({ messages: { c1: [] }, selected: 'c1' });
    const sending = useMessaging.getState().send('c1', 'hello');
    f.emit('messages.changed', { conversationId: 'c1', messages: [msg('m1', 'sending')] });
    f.emit('messages.changed', { conversationId: 'c1', messages: [msg('m1', 'sent')] });
    await f.answer('messages.send', msg('m1', 'sending'));
    expect(await sending).toBe(true);
    expect(statusOf('m1')).toBe('sent');
  });

  it("a send's answer shows the message when no event came yet", async () => {
    const f = fakeBridge();
    await useMessaging.getState().start(f.bridge, []);
    useMessaging.setState({ messages: { c1: [] }, selected: 'c1' });
    const sending = useMessaging.getState().send('c1', 'hello');
    await f.answer('messages.send', msg('m1', 'sending'));
    await sending;
    expect(statusOf('m1')).toBe('sending');
    f.emit('messages.changed', { conversationId: 'c1', messages: [msg('m1', 'sent')] });
    expect(statusOf('m1')).toBe('sent');
  });

  it('a message sent while the view waits for its first page is kept', async () => {
    const f = fakeBridge();
    await useMessaging.getState().start(f.bridge, []);
    const opening = useMessaging.getState().select('c1');
    const sending = useMessaging.getState().send('c1', 'hello');
    await f.answer('messages.send', msg('m2', 'sending', 2));
    await sending;
    // The page was read before the send.
    await f.answer('messages.page', [msg('m1', 'read')]);
    await opening;
    expect(useMessaging.getState().messages.c1?.map((m) => m.id)).toEqual(['m1', 'm2']);
  });
});
