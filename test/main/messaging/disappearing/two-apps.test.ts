/**
 * Two app cores on a devnet, driven through the IPC contract as the window does: a change of the
 * disappearing setting reaches the other side as a notice and as its setting, and messages sent
 * afterwards carry it.
 */
import { describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../../../src/shared/ipc/messaging';
import { call, messagesOf, useAliceAndBob, waitFor } from '../helpers';

describe('disappearing setting between two apps', () => {
  const pair = useAliceAndBob();

  it('reaches the other side, after a request was accepted', async () => {
    const { alice, bob } = pair;
    await call(alice, 'conversations.open', { sessionId: bob.sessionId });
    await call(alice, 'messages.send', { conversationId: bob.sessionId, body: 'hello' });
    await waitFor('the request', async () =>
      (await messagesOf(bob, alice.sessionId)).length > 0 ? true : undefined,
    );
    await call(bob, 'requests.accept', { conversationId: alice.sessionId });
    const notice = await call<Message>(alice, 'conversations.setDisappearing', {
      conversationId: bob.sessionId,
      setting: { mode: 'after-send', seconds: 30 },
    });
    expect(notice).toMatchObject({ expirationUpdate: true, expiry: { mode: 'after-send', seconds: 30 } });
    await call(alice, 'messages.send', { conversationId: bob.sessionId, body: 'vanishing' });

    const got = await waitFor('the notice and the message at Bob', async () => {
      const list = await messagesOf(bob, alice.sessionId);
      return list.some((m) => m.body === 'vanishing') ? list : undefined;
    });
    const shown = got.find((m) => m.expirationUpdate);
    expect(shown).toMatchObject({ direction: 'in', expiry: { mode: 'after-send', seconds: 30 } });
    const vanishing = got.find((m) => m.body === 'vanishing');
    expect(vanishing?.expiresAt).toBeGreaterThan(0);
    const convs = await call<Conversation[]>(bob, 'conversations.list', {});
    expect(convs.find((c) => c.id === alice.sessionId)?.disappearing).toEqual({
      mode: 'after-send',
      seconds: 30,
    });
  }, 90_000);
});
