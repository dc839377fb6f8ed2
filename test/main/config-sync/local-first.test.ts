import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../src/shared/ipc/messaging';
import { call, useAliceAndBob, waitFor } from '../messaging/helpers';

/**
 * A poll that lands between a local edit and its change event must not undo the edit with the
 * older state from the swarm (seen in CI: a nickname and an accepted contact reverted).
 */
describe('local edits survive a poll that races them', () => {
  const pair = useAliceAndBob();

  it('keeps an accepted request and a new nickname when a config poll runs right after', async () => {
    await call(pair.alice, 'conversations.open', { sessionId: pair.bob.sessionId });
    await call(pair.alice, 'messages.send', { conversationId: pair.bob.sessionId, body: 'hello' });
    await waitFor('request at Bob', async () =>
      (await call<{ id: string }[]>(pair.bob, 'conversations.list', {})).find(
        (c) => c.id === pair.alice.sessionId,
      ),
    );
    const sync = pair.bob.core.ensureSession()!.configSync;
    await sync.pollOnce();
    // Each edit is followed at once by an (empty) poll result, before its change event fires.
    await call(pair.bob, 'requests.accept', { conversationId: pair.alice.sessionId });
    sync.handleBatch(new Map());
    await call(pair.bob, 'contacts.setNickname', { sessionId: pair.alice.sessionId, nickname: 'Ali' });
    sync.handleBatch(new Map());
    await sync.pollOnce();
    const contacts = await call<Contact[]>(pair.bob, 'contacts.list', {});
    expect(contacts.find((c) => c.sessionId === pair.alice.sessionId)).toMatchObject({
      nickname: 'Ali',
      blocked: false,
    });
  }, 60_000);
});
