/**
 * Sending a post must not move the room's `since` position. The server's answer to our post
 * carries its seqno, and posts others made since our last poll have lower ones: when our send
 * moved `since` to it, the next poll asked `messages/since/<ours>` and those posts were never
 * fetched (seen in CI: Bob's reply shown, Alice's earlier post never). Session moves the position
 * only from what it polled (`messages/since`, `recent`).
 */
import { describe, expect, it } from 'vitest';
import type { CommunityPost, CommunityRoom } from '../../../src/shared/ipc/communities';
import { call, useAliceAndBob, waitFor, type TestClient } from '../messaging/helpers';

const lobby = async (c: TestClient): Promise<CommunityRoom | undefined> =>
  (await call<CommunityRoom[]>(c, 'communities.list', {})).find((r) => r.token.toLowerCase() === 'lobby');

const bodiesIn = async (c: TestClient, roomId: number): Promise<string[]> =>
  (await call<CommunityPost[]>(c, 'communities.posts', { roomId, before: null, limit: 50 })).map(
    (p) => p.body,
  );

describe('our own post and the room position (devnet)', () => {
  const pair = useAliceAndBob();

  it('posts made before ours since the last poll still arrive', async () => {
    const { devnet, alice, bob } = pair;
    const url = devnet.community.joinUrl;
    // The room has posts: Bob's position after joining is not 0 (a position of 0 reads `recent`).
    const seeded = await fetch(new URL('sogs/rooms/lobby/seed', devnet.controlUrl), {
      method: 'POST',
      body: JSON.stringify({ count: 3 }),
    });
    expect(seeded.ok).toBe(true);
    const roomA = await call<CommunityRoom>(alice, 'communities.join', { url });
    const roomB = await call<CommunityRoom>(bob, 'communities.join', { url });
    // Bob's room has been read from the server once (join reads the recent page).
    expect((await lobby(bob))?.id).toBe(roomB.id);
    await new Promise((r) => setTimeout(r, 1500)); // the poll that follows a join has ended

    // Alice posts, then Bob at once: Bob's 10-second poll has not run in between (checked below).
    const hello = await call<CommunityPost>(alice, 'communities.send', { roomId: roomA.id, body: 'hello' });
    const before = await bodiesIn(bob, roomB.id);
    await call<CommunityPost>(bob, 'communities.send', { roomId: roomB.id, body: 'reply' });
    expect(before).not.toContain('hello');

    const bodies = await waitFor(
      "Alice's post on Bob's side",
      async () => {
        const b = await bodiesIn(bob, roomB.id);
        return b.includes('hello') ? b : undefined;
      },
      30_000,
    );
    expect(bodies).toContain('reply');
    expect(hello.body).toBe('hello');
  }, 60_000);
});
