import { describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../../src/shared/ipc/messaging';
import { call, messagesOf, removeProfile, startClient, useAliceAndBob, waitFor } from './helpers';

describe('1-to-1 messaging on a real devnet', () => {
  const pair = useAliceAndBob();

  it('A writes to B: sent, then B sees a message request with A’s name; B accepts and replies; A gets it', async () => {
    await call(pair.alice, 'conversations.open', { sessionId: pair.bob.sessionId });
    const sent = await call<Message>(pair.alice, 'messages.send', {
      conversationId: pair.bob.sessionId,
      body: 'Bonjour Bob 👋',
    });
    expect(sent.status).toBe('sending');
    await waitFor('sent', async () =>
      (await messagesOf(pair.alice, pair.bob.sessionId)).find((m) => m.id === sent.id)?.status === 'sent'
        ? true
        : undefined,
    );

    const request = await waitFor('request at B', async () =>
      (await call<Conversation[]>(pair.bob, 'conversations.list', {})).find(
        (c) => c.id === pair.alice.sessionId,
      ),
    );
    expect(request.isRequest).toBe(true);
    await waitFor('A’s name at B', async () =>
      (await call<Conversation[]>(pair.bob, 'conversations.list', {})).find(
        (c) => c.id === pair.alice.sessionId && c.name === 'Alice',
      ),
    );
    const received = await messagesOf(pair.bob, pair.alice.sessionId);
    expect(received.map((m) => [m.body, m.direction, m.sender, m.sentAt])).toEqual([
      ['Bonjour Bob 👋', 'in', pair.alice.sessionId, sent.sentAt],
    ]);

    await call(pair.bob, 'requests.accept', { conversationId: pair.alice.sessionId });
    await call(pair.bob, 'messages.send', { conversationId: pair.alice.sessionId, body: 'Salut Alice' });
    await waitFor('reply at A', async () =>
      (await messagesOf(pair.alice, pair.bob.sessionId)).find((m) => m.body === 'Salut Alice'),
    );
  }, 60_000);

  it('read receipts flow back when the reader has them on', async () => {
    await call(pair.bob, 'settings.update', { readReceipts: true });
    const m = await call<Message>(pair.alice, 'messages.send', {
      conversationId: pair.bob.sessionId,
      body: 'Lu ?',
    });
    await waitFor('delivered', async () =>
      (await messagesOf(pair.bob, pair.alice.sessionId)).find((x) => x.body === 'Lu ?'),
    );
    await call(pair.bob, 'conversations.markRead', { conversationId: pair.alice.sessionId });
    await waitFor('read at A', async () =>
      (await messagesOf(pair.alice, pair.bob.sessionId)).find((x) => x.id === m.id)?.status === 'read'
        ? true
        : undefined,
    );
  }, 60_000);

  it('a request read before it was accepted is acknowledged on accept (receipts on)', async () => {
    const carol = await startClient(pair.devnet, 'Carol');
    try {
      await call(carol, 'settings.update', { readReceipts: true });
      await call(pair.alice, 'conversations.open', { sessionId: carol.sessionId });
      const m = await call<Message>(pair.alice, 'messages.send', {
        conversationId: carol.sessionId,
        body: 'Coucou Carol',
      });
      await waitFor('request at C', async () =>
        (await messagesOf(carol, pair.alice.sessionId)).find((x) => x.body === 'Coucou Carol'),
      );
      await call(carol, 'conversations.markRead', { conversationId: pair.alice.sessionId });
      await call(carol, 'requests.accept', { conversationId: pair.alice.sessionId });
      await waitFor('read at A', async () =>
        (await messagesOf(pair.alice, carol.sessionId)).find((x) => x.id === m.id)?.status === 'read'
          ? true
          : undefined,
      );
    } finally {
      await carol.close();
      removeProfile(carol.profileDir);
    }
  }, 60_000);

  it('an offline recipient gets everything when it comes back, once', async () => {
    const bobDir = pair.bob.profileDir;
    await pair.bob.close();
    const bodies = ['un', 'deux', 'trois', 'quatre', 'cinq'];
    for (const body of bodies)
      await call(pair.alice, 'messages.send', { conversationId: pair.bob.sessionId, body });
    await waitFor('all sent', async () => {
      const mine = (await messagesOf(pair.alice, pair.bob.sessionId)).filter((m) => bodies.includes(m.body));
      return mine.length === 5 && mine.every((m) => m.status === 'sent') ? true : undefined;
    });
    pair.bob = await startClient(pair.devnet, 'Bob', bobDir);
    const got = await waitFor('all received', async () => {
      const inbox = (await messagesOf(pair.bob, pair.alice.sessionId)).filter((m) => bodies.includes(m.body));
      return inbox.length === 5 ? inbox : undefined;
    });
    expect(got.map((m) => m.body)).toEqual(bodies);
    // A few more polls: still exactly once each.
    await new Promise((r) => setTimeout(r, 600));
    expect(
      (await messagesOf(pair.bob, pair.alice.sessionId)).filter((m) => bodies.includes(m.body)),
    ).toHaveLength(5);
  }, 60_000);
});
