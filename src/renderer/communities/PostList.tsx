import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommunityPost, CommunityRoom } from '../../shared/ipc/communities';
import { focusSoon } from '../components/focus';
import { formatDay, sameDay } from '../messaging/format';
import { isolate } from '../security/bidi';
import { PostItem } from './PostItem';
import { useCommunities } from './store';

type Row =
  | { readonly kind: 'day'; readonly at: number; readonly key: string }
  | { readonly kind: 'post'; readonly post: CommunityPost; readonly key: string };

function rowsOf(posts: readonly CommunityPost[]): Row[] {
  const rows: Row[] = [];
  let last: number | undefined;
  for (const p of posts) {
    if (last === undefined || !sameDay(last, p.sentAt))
      rows.push({ kind: 'day', at: p.sentAt, key: `day-${p.sentAt}` });
    rows.push({ kind: 'post', post: p, key: `post-${p.id}` });
    last = p.sentAt;
  }
  return rows;
}

/** Estimated heights (a one-line post, a day separator); measured rows replace them. */
const POST_ROW_PX = 64;
const DAY_ROW_PX = 40;
/** Nearer the top than this, the next older page is asked for. */
const PAGE_BACK_PX = 300;

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
  const rows = useMemo(() => rowsOf(posts ?? []), [posts]);
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  /** Distance from the bottom when an older page was asked for: kept when it arrives. */
  const anchor = useRef<number | undefined>(undefined);

  const estimateSize = (i: number): number => (rows[i]?.kind === 'day' ? DAY_ROW_PX : POST_ROW_PX);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize,
    overscan: 10,
    getItemKey: (i) => rows[i]?.key ?? i,
    initialRect: { width: 0, height: window.innerHeight },
    initialOffset: () => Math.max(0, rows.reduce((h, _, i) => h + estimateSize(i), 0) - window.innerHeight),
  });

  useEffect(() => {
    atBottom.current = true;
  }, [room.id]);

  const firstKey = rows[0]?.key;
  useLayoutEffect(() => {
    const el = scroller.current;
    if (atBottom.current && rows.length > 0) {
      virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
    } else if (anchor.current !== undefined && el) {
      // An older page came in above: the posts being read stay where they were.
      virtualizer.scrollToOffset(Math.max(0, virtualizer.getTotalSize() - el.clientHeight - anchor.current));
    }
    anchor.current = undefined;
  }, [rows.length, firstKey, virtualizer]);

  // Roving focus: one post is a Tab stop; arrows, Home and End move between posts.
  const [active, setActiveState] = useState<{ id: number; newest: number | undefined } | undefined>();
  const newest = posts?.at(-1)?.id;
  const items = virtualizer.getVirtualItems();
  const shownIds = items.flatMap((item) => {
    const row = rows[item.index];
    return row?.kind === 'post' ? [row.post.id] : [];
  });
  const tabbable =
    active !== undefined && active.newest === newest && shownIds.includes(active.id)
      ? active.id
      : shownIds.at(-1);

  function moveFocus(e: KeyboardEvent<HTMLDivElement>) {
    const target = e.target as HTMLElement;
    if (target.dataset.testid !== 'post' || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const postRows = rows.flatMap((r, index) => (r.kind === 'post' ? [{ index, id: r.post.id }] : []));
    const here = postRows.findIndex((r) => String(r.id) === target.dataset.id);
    if (here < 0) return;
    const to = { ArrowUp: here - 1, ArrowDown: here + 1, Home: 0, End: postRows.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = postRows[Math.max(0, Math.min(postRows.length - 1, to))];
    if (!next || String(next.id) === target.dataset.id) return;
    atBottom.current = next.index === rows.length - 1;
    virtualizer.scrollToIndex(next.index, { align: 'auto' });
    setActiveState({ id: next.id, newest });
    focusSoon(`[data-testid="post"][data-id="${next.id}"]`);
  }

  if (posts?.length === 0)
    return (
      <div className="message-scroller room-empty" data-testid="post-list">
        <p className="list-empty-body">{t('communities.empty')}</p>
      </div>
    );
  return (
    <div
      className="message-scroller"
      ref={scroller}
      data-testid="post-list"
      role="log"
      aria-label={t('communities.posts', { name: isolate(room.name) })}
      aria-live="polite"
      aria-busy={loadingOlder}
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
        if (
          el.scrollTop < PAGE_BACK_PX &&
          !loadingOlder &&
          useCommunities.getState().hasOlder[room.id] === true
        ) {
          anchor.current = el.scrollHeight - el.scrollTop - el.clientHeight;
          void loadOlder(room.id);
        }
      }}
    >
      {loadingOlder && (
        <p className="room-loading-older" role="status">
          <span>{t('communities.loadingOlder')}</span>
        </p>
      )}
      <div
        className="message-canvas"
        onKeyDown={moveFocus}
        onFocus={(e) => {
          const el = e.target as HTMLElement;
          if (el.dataset.testid === 'post' && el.dataset.id !== undefined)
            setActiveState({ id: Number(el.dataset.id), newest });
        }}
        ref={(el) => el?.style.setProperty('height', `${virtualizer.getTotalSize()}px`)}
      >
        {items.map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <div
              key={item.key}
              className="message-slot"
              data-index={item.index}
              ref={virtualizer.measureElement}
              // React applies style through the CSSOM, which the CSP allows (no style attribute).
              style={{ transform: `translateY(${item.start}px)` }}
            >
              {row.kind === 'day' ? (
                <div className="day-separator" role="separator">
                  <span>{formatDay(row.at, i18n.language)}</span>
                </div>
              ) : (
                <PostItem room={room} post={row.post} tabbable={tabbable === row.post.id} />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
