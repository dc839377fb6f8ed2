import { useLayoutEffect, useMemo, useRef } from 'react';
import { focusSoon } from '../components/focus';
import { useTranslation } from 'react-i18next';
import type { CommunityPost, CommunityRoom } from '../../shared/ipc/communities';
import { VirtualCanvas, rowsByDay, useVirtualRows } from '../components/VirtualRows';
import { inputModeHandlers } from '../components/input-mode';
import { useJumpMark } from '../components/use-jump-mark';
import { isolate } from '../security/bidi';
import { PostItem } from './PostItem';
import { useCommunities } from './store';

/** Estimated height of a one-line post; measured rows replace it. */
const POST_ROW_PX = 64;
const OVERSCAN = 10;
/** Nearer the top than this, the next older page is asked for. */
const PAGE_BACK_PX = 300;

const sentAt = (p: CommunityPost): number => p.sentAt;
const keyOf = (p: CommunityPost): string => `post-${p.id}`;
const focusIdOf = (p: CommunityPost): string => String(p.id);

/**
 * A room's posts, virtualised like the message list (only visible rows are in the DOM, whatever
 * the room's backlog): it opens at the newest page and pages back through the core as the reader
 * scrolls up, keeping what was on screen in place.
 */
export function PostList({ room }: { readonly room: CommunityRoom }) {
  const { t, i18n } = useTranslation();
  const posts = useCommunities((s) => s.posts[room.id]);
  const loadingOlder = useCommunities((s) => s.loadingOlder[room.id] === true);
  const loadOlder = useCommunities((s) => s.loadOlder);
  const rows = useMemo(() => rowsByDay(posts ?? [], sentAt, keyOf), [posts]);
  const jump = useCommunities((s) => (s.jump?.roomId === room.id ? s.jump : undefined));
  const { scrollerRef, anchorRef, atBottomRef, canvas, noteScroll } = useVirtualRows({
    rows,
    listId: String(room.id),
    itemPx: POST_ROW_PX,
    overscan: OVERSCAN,
    itemTestId: 'post',
    focusId: focusIdOf,
  });
  const { virtualizer } = canvas;

  const highlight = useJumpMark(jump && { id: jump.postId, seq: jump.seq }, rows, virtualizer, atBottomRef);

  // A search hit chosen: the store paged its post in; bring it into view once (later rows must not
  // pull the view back) and give it the focus, so the keyboard goes on from there.
  const focus = useCommunities((s) => (s.focus?.roomId === room.id ? s.focus : undefined));
  const shownFocus = useRef<number | undefined>(undefined);
  useLayoutEffect(() => {
    if (focus === undefined || shownFocus.current === focus.seq) return;
    const index = rows.findIndex((r) => r.kind === 'item' && r.item.id === focus.postId);
    if (index < 0) return;
    shownFocus.current = focus.seq;
    atBottomRef.current = false;
    virtualizer.scrollToIndex(index, { align: 'center' });
    focusSoon(`[data-testid="post"][data-id="${focus.postId}"]`);
  }, [focus, rows, virtualizer, atBottomRef]);

  if (posts?.length === 0)
    return (
      <div className="message-scroller room-empty" data-testid="post-list">
        <p className="list-empty-body">{t('communities.empty')}</p>
      </div>
    );
  return (
    <div
      className="message-scroller"
      ref={scrollerRef}
      data-testid="post-list"
      role="log"
      aria-label={t('communities.posts', { name: isolate(room.name) })}
      aria-live="polite"
      aria-busy={loadingOlder}
      // One hover bar at a time: the pointer's post or the keyboard's (input-mode.ts).
      {...inputModeHandlers}
      onScroll={(e) => {
        const el = e.currentTarget;
        noteScroll(el);
        if (
          el.scrollTop < PAGE_BACK_PX &&
          !loadingOlder &&
          useCommunities.getState().hasOlder[room.id] === true
        ) {
          anchorRef.current = el.scrollHeight - el.scrollTop - el.clientHeight;
          void loadOlder(room.id);
        }
      }}
    >
      {loadingOlder && (
        <p className="room-loading-older" role="status">
          <span>{t('communities.loadingOlder')}</span>
        </p>
      )}
      <VirtualCanvas
        list={canvas}
        language={i18n.language}
        renderItem={(p) => (
          <PostItem
            room={room}
            post={p}
            tabbable={canvas.tabbable === String(p.id)}
            highlighted={highlight === p.id}
          />
        )}
      />
    </div>
  );
}
