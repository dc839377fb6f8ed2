/**
 * The race the messaging store had (issue #19's "sending" community DM), in the other stores:
 * events and answers travel by different channels in the browser host, so (a) an event that
 * arrives while a first page or list is on its way must not be dropped, and (b) an answer must
 * never replace what a newer event brought.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AVATAR_BATCH_MAX } from '../../src/shared/ipc/avatar';
import type { VeilBridge } from '../../src/shared/ipc/bridge';
import type { CommunityRoom } from '../../src/shared/ipc/communities';
import type { GroupMember, GroupSummary } from '../../src/shared/ipc/groups';
import type { Conversation } from '../../src/shared/ipc/messaging';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { useCommunities } from '../../src/renderer/communities/store';
import { useGroups } from '../../src/renderer/groups/store';
import { useApp } from '../../src/renderer/store';
import { useMessaging } from '../../src/renderer/messaging/store';
import { listenForAvatars, loadAvatar, useAvatars } from '../../src/renderer/messaging/useAvatar';
import { fakeBridge, post } from './fake-bridge';

const room = (name: string) => ({ id: 1, name, unread: 0, hasOlder: false }) as unknown as CommunityRoom;
const group = (name: string) => ({ id: `03${'cd'.repeat(32)}`, name }) as unknown as GroupSummary;

beforeEach(() => {
  vi.stubGlobal('document', { hasFocus: () => false });
  vi.stubGlobal('requestAnimationFrame', (f: () => void) => setTimeout(f, 0));
  vi.stubGlobal('requestIdleCallback', (f: () => void) => setTimeout(f, 0));
});

afterEach(() => {
  vi.unstubAllGlobals();
  useCommunities.setState({ posts: {}, rooms: [], selected: undefined, hasOlder: {}, bridge: undefined });
  useGroups.setState({ groups: [], members: {}, open: undefined, bridge: undefined });
});

describe('community rooms', () => {
  it('a post that arrives while the first page travels is shown with it', async () => {
    const f = fakeBridge();
    const starting = useCommunities.getState().start(f.bridge);
    await f.answer('communities.list', [room('Lobby')]);
    await starting;
    const opening = useCommunities.getState().select(1);
    // The page was read before post 3 came and before post 2 was deleted.
    f.emit('communities.posts', { roomId: 1, posts: [post(3)] });
    f.emit('communities.posts', { roomId: 1, posts: [post(2, { deleted: true, body: '' })] });
    await f.answer('communities.posts', [post(1), post(2)]);
    await opening;
    const posts = useCommunities.getState().posts[1] ?? [];
    expect(posts.map((p) => p.id)).toEqual([1, 2, 3]);
    expect(posts[1]?.deleted).toBe(true);
  });

  it("a send's answer does not undo a reaction an event already brought", async () => {
    const f = fakeBridge();
    const starting = useCommunities.getState().start(f.bridge);
    await f.answer('communities.list', [room('Lobby')]);
    await starting;
    useCommunities.setState({ posts: { 1: [post(1)] }, selected: 1 });
    const sending = useCommunities.getState().send(1, 'hello');
    const reacted = post(2, { mine: true, reactions: [{ emoji: '👍', count: 1, mine: false }] } as never);
    f.emit('communities.posts', { roomId: 1, posts: [reacted] });
    await f.answer('communities.send', post(2, { mine: true }));
    expect(await sending).toBe(true);
    expect(useCommunities.getState().posts[1]?.find((p) => p.id === 2)?.reactions).toHaveLength(1);
  });

  it('an older page does not replace a post an event changed', async () => {
    const f = fakeBridge();
    const starting = useCommunities.getState().start(f.bridge);
    await f.answer('communities.list', [room('Lobby')]);
    await starting;
    useCommunities.setState({ posts: { 1: [post(60)] }, selected: 1, hasOlder: { 1: true } });
    const older = useCommunities.getState().loadOlder(1);
    f.emit('communities.posts', { roomId: 1, posts: [post(10, { deleted: true, body: '' })] });
    await f.answer('communities.posts', [post(10), post(11)]);
    await older;
    const posts = useCommunities.getState().posts[1] ?? [];
    expect(posts.map((p) => p.id)).toEqual([10, 11, 60]);
    expect(posts[0]?.deleted).toBe(true);
  });

  it('the first list does not replace a newer `communities.changed`', async () => {
    const f = fakeBridge();
    const starting = useCommunities.getState().start(f.bridge);
    f.emit('communities.changed', [room('Renamed')]);
    await f.answer('communities.list', [room('Lobby')]);
    await starting;
    expect(useCommunities.getState().rooms.map((r) => r.name)).toEqual(['Renamed']);
  });
});

describe('groups', () => {
  const member = (name: string) => ({ sessionId: `05${'ef'.repeat(32)}`, name }) as unknown as GroupMember;

  it('the first list does not replace a newer `groups.changed`', async () => {
    const f = fakeBridge();
    const starting = useGroups.getState().start(f.bridge);
    f.emit('groups.changed', [group('New name')]);
    await f.answer('groups.list', [group('Old name')]);
    await starting;
    expect(useGroups.getState().groups.map((g) => g.name)).toEqual(['New name']);
  });

  it("an older members answer does not replace a later one's", async () => {
    const f = fakeBridge();
    useGroups.setState({ bridge: f.bridge });
    const first = useGroups.getState().loadMembers('g');
    const second = useGroups.getState().loadMembers('g');
    // The second answer comes first (its own request); the first one, older, comes after it.
    await f.answerLast('groups.members', [member('After')]);
    await second;
    await f.answer('groups.members', [member('Before')]);
    await first;
    expect(useGroups.getState().members.g?.[0]?.name).toBe('After');
  });
});

describe('the app store', () => {
  it('events heard while the first state travels are kept', async () => {
    const f = fakeBridge();
    const starting = useApp.getState().start(f.bridge);
    const newer = { ...DEFAULT_SETTINGS, zoom: 1.5 };
    f.emit('settings.changed', newer);
    const list = [{ id: 'c-new' }] as unknown as Conversation[];
    f.emit('conversations.changed', list);
    f.emit('communities.changed', [room('Renamed')]);
    await f.answer('app.initialState', {
      info: {},
      settings: DEFAULT_SETTINGS,
      account: { state: 'unlocked' },
      network: null,
      conversations: [{ id: 'c-old' }],
      groups: [group('Old name')],
      communities: [room('Lobby')],
    });
    await starting;
    expect(useApp.getState().settings.zoom).toBe(1.5);
    expect(useMessaging.getState().conversations.map((c) => c.id)).toEqual(['c-new']);
    expect(useGroups.getState().groups.map((g) => g.name)).toEqual(['Old name']);
    expect(useCommunities.getState().rooms.map((r) => r.name)).toEqual(['Renamed']);
  });

  it('the list pane starts from the first state alone: no list is asked for again', async () => {
    const f = fakeBridge();
    const starting = useApp.getState().start(f.bridge);
    await f.answer('app.initialState', {
      info: {},
      settings: DEFAULT_SETTINGS,
      account: { state: 'ready' },
      network: null,
      conversations: [{ id: 'c1' }],
      groups: [group('Group')],
      communities: [room('Lobby')],
    });
    await starting;
    await f.tick();
    expect(useGroups.getState().groups.map((g) => g.name)).toEqual(['Group']);
    expect(useCommunities.getState().rooms.map((r) => r.name)).toEqual(['Lobby']);
    expect(useMessaging.getState().conversations.map((c) => c.id)).toEqual(['c1']);
    for (const call of ['conversations.list', 'groups.list', 'communities.list'])
      expect(f.asked(call)).toBe(0);
    // Events still reach the started stores.
    f.emit('groups.changed', [group('Renamed')]);
    expect(useGroups.getState().groups.map((g) => g.name)).toEqual(['Renamed']);
  });

  it('a settings answer does not replace a newer `settings.changed`', async () => {
    const f = fakeBridge();
    useApp.setState({ bridge: f.bridge, settings: DEFAULT_SETTINGS });
    const starting = useApp.getState().start(f.bridge);
    await f.answer('app.initialState', {
      info: {},
      settings: DEFAULT_SETTINGS,
      account: { state: 'none' },
      network: null,
      conversations: null,
      groups: null,
      communities: null,
    });
    await starting;
    const updating = useApp.getState().updateSettings({ zoom: 1.2 });
    // Another window (or the next update) changed it again after this update.
    f.emit('settings.changed', { ...DEFAULT_SETTINGS, zoom: 1.4 });
    await f.answer('settings.update', { ...DEFAULT_SETTINGS, zoom: 1.2 });
    await updating;
    expect(useApp.getState().settings.zoom).toBe(1.4);
  });
});

describe('avatars', () => {
  it('a picture read before it changed is read again', async () => {
    const f = fakeBridge();
    listenForAvatars(f.bridge);
    const loading = loadAvatar(f.bridge, 'p1');
    await f.tick();
    expect(f.asked('avatar.getMany')).toBe(1);
    f.emit('avatars.changed', { sessionIds: ['p1'] });
    await f.answer('avatar.getMany', { dataUrls: ['data:old'] });
    await f.answer('avatar.getMany', { dataUrls: ['data:new'] });
    await loading;
    expect(useAvatars.getState().urls.p1).toBe('data:new');
  });

  it('the pictures asked for together are read in one call and stored in one update', async () => {
    const f = fakeBridge();
    listenForAvatars(f.bridge);
    let updates = 0;
    const stop = useAvatars.subscribe(() => {
      updates += 1;
    });
    const loading = Promise.all(['q1', 'q2', 'q3'].map((id) => loadAvatar(f.bridge, id)));
    await f.tick();
    expect(f.asked('avatar.get')).toBe(0);
    expect(f.asked('avatar.getMany')).toBe(1);
    await f.answer('avatar.getMany', { dataUrls: ['data:q1', null, 'data:q3'] });
    await loading;
    stop();
    expect(updates).toBe(1);
    expect(useAvatars.getState().urls).toMatchObject({ q1: 'data:q1', q2: null, q3: 'data:q3' });
  });

  it('a long list is asked for in calls of at most AVATAR_BATCH_MAX pictures, each answer in its order', async () => {
    const asked: string[][] = [];
    const bridge = {
      host: 'browser',
      invoke: (name: string, args: { sessionIds: string[] }) => {
        expect(name).toBe('avatar.getMany');
        asked.push(args.sessionIds);
        return Promise.resolve({ ok: true, value: { dataUrls: args.sessionIds.map((id) => `data:${id}`) } });
      },
      on: () => () => undefined,
    } as unknown as VeilBridge;
    const ids = Array.from({ length: AVATAR_BATCH_MAX * 2 + 1 }, (_, i) => `r${i}`);
    await Promise.all(ids.map((id) => loadAvatar(bridge, id)));
    expect(asked.map((a) => a.length)).toEqual([AVATAR_BATCH_MAX, AVATAR_BATCH_MAX, 1]);
    expect(asked.flat()).toEqual(ids);
    for (const id of ids) expect(useAvatars.getState().urls[id]).toBe(`data:${id}`);
  });
});
