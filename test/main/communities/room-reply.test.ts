/**
 * Replies through the core on the devnet: a reply to our own post names it by our blinded ID (as
 * Session desktop's `makeQuote` on a blinded server) and the other side finds it; a reply to a
 * post that is not in the room, or was deleted, is refused before anything is sent.
 */
import { describe, expect, it } from 'vitest';
import type { CommunityPost, CommunityRoom } from '../../../src/shared/ipc/communities';
import { call, useAliceAndBob, waitFor } from '../messaging/helpers';

describe('community replies through the core (devnet)', () => {
  const pair = useAliceAndBob();

  it('a reply to our own post quotes our blinded ID and its time; the other side finds it', async () => {
    const { devnet, alice, bob } = pair;
    const url = devnet.community.joinUrl;
    const roomA = await call<CommunityRoom>(alice, 'communities.join', { url });
    const roomB = await call<CommunityRoom>(bob, 'communities.join', { url });
    const first = await call<CommunityPost>(alice, 'communities.send', { roomId: roomA.id, body: 'first' });
    const second = await call<CommunityPost>(alice, 'communities.send', {
      roomId: roomA.id,
      body: 'and more',
      replyTo: first.id,
    });
    expect(second.quote).toEqual({
      id: first.sentAt,
      author: roomA.blindedId,
      postId: first.id,
      authorName: first.senderName,
      text: 'first',
      mine: true,
    });
    const seen = await waitFor(
      "Alice's reply on Bob's side",
      async () =>
        (
          await call<CommunityPost[]>(bob, 'communities.posts', { roomId: roomB.id, before: null, limit: 20 })
        ).find((p) => p.body === 'and more'),
      30_000,
    );
    expect(seen.quote).toMatchObject({
      id: first.sentAt,
      author: roomA.blindedId,
      postId: first.id,
      mine: false,
    });

    // No such post, or a deleted one: refused, nothing posted.
    const none = await alice.core.dispatcher.dispatch('communities.send', {
      roomId: roomA.id,
      body: 'to nothing',
      replyTo: 999_999,
    });
    expect(none.ok).toBe(false);
    await call(alice, 'communities.deletePost', { roomId: roomA.id, postId: first.id });
    const deleted = await alice.core.dispatcher.dispatch('communities.send', {
      roomId: roomA.id,
      body: 'to a deleted post',
      replyTo: first.id,
    });
    expect(deleted.ok).toBe(false);
    const bodies = (
      await call<CommunityPost[]>(alice, 'communities.posts', { roomId: roomA.id, before: null, limit: 20 })
    ).map((p) => p.body);
    expect(bodies).not.toContain('to nothing');
    expect(bodies).not.toContain('to a deleted post');
  }, 60_000);
});
