/** Replying in a room from the window: the quote bar's post goes with the send; a quote jumps. */
import { describe, expect, it } from 'vitest';
import { useCommunities } from '../../src/renderer/communities/store';
import type { VeilBridge } from '../../src/shared/ipc/bridge';
import { post } from './fake-bridge';

describe('community replies in the window', () => {
  it('send the post replied to with the text, then close the quote bar', async () => {
    const sent: unknown[] = [];
    const bridge = {
      invoke: (channel: string, args: unknown) => {
        expect(channel).toBe('communities.send');
        sent.push(args);
        return Promise.resolve({ ok: true, value: post(9, { body: 'yes' }) });
      },
    } as unknown as VeilBridge;
    useCommunities.setState({ bridge, posts: { 1: [post(4)] }, replyTo: {} });
    const s = () => useCommunities.getState();
    s().setReplyTo(1, post(4));
    expect(await s().send(1, 'yes')).toBe(true);
    expect(sent).toEqual([{ roomId: 1, body: 'yes', replyTo: 4 }]);
    expect(s().replyTo[1]).toBeUndefined();
    // Not replying: no replyTo at all.
    expect(await s().send(1, 'plain')).toBe(true);
    expect(sent[1]).toEqual({ roomId: 1, body: 'plain' });
  });

  it('page older posts in until the quoted one is loaded, then jump to it', async () => {
    const pages = [
      [post(5), post(6)],
      [post(2), post(3)],
    ];
    const asked: unknown[] = [];
    const bridge = {
      invoke: (channel: string, args: unknown) => {
        expect(channel).toBe('communities.posts');
        asked.push(args);
        return Promise.resolve({ ok: true, value: pages.shift() ?? [] });
      },
    } as unknown as VeilBridge;
    useCommunities.setState({
      bridge,
      posts: { 1: [post(7), post(8)] },
      hasOlder: { 1: true },
      loadingOlder: {},
      jump: undefined,
      selected: 1, // a quote is pressed in the room shown
    });
    const s = () => useCommunities.getState();
    // POST_PAGE is 50: a short page says there is nothing older, so paging stops after one.
    const found = await s().jumpTo(1, 6);
    expect(found).toBe(true);
    expect(s().jump).toMatchObject({ roomId: 1, postId: 6 });
    expect(asked).toHaveLength(1);
    // A post that is nowhere: false, no jump.
    const seq = s().jump?.seq;
    expect(await s().jumpTo(1, 1)).toBe(false);
    expect(s().jump?.seq).toBe(seq);
  });
});
