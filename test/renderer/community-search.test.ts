import { describe, expect, it } from 'vitest';
import { POST_PAGE, useCommunities } from '../../src/renderer/communities/store';
import type { VeilBridge } from '../../src/shared/ipc/bridge';
import type { CommunityPostHit, CommunityRoom } from '../../src/shared/ipc/communities';
import { fakeBridge, post } from './fake-bridge';

const room: CommunityRoom = {
  id: 1,
  joinUrl: 'https://a.example/r?public_key=aa',
  baseUrl: 'https://a.example',
  token: 'r',
  name: 'Room',
  description: null,
  activeUsers: 1,
  blindedId: `15${'cd'.repeat(32)}`,
  unread: 0,
  lastPostAt: null,
  canWrite: true,
  moderator: false,
  admin: false,
  hasImage: false,
  imageId: null,
  hasOlder: false,
};

const hit = (postId: number): CommunityPostHit => ({
  roomId: 1,
  roomName: 'Room',
  postId,
  sender: `15${'ab'.repeat(32)}`,
  senderName: null,
  mine: false,
  sentAt: 1,
  snippet: `post ${postId}`,
});

describe('community posts found by the list search', () => {
  it('open their room paged back to the post, then ask for it to be brought into view', async () => {
    // 130 stored posts: the post 12 is behind the first two pages.
    const all = Array.from({ length: 130 }, (_, i) => post(i + 1));
    const asked: (number | null)[] = [];
    const bridge = {
      host: 'browser',
      on: () => () => undefined,
      invoke: (name: string, args: { before: number | null; limit: number }) => {
        if (name !== 'communities.posts') return Promise.resolve({ ok: true, value: null });
        asked.push(args.before);
        const older = all.filter((p) => args.before === null || p.id < args.before).reverse();
        return Promise.resolve({ ok: true, value: older.slice(0, args.limit) });
      },
    } as unknown as VeilBridge;
    useCommunities.setState({
      bridge,
      rooms: [room],
      posts: {},
      hasOlder: {},
      loadingOlder: {},
      focus: undefined,
    });
    await useCommunities.getState().openAt(1, 12);
    expect(asked).toEqual([null, 130 - POST_PAGE + 1, 130 - 2 * POST_PAGE + 1]);
    expect(useCommunities.getState().selected).toBe(1);
    expect(useCommunities.getState().posts[1]?.some((p) => p.id === 12)).toBe(true);
    expect(useCommunities.getState().focus).toMatchObject({ roomId: 1, postId: 12 });
    const first = useCommunities.getState().focus?.seq;
    // The same hit chosen again: a new focus (the list scrolls to it again), no page read.
    await useCommunities.getState().openAt(1, 12);
    expect(asked).toHaveLength(3);
    expect(useCommunities.getState().focus?.seq).not.toBe(first);
  });

  it('keep only the latest search’s answer when answers come back out of order', async () => {
    const f = fakeBridge();
    useCommunities.setState({ bridge: f.bridge, found: undefined });
    const older = useCommunities.getState().search('ec');
    const newer = useCommunities.getState().search('ecole');
    expect(f.asked('communities.search')).toBe(2);
    await f.answerLast('communities.search', [hit(2)]);
    await f.answer('communities.search', [hit(1), hit(2)]);
    await Promise.all([older, newer]);
    expect(useCommunities.getState().found).toEqual({ text: 'ecole', hits: [hit(2)] });
    await useCommunities.getState().search('');
    expect(useCommunities.getState().found).toBeUndefined();
  });
});
