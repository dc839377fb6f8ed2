import { create } from 'zustand';
import type { VeilBridge } from '../../shared/ipc/bridge';
import type {
  CommunityPost,
  CommunityPostHit,
  CommunityRoom,
  ServerRoom,
} from '../../shared/ipc/communities';
import type { IpcError } from '../../shared/ipc/result';
import { useMessaging } from '../messaging/store';

/** One page of posts: the newest page opens a room, older ones come on scrolling up. */
export const POST_PAGE = 50;
/** A search hit or a quote pages back at most this far to reach its post (as a message's, 50 pages). */
const PAGE_BACK_MAX = 50;

export interface RoomPicture {
  readonly imageId: string;
  readonly url: string | null;
}

interface CommunityState {
  readonly bridge: VeilBridge | undefined;
  readonly rooms: readonly CommunityRoom[];
  /** The open room (a room and a conversation are never open together). */
  readonly selected: number | undefined;
  /** The join panel is open. */
  readonly joining: boolean;
  /** Loaded posts per room, oldest first. */
  readonly posts: Readonly<Record<number, readonly CommunityPost[]>>;
  /** Older posts may exist (locally or on the server) before the oldest loaded one. */
  readonly hasOlder: Readonly<Record<number, boolean>>;
  readonly loadingOlder: Readonly<Record<number, boolean>>;
  /**
   * Room images as data URLs (null: could not be read), with the server's id of the image they
   * show: a room whose `imageId` differs is read again.
   */
  readonly images: Readonly<Record<number, RoomPicture>>;
  readonly error: IpcError | undefined;
  /** The post each room's composer replies to (its quote bar), until sent or cancelled. */
  readonly replyTo: Readonly<Record<number, CommunityPost>>;
  /** A quoted post to bring into view (its quote was pressed); `seq` repeats a jump to it. */
  readonly jump: { readonly roomId: number; readonly postId: number; readonly seq: number } | undefined;
  /** Posts matching the list's search text, for `text` (undefined: no search yet). */
  readonly found: { readonly text: string; readonly hits: readonly CommunityPostHit[] } | undefined;
  /** The post to bring into view (a search hit chosen); `seq` tells a new choice of the same post. */
  readonly focus: { readonly roomId: number; readonly postId: number; readonly seq: number } | undefined;
  /** Listens to the core; reads the rooms unless the caller already has them (app.initialState). */
  start: (bridge: VeilBridge, rooms?: readonly CommunityRoom[]) => Promise<void>;
  select: (roomId: number | undefined) => Promise<void>;
  setJoining: (joining: boolean) => void;
  join: (url: string) => Promise<{ room?: CommunityRoom; error?: IpcError }>;
  serverRooms: (url: string) => Promise<readonly ServerRoom[] | IpcError>;
  leave: (roomId: number) => Promise<void>;
  loadOlder: (roomId: number) => Promise<void>;
  /** Posts `body`, as a reply to the room's `replyTo` post when one is set. */
  send: (roomId: number, body: string) => Promise<boolean>;
  setReplyTo: (roomId: number, post: CommunityPost | undefined) => void;
  /** Pages older posts in until `postId` is loaded, then jumps to it; false when not found. */
  jumpTo: (roomId: number, postId: number) => Promise<boolean>;
  react: (roomId: number, postId: number, emoji: string, remove: boolean) => Promise<void>;
  deletePost: (roomId: number, postId: number) => Promise<void>;
  ban: (roomId: number, userId: string, unban: boolean) => Promise<boolean>;
  markRead: (roomId: number) => void;
  loadImage: (roomId: number, imageId: string) => Promise<void>;
  /** Opens the community DM with a poster (their blinded ID) and shows it. */
  message: (roomId: number, peer: string) => Promise<void>;
  clearError: () => void;
  /** Searches the posts of joined rooms (the list's search); only the latest search's answer is kept. */
  search: (text: string) => Promise<void>;
  /** Opens a room at a post (a search hit), loading older pages until it is there. */
  openAt: (roomId: number, postId: number) => Promise<void>;
}

/** Merges changed posts into a room's list (oldest first), replacing by id. */
export function mergePosts(
  current: readonly CommunityPost[],
  updates: readonly CommunityPost[],
): CommunityPost[] {
  const byId = new Map(current.map((p) => [p.id, p]));
  for (const p of updates) byId.set(p.id, p);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/**
 * Adds the posts a page or an action's answer brought that the list does not have yet. A post the
 * list has is kept: it was loaded earlier and every change since came as an event, and events
 * travel by another channel than answers (the browser host), so an answer may be older.
 */
export function addMissingPosts(
  current: readonly CommunityPost[],
  answer: readonly CommunityPost[],
): CommunityPost[] {
  const have = new Set(current.map((p) => p.id));
  return mergePosts(
    current,
    answer.filter((p) => !have.has(p.id)),
  );
}

/** Posts that reached a room while its first page travelled: by an event, or by an answer. */
interface HeldPosts {
  readonly posts: readonly CommunityPost[];
  readonly event: boolean;
}

/** A first page with what came meanwhile applied in order (events replace, answers add). */
function applyHeld(page: readonly CommunityPost[], changes: readonly HeldPosts[]): CommunityPost[] {
  let out = mergePosts([], page);
  for (const c of changes) out = c.event ? mergePosts(out, c.posts) : addMissingPosts(out, c.posts);
  return out;
}

export const useCommunities = create<CommunityState>()((set, get) => {
  /** The image id last asked for per room (each is read once). */
  const requestedImages = new Map<number, string>();
  /**
   * Post changes held per room while its first page travels: an event may arrive before a page
   * read earlier, and dropped then (nothing loaded) it would be lost; applied over the page, the
   * newest state of each post wins.
   */
  const held = new Map<number, HeldPosts[]>();
  /** Counts `communities.changed` events: a list answer older than one of them is dropped. */
  let roomEvents = 0;
  /** Counts searches: answers may come back out of order while typing. */
  let searchSeq = 0;
  let focusSeq = 0;
  /**
   * Loads older pages of a room until `postId` is among its posts (server ids grow with time: an
   * unloaded post is older than the loaded ones), while the room stays the one shown; true when
   * it is there.
   */
  const pageBackTo = async (roomId: number, postId: number): Promise<boolean> => {
    const has = () => (get().posts[roomId] ?? []).some((p) => p.id === postId);
    for (let i = 0; i < PAGE_BACK_MAX && !has() && get().selected === roomId;) {
      // A page the list asked for (scrolled to the top) is on its way: wait for it instead.
      if (get().loadingOlder[roomId] === true) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      if (get().hasOlder[roomId] !== true) break;
      const before = get().posts[roomId]?.length ?? 0;
      await get().loadOlder(roomId);
      if ((get().posts[roomId]?.length ?? 0) === before) break;
      i++;
    }
    return has();
  };
  const setPosts = (roomId: number, posts: readonly CommunityPost[]) => {
    set({ posts: { ...get().posts, [roomId]: mergePosts(get().posts[roomId] ?? [], posts) } });
  };
  /** An answer's posts (a page, a sent post): added where missing, or held with the page. */
  const answerPosts = (roomId: number, posts: readonly CommunityPost[]) => {
    const current = get().posts[roomId];
    if (current === undefined) held.get(roomId)?.push({ posts, event: false });
    else set({ posts: { ...get().posts, [roomId]: addMissingPosts(current, posts) } });
  };
  const fail = (error: IpcError) => {
    set({ error });
  };

  return {
    bridge: undefined,
    rooms: [],
    selected: undefined,
    joining: false,
    posts: {},
    hasOlder: {},
    loadingOlder: {},
    images: {},
    error: undefined,
    replyTo: {},
    jump: undefined,
    found: undefined,
    focus: undefined,

    async start(bridge, rooms) {
      set({ bridge, ...(rooms ? { rooms } : {}) });
      bridge.on('communities.changed', (rooms) => {
        roomEvents += 1;
        const selected = get().selected;
        // A room left (here or on another device) closes.
        set({
          rooms,
          ...(selected !== undefined && !rooms.some((r) => r.id === selected) ? { selected: undefined } : {}),
        });
      });
      bridge.on('communities.posts', ({ roomId, posts }) => {
        if (get().posts[roomId] === undefined) {
          // Not opened yet: read when opened, or applied over the first page on its way.
          held.get(roomId)?.push({ posts, event: true });
          return;
        }
        setPosts(roomId, posts);
        if (get().selected === roomId && document.hasFocus()) get().markRead(roomId);
      });
      // Opening a conversation closes the room, so one detail shows at a time.
      useMessaging.subscribe((s, prev) => {
        if (s.selected !== undefined && s.selected !== prev.selected)
          set({ selected: undefined, joining: false });
      });
      if (rooms) return;
      const seen = roomEvents;
      const list = await bridge.invoke('communities.list', {});
      // A `communities.changed` that came meanwhile is newer than this answer.
      if (list.ok && roomEvents === seen) set({ rooms: list.value });
    },

    async select(roomId) {
      set({ selected: roomId, joining: false });
      const bridge = get().bridge;
      if (roomId === undefined || !bridge) return;
      if (useMessaging.getState().selected !== undefined) void useMessaging.getState().select(undefined);
      if (get().posts[roomId] === undefined && !held.has(roomId)) {
        const changes: HeldPosts[] = [];
        held.set(roomId, changes);
        const page = await bridge
          .invoke('communities.posts', { roomId, before: null, limit: POST_PAGE })
          .finally(() => held.delete(roomId));
        if (!page.ok) {
          fail(page.error);
          return;
        }
        const room = get().rooms.find((r) => r.id === roomId);
        set({
          hasOlder: {
            ...get().hasOlder,
            [roomId]: page.value.length === POST_PAGE || room?.hasOlder === true,
          },
        });
        setPosts(roomId, applyHeld(page.value, changes));
      }
      get().markRead(roomId);
    },

    setJoining(joining) {
      set({ joining, ...(joining ? { selected: undefined } : {}) });
      if (joining && useMessaging.getState().selected !== undefined)
        void useMessaging.getState().select(undefined);
    },

    async join(url) {
      const bridge = get().bridge;
      if (!bridge) return {};
      const r = await bridge.invoke('communities.join', { url });
      if (!r.ok) return { error: r.error };
      const room = r.value;
      if (!get().rooms.some((x) => x.id === room.id)) set({ rooms: [...get().rooms, room] });
      return { room };
    },

    async serverRooms(url) {
      const bridge = get().bridge;
      if (!bridge) return [];
      const r = await bridge.invoke('communities.serverRooms', { url });
      return r.ok ? r.value : r.error;
    },

    async leave(roomId) {
      const r = await get().bridge?.invoke('communities.leave', { roomId });
      if (!r) return;
      if (!r.ok) {
        fail(r.error);
        return;
      }
      const { [roomId]: _gone, ...posts } = get().posts;
      set({
        posts,
        rooms: get().rooms.filter((x) => x.id !== roomId),
        selected: get().selected === roomId ? undefined : get().selected,
      });
    },

    async loadOlder(roomId) {
      const bridge = get().bridge;
      if (!bridge || get().hasOlder[roomId] !== true || get().loadingOlder[roomId] === true) return;
      const oldest = get().posts[roomId]?.[0];
      set({ loadingOlder: { ...get().loadingOlder, [roomId]: true } });
      const page = await bridge.invoke('communities.posts', {
        roomId,
        before: oldest?.id ?? null,
        limit: POST_PAGE,
      });
      set({ loadingOlder: { ...get().loadingOlder, [roomId]: false } });
      if (!page.ok) {
        fail(page.error);
        return;
      }
      set({ hasOlder: { ...get().hasOlder, [roomId]: page.value.length === POST_PAGE } });
      answerPosts(roomId, page.value);
    },

    async send(roomId, body) {
      const replyTo = get().replyTo[roomId]?.id;
      const r = await get().bridge?.invoke('communities.send', {
        roomId,
        body,
        ...(replyTo !== undefined ? { replyTo } : {}),
      });
      if (!r) return false;
      if (!r.ok) {
        fail(r.error);
        return false;
      }
      answerPosts(roomId, [r.value]);
      if (replyTo !== undefined && get().replyTo[roomId]?.id === replyTo) get().setReplyTo(roomId, undefined);
      return true;
    },

    setReplyTo(roomId, post) {
      const { [roomId]: _old, ...others } = get().replyTo;
      set({ replyTo: post ? { ...others, [roomId]: post } : others });
    },

    async jumpTo(roomId, postId) {
      if (!(await pageBackTo(roomId, postId))) return false;
      set({ jump: { roomId, postId, seq: (get().jump?.seq ?? 0) + 1 } });
      return true;
    },

    async react(roomId, postId, emoji, remove) {
      const r = await get().bridge?.invoke('communities.react', { roomId, postId, emoji, remove });
      if (r && !r.ok) fail(r.error);
    },

    async deletePost(roomId, postId) {
      const r = await get().bridge?.invoke('communities.deletePost', { roomId, postId });
      if (r && !r.ok) fail(r.error);
    },

    async ban(roomId, userId, unban) {
      const r = await get().bridge?.invoke('communities.ban', { roomId, userId, unban });
      if (!r) return false;
      if (!r.ok) fail(r.error);
      return r.ok;
    },

    markRead(roomId) {
      const newest = get().posts[roomId]?.at(-1);
      const room = get().rooms.find((r) => r.id === roomId);
      if (!newest || !room || room.unread === 0) return;
      void get().bridge?.invoke('communities.markRead', { roomId, upTo: newest.id });
    },

    async loadImage(roomId, imageId) {
      const loading = requestedImages.get(roomId);
      if (loading === imageId) return;
      requestedImages.set(roomId, imageId);
      const r = await get().bridge?.invoke('communities.image', { roomId });
      // A newer image was asked for meanwhile: its answer wins.
      if (requestedImages.get(roomId) !== imageId) return;
      set({ images: { ...get().images, [roomId]: { imageId, url: r?.ok ? r.value : null } } });
    },

    async message(roomId, peer) {
      const r = await get().bridge?.invoke('communities.openDm', { roomId, peer });
      if (!r) return;
      if (!r.ok) {
        fail(r.error);
        return;
      }
      // A room and a conversation are never open together: the DM replaces the room.
      set({ selected: undefined });
      const messaging = useMessaging.getState();
      messaging.setShowRequests(false);
      await messaging.select(r.value);
    },

    clearError() {
      set({ error: undefined });
    },

    async search(text) {
      const bridge = get().bridge;
      if (!bridge) return;
      if (text === '') {
        searchSeq += 1;
        set({ found: undefined });
        return;
      }
      const seq = ++searchSeq;
      const r = await bridge.invoke('communities.search', { text, limit: 50 });
      if (r.ok && seq === searchSeq) set({ found: { text, hits: r.value } });
    },

    async openAt(roomId, postId) {
      await get().select(roomId);
      await pageBackTo(roomId, postId);
      if (get().selected === roomId) set({ focus: { roomId, postId, seq: ++focusSeq } });
    },
  };
});
