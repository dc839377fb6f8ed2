import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../../devnet/index';
import type { Contact } from '../../../src/shared/ipc/messaging';
import {
  call,
  removeProfile,
  startClient,
  startTestDevnet,
  waitFor,
  type TestClient,
} from '../messaging/helpers';

/**
 * A poll that lands between a local edit and its change event must not undo the edit with the
 * older state from the swarm (seen in CI: a nickname and an accepted contact reverted).
 */
describe('local edits survive a poll that races them', () => {
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

  it('keeps an accepted request and a new nickname when a config poll runs right after', async () => {
    await call(alice, 'conversations.open', { sessionId: bob.sessionId });
    await call(alice, 'messages.send', { conversationId: bob.sessionId, body: 'hello' });
    await waitFor('request at Bob', async () =>
      (await call<{ id: string }[]>(bob, 'conversations.list', {})).find((c) => c.id === alice.sessionId),
    );
    const sync = bob.core.ensureSession()!.configSync;
    await sync.pollOnce();
    // Each edit is followed at once by an (empty) poll result, before its change event fires.
    await call(bob, 'requests.accept', { conversationId: alice.sessionId });
    sync.handleBatch(new Map());
    await call(bob, 'contacts.setNickname', { sessionId: alice.sessionId, nickname: 'Ali' });
    sync.handleBatch(new Map());
    await sync.pollOnce();
    const contacts = await call<Contact[]>(bob, 'contacts.list', {});
    expect(contacts.find((c) => c.sessionId === alice.sessionId)).toMatchObject({
      nickname: 'Ali',
      blocked: false,
    });
  }, 60_000);
});
