import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../../devnet/index';
import type { Conversation, Message } from '../../../src/shared/ipc/messaging';
import {
  call,
  messagesOf,
  removeProfile,
  startClient,
  startTestDevnet,
  waitFor,
  type TestClient,
} from './helpers';

describe('1-to-1 messaging on a real devnet', () => {
  let devnet: Devnet;
  let alice: TestClient;
  let bob: TestClient;

  beforeAll(async () => {
    devnet = await startTestDevnet();
    alice = await startClient(devnet, 'Alice');
    bob = await startClient(devnet, 'Bob');
  }, 60_000);
  afterAll(async () => {
    await alice.close();
    await bob.close();
    await devnet.stop();
    removeProfile(alice.profileDir);
    removeProfile(bob.profileDir);
  });

  it('A writes to B: sent, then B sees a message request with A’s name; B accepts and replies; A gets it', async () => {
    await call(alice, 'conversations.open', { sessionId: bob.sessionId });
    const sent = await call<Message>(alice, 'messages.send', {
      conversationId: bob.sessionId,
      body: 'Bonjour Bob 👋',
    });
    expect(sent.status).toBe('sending');
    await waitFor('sent', async () =>
      (await messagesOf(alice, bob.sessionId)).find((m) => m.id === sent.id)?.status === 'sent'
        ? true
        : undefined,
    );

    const request = await waitFor('request at B', async () =>
      (await call<Conversation[]>(bob, 'conversations.list', {})).find((c) => c.id === alice.sessionId),
    );
    expect(request.isRequest).toBe(true);
    await waitFor('A’s name at B', async () =>
      (await call<Conversation[]>(bob, 'conversations.list', {})).find(
        (c) => c.id === alice.sessionId && c.name === 'Alice',
      ),
    );
    const received = await messagesOf(bob, alice.sessionId);
    expect(received.map((m) => [m.body, m.direction, m.sender, m.sentAt])).toEqual([
      ['Bonjour Bob 👋', 'in', alice.sessionId, sent.sentAt],
    ]);

    await call(bob, 'requests.accept', { conversationId: alice.sessionId });
    await call(bob, 'messages.send', { conversationId: alice.sessionId, body: 'Salut Alice' });
    await waitFor('reply at A', async () =>
      (await messagesOf(alice, bob.sessionId)).find((m) => m.body === 'Salut Alice'),
    );
  }, 60_000);

  it('read receipts flow back when the reader has them on', async () => {
    await call(bob, 'settings.update', { readReceipts: true });
    const m = await call<Message>(alice, 'messages.send', { conversationId: bob.sessionId, body: 'Lu ?' });
    await waitFor('delivered', async () =>
      (await messagesOf(bob, alice.sessionId)).find((x) => x.body === 'Lu ?'),
    );
    await call(bob, 'conversations.markRead', { conversationId: alice.sessionId });
    await waitFor('read at A', async () =>
      (await messagesOf(alice, bob.sessionId)).find((x) => x.id === m.id)?.status === 'read'
        ? true
        : undefined,
    );
  }, 60_000);

  it('a request read before it was accepted is acknowledged on accept (receipts on)', async () => {
    const carol = await startClient(devnet, 'Carol');
    try {
      await call(carol, 'settings.update', { readReceipts: true });
      await call(alice, 'conversations.open', { sessionId: carol.sessionId });
      const m = await call<Message>(alice, 'messages.send', {
        conversationId: carol.sessionId,
        body: 'Coucou Carol',
      });
      await waitFor('request at C', async () =>
        (await messagesOf(carol, alice.sessionId)).find((x) => x.body === 'Coucou Carol'),
      );
      await call(carol, 'conversations.markRead', { conversationId: alice.sessionId });
      await call(carol, 'requests.accept', { conversationId: alice.sessionId });
      await waitFor('read at A', async () =>
        (await messagesOf(alice, carol.sessionId)).find((x) => x.id === m.id)?.status === 'read'
          ? true
          : undefined,
      );
    } finally {
      await carol.close();
      removeProfile(carol.profileDir);
    }
  }, 60_000);

  it('an offline recipient gets everything when it comes back, once', async () => {
    const bobDir = bob.profileDir;
    await bob.close();
    const bodies = ['un', 'deux', 'trois', 'quatre', 'cinq'];
    for (const body of bodies) await call(alice, 'messages.send', { conversationId: bob.sessionId, body });
    await waitFor('all sent', async () => {
      const mine = (await messagesOf(alice, bob.sessionId)).filter((m) => bodies.includes(m.body));
      return mine.length === 5 && mine.every((m) => m.status === 'sent') ? true : undefined;
    });
    bob = await startClient(devnet, 'Bob', bobDir);
    const got = await waitFor('all received', async () => {
      const inbox = (await messagesOf(bob, alice.sessionId)).filter((m) => bodies.includes(m.body));
      return inbox.length === 5 ? inbox : undefined;
    });
    expect(got.map((m) => m.body)).toEqual(bodies);
    // A few more polls: still exactly once each.
    await new Promise((r) => setTimeout(r, 600));
    expect((await messagesOf(bob, alice.sessionId)).filter((m) => bodies.includes(m.body))).toHaveLength(5);
  }, 60_000);
});
