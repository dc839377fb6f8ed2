/**
 * A community DM's read state across two devices of one account (ConvoInfoVolatile `b`), on a
 * real devnet, set up as room-read-sync.test.ts: computer 1 joins the room, computer 2 restores
 * the phrase and gets the room through UserGroups; Carol writes to Alice's blinded ID; what one
 * computer reads is read on the other, both ways, as for a 1-to-1 conversation (`1`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../../devnet/index';
import type { SessionId } from '../../../src/crypto/keys';
import { VeilCore } from '../../../src/main/core/core';
import type { CommunityRoom } from '../../../src/shared/ipc/communities';
import type { Conversation } from '../../../src/shared/ipc/messaging';
import {
  call,
  removeProfile,
  startClient,
  startTestDevnet,
  waitFor,
  type TestClient,
} from '../messaging/helpers';
import { tempDir } from '../../helpers/temp-dir';

async function restoreClient(devnet: Devnet, phrase: string): Promise<TestClient> {
  const profileDir = tempDir('veil-dm-read-');
  const core = await VeilCore.open({
    profileDir,
    host: 'browser',
    network: 'devnet',
    networkConfig: { seedUrls: [devnet.seedUrl], localDevnet: true, pollIntervalMs: 100 },
  });
  const restored = await core.dispatcher.dispatch('account.restore', { phrase, displayName: 'Alice' });
  if (!restored.ok) throw new Error(restored.error.message);
  const sessionId = (restored.value as { sessionId: string }).sessionId;
  return { core, sessionId, profileDir, close: () => core.close() };
}

const lobby = async (c: TestClient): Promise<CommunityRoom | undefined> =>
  (await call<CommunityRoom[]>(c, 'communities.list', {})).find((r) => r.token.toLowerCase() === 'lobby');

const dmWith = async (c: TestClient, peer: string): Promise<Conversation | undefined> =>
  (await call<Conversation[]>(c, 'conversations.list', {})).find((x) => x.id === peer);

const unreadIs = (c: TestClient, peer: string, n: number) => async () =>
  (await dmWith(c, peer))?.unread === n ? true : undefined;

function volatileOf(c: TestClient) {
  const session = c.core.ensureSession();
  if (!session) throw new Error('no session');
  return session.configSync.configs.volatile;
}

describe('a community DM read on one device is read on the other (devnet)', () => {
  let devnet: Devnet;
  let one: TestClient;
  let carol: TestClient;
  let two: TestClient | undefined;

  beforeAll(async () => {
    devnet = await startTestDevnet();
    one = await startClient(devnet, 'Alice');
    carol = await startClient(devnet, 'Carol');
  }, 60_000);
  afterAll(async () => {
    for (const c of [one, carol, two]) {
      if (!c) continue;
      await c.close();
      removeProfile(c.profileDir);
    }
    await devnet.stop();
  });

  it('both computers follow the read mark of the other, both ways', async () => {
    await call(one, 'communities.join', { url: devnet.community.joinUrl });
    await call(carol, 'communities.join', { url: devnet.community.joinUrl });
    const { phrase } = await call<{ phrase: string }>(one, 'account.revealPhrase', {});
    const c2 = await restoreClient(devnet, phrase);
    two = c2;
    await waitFor('the room on computer 2 (UserGroups)', () => lobby(c2), 30_000);
    const alice = (await lobby(one))?.blindedId ?? '';
    expect((await lobby(c2))?.blindedId).toBe(alice);
    const carolRoom = await lobby(carol);
    if (!carolRoom) throw new Error('Carol is not in the room');
    const carolWrites = (body: string) =>
      call<{ sentAt: number }>(carol, 'communities.sendDm', { roomId: carolRoom.id, to: alice, body });

    await carolWrites('one');
    await carolWrites('two');
    const carolId = carolRoom.blindedId;
    await waitFor('2 unread on computer 1', unreadIs(one, carolId, 2), 30_000);
    await waitFor('2 unread on computer 2', unreadIs(c2, carolId, 2), 30_000);

    await call(one, 'conversations.markRead', { conversationId: carolId });
    await waitFor('read on computer 2', unreadIs(c2, carolId, 0), 30_000);
    const entry = volatileOf(c2).get('blinded', carolId);
    const last = (await dmWith(one, carolId))?.lastMessage?.sentAt;
    expect(entry).toEqual({ lastRead: last, unread: false });

    // The other way round.
    await carolWrites('three');
    await waitFor('1 unread on computer 2', unreadIs(c2, carolId, 1), 30_000);
    await waitFor('1 unread on computer 1', unreadIs(one, carolId, 1), 30_000);
    await call(c2, 'conversations.markRead', { conversationId: carolId as SessionId });
    await waitFor('read on computer 1', unreadIs(one, carolId, 0), 30_000);
  }, 180_000);
});
