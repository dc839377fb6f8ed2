import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { formatDay, sameDay } from '../messaging/format';
import { focusSoon } from './focus';

/**
 * The virtual canvas shared by a conversation's messages and a room's posts: rows by day, only
 * the visible ones in the DOM whatever the backlog, opened at the newest, kept at the newest while
 * the reader is there, and one item a Tab stop (the arrows, Home and End move between items).
 */

export type DayRow<T> =
  | { readonly kind: 'day'; readonly at: number; readonly key: string }
  | { readonly kind: 'item'; readonly item: T; readonly key: string };

/** The items with a day separator before the first of each day. */
export function rowsByDay<T>(
  items: readonly T[],
  at: (item: T) => number,
  key: (item: T) => string,
): DayRow<T>[] {
  const rows: DayRow<T>[] = [];
  let last: number | undefined;
  for (const item of items) {
    const time = at(item);
    if (last === undefined || !sameDay(last, time)) rows.push({ kind: 'day', at: time, key: `day-${time}` });
    rows.push({ kind: 'item', item, key: key(item) });
    last = time;
  }
  return rows;
}

/** Estimated height of a day separator; measured rows replace the estimates. */
const DAY_ROW_PX = 40;
/** Nearer the bottom than this, the reader is at the newest row (new rows keep it in view). */
const AT_BOTTOM_PX = 80;

interface VirtualRowsOptions<T> {
  readonly rows: readonly DayRow<T>[];
  /** The list shown (a conversation, a room): a new one opens at its newest row. */
  readonly listId: string;
  /** Estimated height of an item row (one line). */
  readonly itemPx: number;
  readonly overscan: number;
  /** The `data-testid` of an item's focusable element (which carries `data-id`). */
  readonly itemTestId: string;
  /** An item's `data-id`, or undefined for an item that takes no focus. */
  readonly focusId: (item: T) => string | undefined;
}

export interface VirtualRows<T> {
  /** The scrolling element. */
  readonly scrollerRef: RefObject<HTMLDivElement | null>;
  /** The reader is at the newest row: new rows scroll it into view. */
  readonly atBottomRef: RefObject<boolean>;
  /**
   * Distance from the bottom when an older page was asked for: kept when it arrives, so what
   * was on screen stays in place.
   */
  readonly anchorRef: RefObject<number | undefined>;
  readonly canvas: VirtualCanvasRows<T>;
  /** For the scroller's `onScroll` (which then decides whether to ask for an older page). */
  readonly noteScroll: (el: HTMLElement) => void;
}

/** What the canvas draws, and its keyboard. */
export interface VirtualCanvasRows<T> {
  readonly rows: readonly DayRow<T>[];
  readonly virtualizer: Virtualizer<HTMLDivElement, Element>;
  /** The one item that is a Tab stop (the last focused, until a newer item comes; else the newest shown). */
  readonly tabbable: string | undefined;
  readonly itemTestId: string;
  readonly onKeyDown: (e: KeyboardEvent<HTMLDivElement>) => void;
  readonly onFocus: (e: FocusEvent<HTMLDivElement>) => void;
}

export function useVirtualRows<T>({
  rows,
  listId,
  itemPx,
  overscan,
  itemTestId,
  focusId,
}: VirtualRowsOptions<T>): VirtualRows<T> {
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const anchor = useRef<number | undefined>(undefined);

  const estimateSize = (i: number): number => (rows[i]?.kind === 'day' ? DAY_ROW_PX : itemPx);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize,
    overscan,
    getItemKey: (i) => rows[i]?.key ?? i,
    // Render the newest rows in the very first frame: without a size the list renders nothing
    // until its scroller is measured, a frame later, and then starts from the top.
    initialRect: { width: 0, height: window.innerHeight },
    initialOffset: () => Math.max(0, rows.reduce((h, _, i) => h + estimateSize(i), 0) - window.innerHeight),
  });

  useEffect(() => {
    atBottom.current = true;
  }, [listId]);

  // Stay at the newest row when one arrives, unless the reader scrolled up; an older page that
  // came in above keeps the rows being read where they were.
  const firstKey = rows[0]?.key;
  useLayoutEffect(() => {
    const el = scroller.current;
    if (atBottom.current && rows.length > 0) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
    else if (anchor.current !== undefined && el)
      virtualizer.scrollToOffset(Math.max(0, virtualizer.getTotalSize() - el.clientHeight - anchor.current));
    anchor.current = undefined;
  }, [rows.length, firstKey, virtualizer]);

  // Roving focus: the key of the newest row tells when a newer item came.
  const [active, setActive] = useState<{ id: string; newest: string | undefined } | undefined>();
  const newest = rows.at(-1)?.key;
  const shownIds = virtualizer.getVirtualItems().flatMap((v) => {
    const row = rows[v.index];
    const id = row?.kind === 'item' ? focusId(row.item) : undefined;
    return id === undefined ? [] : [id];
  });
  const tabbable =
    active !== undefined && active.newest === newest && shownIds.includes(active.id)
      ? active.id
      : shownIds.at(-1);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const target = e.target as HTMLElement;
    if (target.dataset.testid !== itemTestId || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const focusable = rows.flatMap((r, index) => {
      const id = r.kind === 'item' ? focusId(r.item) : undefined;
      return id === undefined ? [] : [{ index, id }];
    });
    const here = focusable.findIndex((r) => r.id === target.dataset.id);
    if (here < 0) return;
    const to = { ArrowUp: here - 1, ArrowDown: here + 1, Home: 0, End: focusable.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = focusable[Math.max(0, Math.min(focusable.length - 1, to))];
    if (!next || next.id === target.dataset.id) return;
    atBottom.current = next.index === rows.length - 1;
    virtualizer.scrollToIndex(next.index, { align: 'auto' });
    setActive({ id: next.id, newest });
    focusSoon(`[data-testid="${itemTestId}"][data-id="${CSS.escape(next.id)}"]`);
  }

  function onFocus(e: FocusEvent<HTMLDivElement>) {
    const el = e.target as HTMLElement;
    if (el.dataset.testid === itemTestId && el.dataset.id !== undefined)
      setActive({ id: el.dataset.id, newest });
  }

  function noteScroll(el: HTMLElement) {
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < AT_BOTTOM_PX;
  }

  return {
    scrollerRef: scroller,
    atBottomRef: atBottom,
    anchorRef: anchor,
    canvas: { rows, virtualizer, tabbable, itemTestId, onKeyDown, onFocus },
    noteScroll,
  };
}

/** The canvas: the rows in view, each placed at its offset and measured, a day as a separator. */
export function VirtualCanvas<T>({
  list,
  language,
  renderItem,
}: {
  readonly list: VirtualCanvasRows<T>;
  readonly language: string;
  readonly renderItem: (item: T) => ReactNode;
}) {
  const { rows, virtualizer } = list;
  return (
    <div
      className="message-canvas"
      onKeyDown={list.onKeyDown}
      onFocus={list.onFocus}
      ref={(el) => el?.style.setProperty('height', `${virtualizer.getTotalSize()}px`)}
    >
      {virtualizer.getVirtualItems().map((v) => {
        const row = rows[v.index];
        if (!row) return null;
        return (
          <div
            key={v.key}
            className="message-slot"
            data-index={v.index}
            // A stable ref: a new callback each render would re-measure every row each time.
            ref={virtualizer.measureElement}
            // React applies style through the CSSOM, which the CSP allows (no style attribute).
            style={{ transform: `translateY(${v.start}px)` }}
          >
            {row.kind === 'day' ? (
              <div className="day-separator" role="separator">
                <span>{formatDay(row.at, language)}</span>
              </div>
            ) : (
              renderItem(row.item)
            )}
          </div>
        );
      })}
    </div>
  );
}
