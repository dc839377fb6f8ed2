import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../../devnet/index';
import { VeilCore } from '../../../src/main/core/core';
import type { Message } from '../../../src/shared/ipc/messaging';
import type { CommunityRoom } from '../../../src/shared/ipc/communities';
import {
  call,
  messagesOf,
  removeProfile,
  startClient,
  startTestDevnet,
  waitFor,
  type TestClient,
} from '../messaging/helpers';
import { tempDir } from '../../helpers/temp-dir';

/**
 * The first window's state before the first polls' handling (issue #15, cold start;
 * core/first-screen.ts), on a devnet: a core told that a window will ask leaves what its swarm
 * holds unhandled until `app.initialState` is answered, or until the bound has passed.
 */
describe('a core expecting a window', () => {
  let devnet: Devnet;
  let bob: TestClient;
  let aliceDir: string;
  let aliceId: string;
  let roomId: CommunityRoom['id'];
  let posted: number;

  beforeAll(async () => {
    devnet = await startTestDevnet();
    aliceDir = tempDir('veil-first-screen-');
    const alice = await startClient(devnet, 'Alice', aliceDir);
    aliceId = alice.sessionId;
    const room = await call<CommunityRoom>(alice, 'communities.join', { url: devnet.community.joinUrl });
    roomId = room.id;
    await alice.close();
    bob = await startClient(devnet, 'Bob');
    await call(bob, 'conversations.open', { sessionId: aliceId });
    await send('waiting');
    const bobRoom = await call<CommunityRoom>(bob, 'communities.join', { url: devnet.community.joinUrl });
    posted = (
      await call<{ sentAt: number }>(bob, 'communities.send', { roomId: bobRoom.id, body: 'in the room' })
    ).sentAt;
  }, 60_000);

  const send = async (body: string) => {
    const sent = await call<Message>(bob, 'messages.send', { conversationId: aliceId, body });
    await waitFor('the message stored', async () =>
      (await messagesOf(bob, aliceId)).find((m) => m.id === sent.id)?.status === 'sent' ? true : undefined,
    );
  };

  afterAll(async () => {
    await bob.close();
    removeProfile(bob.profileDir);
    removeProfile(aliceDir);
    await devnet.stop();
  });

  const open = (boundMs: number) =>
    VeilCore.open(
      {
        profileDir: aliceDir,
        host: 'browser',
        network: 'devnet',
        networkConfig: { seedUrls: [devnet.seedUrl], localDevnet: true, pollIntervalMs: 100 },
      },
      (core) => {
        core.expectWindow(boundMs);
      },
    );
  const received = async (core: VeilCore, body = 'waiting') => {
    const r = await core.dispatch('messages.page', {
      conversationId: bob.sessionId,
      before: null,
      limit: 10,
    });
    return r.ok && (r.value as Message[]).some((m) => m.body === body);
  };

  const roomHasPost = async (core: VeilCore) => {
    const r = await core.dispatch('communities.list', {});
    const room = r.ok ? (r.value as CommunityRoom[]).find((x) => x.id === roomId) : undefined;
    return room?.lastPostAt !== null && room?.lastPostAt !== undefined && room.lastPostAt >= posted - 2_000;
  };

  it('answers the first state before handling what its swarm holds', async () => {
    const core = await open(20_000);
    try {
      // Polls run meanwhile (paths, swarm asked) but hand nothing over.
      await waitFor('a poll asked', () =>
        (core.network?.status().paths.length ?? 0) > 0 ? true : undefined,
      );
      // Rooms poll every second at the fastest.
      await new Promise((r) => setTimeout(r, 1_500));
      expect(await received(core)).toBe(false);
      expect(await roomHasPost(core)).toBe(false);
      const first = await core.dispatch('app.initialState', {});
      expect(first.ok).toBe(true);
      await waitFor('the message handled', async () => ((await received(core)) ? true : undefined), 10_000);
      await waitFor(
        'the post of the room stored',
        async () => ((await roomHasPost(core)) ? true : undefined),
        10_000,
      );
    } finally {
      await core.close();
    }
  }, 30_000);

  it('handles it after the bound when no window asks', async () => {
    await send('no window');
    const core = await open(300);
    try {
      await waitFor(
        'the message handled',
        async () => ((await received(core, 'no window')) ? true : undefined),
        10_000,
      );
    } finally {
      await core.close();
    }
  }, 30_000);
});
