/**
 * Issue 8 end to end on a real devnet: computer 1 creates an account, sets a name, chats with B
 * (accepts B's request, gives B a nickname); computer 2 restores the phrase → same name,
 * contact (with nickname) and conversation; then messages from either computer appear on both,
 * read state follows, and a name change on computer 2 reaches computer 1.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeRecoveryPhrase } from '../../../src/crypto/recovery-phrase';
import { generateSeed16 } from '../../../src/crypto/keys';
import { fetchProfileOfPhrase } from '../../../src/main/config-sync';
import type { AccountSummary } from '../../../src/shared/ipc/account';
import type { Contact, Conversation, Message } from '../../../src/shared/ipc/messaging';
import { runVeil } from '../../cli/helpers';
import { call, messagesOf, removeProfile, waitFor, type TestClient } from '../messaging/helpers';
import { configSyncOf, restoreClient, useTwoComputers } from '../messaging/two-computers';

const conversation = async (c: TestClient, id: string) =>
  (await call<Conversation[]>(c, 'conversations.list', {})).find((x) => x.id === id);

describe('restore on a second computer and stay in step (devnet)', () => {
  const computers = useTwoComputers('Bob');
  let phrase: string;

  it('computer 1: chats with B, accepts, sets a nickname; its configs reach the swarm', async () => {
    const { one, other: bob } = computers;
    await call(bob, 'conversations.open', { sessionId: one.sessionId });
    await call(bob, 'messages.send', { conversationId: one.sessionId, body: 'Hi Alice' });
    await waitFor('request at computer 1', () => conversation(one, bob.sessionId));
    await call(one, 'requests.accept', { conversationId: bob.sessionId });
    await call(one, 'contacts.setNickname', { sessionId: bob.sessionId, nickname: 'Bobby' });
    await call(one, 'messages.send', { conversationId: bob.sessionId, body: 'Hello Bob' });
    await call(one, 'conversations.markRead', { conversationId: bob.sessionId });
    const sync = configSyncOf(one);
    await waitFor('configs pushed', () =>
      sync.idle() && sync.configs.contacts.get(bob.sessionId)?.nickname === 'Bobby' ? true : undefined,
    );
    expect(sync.configs.profile.name).toBe('Alice');
    expect(sync.configs.contacts.get(bob.sessionId)).toMatchObject({ approved: true, nickname: 'Bobby' });
    phrase = (await call<{ phrase: string }>(one, 'account.revealPhrase', {})).phrase;
  }, 60_000);

  it('computer 2 restores the phrase: same name, contact with nickname, conversation and messages', async () => {
    const { devnet, one, other: bob } = computers;
    const restored = await restoreClient(devnet, phrase);
    computers.two = restored;
    expect(restored.fetched).toBe('Alice');
    expect(restored.sessionId).toBe(one.sessionId);
    const c = await waitFor('conversation with B at computer 2', async () => {
      const found = await conversation(restored, bob.sessionId);
      return found?.name === 'Bobby' ? found : undefined;
    });
    expect(c.isRequest).toBe(false);
    const contacts = await call<Contact[]>(restored, 'contacts.list', {});
    expect(contacts.find((x) => x.sessionId === bob.sessionId)?.nickname).toBe('Bobby');
    await waitFor('both messages at computer 2', async () => {
      const bodies = (await messagesOf(restored, bob.sessionId)).map((m) => `${m.direction}:${m.body}`);
      return bodies.includes('in:Hi Alice') && bodies.includes('out:Hello Bob') ? true : undefined;
    });
    await waitFor('read state at computer 2', async () =>
      (await conversation(restored, bob.sessionId))?.unread === 0 ? true : undefined,
    );
    const account = await call<AccountSummary>(restored, 'account.show', {});
    expect(account.displayName).toBe('Alice');
  }, 60_000);

  it('messages sent from either computer appear on both, and read state follows', async () => {
    const { one, other: bob } = computers;
    const c2 = computers.two as TestClient;
    await call<Message>(c2, 'messages.send', { conversationId: bob.sessionId, body: 'From computer 2' });
    await waitFor('at B', async () =>
      (await messagesOf(bob, one.sessionId)).find((m) => m.body === 'From computer 2'),
    );
    await waitFor('on computer 1 (sync copy)', async () =>
      (await messagesOf(one, bob.sessionId)).find(
        (m) => m.body === 'From computer 2' && m.direction === 'out',
      ),
    );

    await call<Message>(bob, 'messages.send', { conversationId: one.sessionId, body: 'To both' });
    for (const c of [one, c2])
      await waitFor('B’s message on both', async () =>
        (await messagesOf(c, bob.sessionId)).find((m) => m.body === 'To both'),
      );
    await call(one, 'conversations.markRead', { conversationId: bob.sessionId });
    await waitFor('read on computer 2', async () =>
      (await conversation(c2, bob.sessionId))?.unread === 0 ? true : undefined,
    );
  }, 60_000);

  it('a name change on computer 2 reaches computer 1 within a few polls', async () => {
    const { one } = computers;
    const c2 = computers.two as TestClient;
    await call(c2, 'account.setDisplayName', { displayName: 'Alice Deux' });
    await waitFor(
      'new name on computer 1',
      async () =>
        (await call<AccountSummary>(one, 'account.show', {})).displayName === 'Alice Deux' ? true : undefined,
      15_000,
    );
  }, 30_000);

  it('settles: no push ping-pong between the two computers once in step', async () => {
    const { one } = computers;
    const syncs = [configSyncOf(one), configSyncOf(computers.two as TestClient)];
    await waitFor('both idle', () => (syncs.every((x) => x.idle()) ? true : undefined));
    await new Promise((r) => setTimeout(r, 1500));
    const before = syncs.map((x) => x.counters.pushes);
    await new Promise((r) => setTimeout(r, 2000)); // about 20 polls each
    expect(syncs.map((x) => x.counters.pushes)).toEqual(before);
    expect(syncs.every((x) => x.idle())).toBe(true);
  }, 30_000);

  it('CLI: account restore --json prints the fetched name; conversations lists what came back', async () => {
    const { devnet, one, other: bob } = computers;
    const dir = mkdtempSync(join(tmpdir(), 'veil-sync-cli-'));
    try {
      const r = await runVeil(
        ['--profile', dir, '--network', devnet.seedUrl, 'account', 'restore', '--json'],
        phrase,
      );
      expect(r.err).toEqual([]);
      expect(r.out).toEqual([JSON.stringify({ sessionId: one.sessionId, displayName: 'Alice Deux' })]);
      const list = await runVeil(['--profile', dir, '--network', devnet.seedUrl, 'conversations', '--json']);
      expect(list.code).toBe(0);
      const convos = JSON.parse(list.out[0] ?? '[]') as { sessionId: string }[];
      expect(convos.map((x) => x.sessionId)).toContain(bob.sessionId);
    } finally {
      removeProfile(dir);
    }
  }, 60_000);

  it('an account with nothing in its swarm: no name after the wait', async () => {
    const { one } = computers;
    const fresh = encodeRecoveryPhrase(generateSeed16());
    const started = Date.now();
    expect(await fetchProfileOfPhrase(one.core.network, fresh, 1500)).toEqual({ displayName: null });
    expect(Date.now() - started).toBeLessThan(5000);
  }, 20_000);
});
