/**
 * A community's read state across two devices of one account (ConvoInfoVolatile `o`), on a real
 * devnet: computer 1 joins the room, computer 2 restores the phrase and gets the room through
 * UserGroups; Carol posts; what one computer reads is read on the other, both ways, as for a
 * 1-to-1 conversation (config-sync/two-devices.test.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../../devnet/index';
import { VeilCore } from '../../../src/main/core/core';
import type { CommunityPost, CommunityRoom } from '../../../src/shared/ipc/communities';
import {
  call,
  removeProfile,
  startClient,
  startTestDevnet,
  waitFor,
  type TestClient,
} from '../messaging/helpers';

async function restoreClient(devnet: Devnet, phrase: string): Promise<TestClient> {
  const profileDir = mkdtempSync(join(tmpdir(), 'veil-room-read-'));
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

const unreadIs = (c: TestClient, n: number) => async () =>
  (await lobby(c))?.unread === n ? true : undefined;

function volatileOf(c: TestClient) {
  const session = c.core.ensureSession();
  if (!session) throw new Error('no session');
  return session.configSync.configs.volatile;
}

describe('a community read on one device is read on the other (devnet)', () => {
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

  const carolPosts = async (body: string): Promise<CommunityPost> => {
    const room = await lobby(carol);
    if (!room) throw new Error('Carol is not in the room');
    return call<CommunityPost>(carol, 'communities.send', { roomId: room.id, body });
  };

  it('both computers follow the read mark of the other, both ways', async () => {
    await call(one, 'communities.join', { url: devnet.community.joinUrl });
    await call(carol, 'communities.join', { url: devnet.community.joinUrl });
    const { phrase } = await call<{ phrase: string }>(one, 'account.revealPhrase', {});
    const c2 = await restoreClient(devnet, phrase);
    two = c2;
    await waitFor('the room on computer 2 (UserGroups)', () => lobby(c2), 30_000);
    // Computer 2 polls the room once before Carol posts: her posts come after its join.
    await waitFor('computer 2 polled the room', async () =>
      (await lobby(c2))?.name === 'Lobby' ? true : undefined,
    );

    await carolPosts('one');
    const last = await carolPosts('two');
    await waitFor('2 unread on computer 1', unreadIs(one, 2), 30_000);
    await waitFor('2 unread on computer 2', unreadIs(c2, 2), 30_000);

    const room1 = await lobby(one);
    await call(one, 'communities.markRead', { roomId: room1?.id, upTo: last.id });
    await waitFor('read on computer 2', unreadIs(c2, 0), 30_000);
    const entry = volatileOf(c2).getCommunity(room1?.baseUrl ?? '', 'lobby');
    expect(entry?.lastRead).toBe(last.sentAt);

    // The other way round, and only up to what was read there.
    const three = await carolPosts('three');
    await carolPosts('four');
    await waitFor('2 unread on computer 2', unreadIs(c2, 2), 30_000);
    await waitFor('2 unread on computer 1', unreadIs(one, 2), 30_000);
    const room2 = await lobby(c2);
    await call(c2, 'communities.markRead', { roomId: room2?.id, upTo: three.id });
    await waitFor('one left unread on computer 1', unreadIs(one, 1), 30_000);
  }, 180_000);
});
