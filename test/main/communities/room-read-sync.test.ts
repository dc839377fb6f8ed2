/**
 * A community's read state across two devices of one account (ConvoInfoVolatile `o`), on a real
 * devnet: computer 1 joins the room, computer 2 restores the phrase and gets the room through
 * UserGroups; Carol posts; what one computer reads is read on the other, both ways, as for a
 * 1-to-1 conversation (config-sync/two-devices.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { CommunityPost, CommunityRoom } from '../../../src/shared/ipc/communities';
import { call, waitFor, type TestClient } from '../messaging/helpers';
import { configSyncOf, restoreClient, useTwoComputers } from '../messaging/two-computers';

const lobby = async (c: TestClient): Promise<CommunityRoom | undefined> =>
  (await call<CommunityRoom[]>(c, 'communities.list', {})).find((r) => r.token.toLowerCase() === 'lobby');

const unreadIs = (c: TestClient, n: number) => async () =>
  (await lobby(c))?.unread === n ? true : undefined;

const volatileOf = (c: TestClient) => configSyncOf(c).configs.volatile;

describe('a community read on one device is read on the other (devnet)', () => {
  const computers = useTwoComputers('Carol');

  const carolPosts = async (body: string): Promise<CommunityPost> => {
    const room = await lobby(computers.other);
    if (!room) throw new Error('Carol is not in the room');
    return call<CommunityPost>(computers.other, 'communities.send', { roomId: room.id, body });
  };

  it('both computers follow the read mark of the other, both ways', async () => {
    const { devnet, one, other: carol } = computers;
    await call(one, 'communities.join', { url: devnet.community.joinUrl });
    await call(carol, 'communities.join', { url: devnet.community.joinUrl });
    const { phrase } = await call<{ phrase: string }>(one, 'account.revealPhrase', {});
    const c2 = await restoreClient(devnet, phrase, 'Alice');
    computers.two = c2;
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
