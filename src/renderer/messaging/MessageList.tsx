import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { focusSoon } from '../components/focus';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../shared/ipc/messaging';
import { formatDay, sameDay } from './format';
import { MessageBubble } from './MessageBubble';
import { useMessaging } from './store';
import { ListWordsContext, listWords } from './list-words';

type Row =
  | { readonly kind: 'day'; readonly at: number; readonly key: string }
  | { readonly kind: 'message'; readonly message: Message; readonly key: string };

function rowsOf(messages: readonly Message[]): Row[] {
  const rows: Row[] = [];
  let last: number | undefined;
  for (const m of messages) {
    if (last === undefined || !sameDay(last, m.shownAt))
      rows.push({ kind: 'day', at: m.shownAt, key: `day-${m.shownAt}` });
    rows.push({ kind: 'message', message: m, key: m.id });
    last = m.shownAt;
  }
  return rows;
}

/** Estimated row heights (a one-line message, a day separator); measured rows replace them. */
const MESSAGE_ROW_PX = 56;
const DAY_ROW_PX = 40;

/**
 * Rows built beyond the window's edges. Opening a conversation builds the window's rows plus
 * FIRST_OVERSCAN only: every row of the first commit is rendered, laid out and measured before
 * the first paint (issue #15: 22 rows at 12, most of them above the window). Once that frame is
 * painted the list widens to OVERSCAN, for scrolling without blank rows.
 */
const FIRST_OVERSCAN = 2;
const OVERSCAN = 12;

/** A virtualised list: only the visible rows are in the DOM, whatever the conversation's length. */
export function MessageList({ conversationId }: { readonly conversationId: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const words = useMemo(() => listWords(t, language), [t, language]);
  const messages = useMessaging((s) => s.messages[conversationId]);
  const loadOlder = useMessaging((s) => s.loadOlder);
  const jump = useMessaging((s) => (s.jump?.conversationId === conversationId ? s.jump : undefined));
  const [highlight, setHighlight] = useState<string | undefined>();
  const rows = useMemo(() => rowsOf(messages ?? []), [messages]);
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  // The conversation whose first frame is painted: until then its list builds fewer rows.
  const [painted, setPainted] = useState<string | undefined>();
  const hasRows = rows.length > 0;
  useEffect(() => {
    if (painted === conversationId || !hasRows) return;
    // A rAF callback runs before the frame's paint; a task posted from it runs after it.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        setPainted(conversationId);
      }, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [conversationId, painted, hasRows]);

  const estimateSize = (i: number): number => (rows[i]?.kind === 'day' ? DAY_ROW_PX : MESSAGE_ROW_PX);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize,
    overscan: painted === conversationId ? OVERSCAN : FIRST_OVERSCAN,
    getItemKey: (i) => rows[i]?.key ?? i,
    // Render the newest rows in the very first frame: without a size the list renders nothing
    // until its scroller is measured, a frame later, and then starts from the top.
    initialRect: { width: 0, height: window.innerHeight },
    initialOffset: () => Math.max(0, rows.reduce((h, _, i) => h + estimateSize(i), 0) - window.innerHeight),
  });

  // Stay at the newest message when one arrives, unless the user scrolled up to read.
  useLayoutEffect(() => {
    if (atBottom.current && rows.length > 0) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [rows.length, virtualizer]);

  useEffect(() => {
    atBottom.current = true;
  }, [conversationId]);

  // A quote was pressed: the store has paged the original in; scroll to it and mark it a moment.
  useEffect(() => {
    if (jump === undefined) return;
    const index = rows.findIndex((r) => r.kind === 'message' && r.message.id === jump.id);
    if (index < 0) return;
    atBottom.current = false;
    virtualizer.scrollToIndex(index, { align: 'center' });
    setHighlight(jump.id);
    const timer = setTimeout(() => {
      setHighlight(undefined);
    }, 2000);
    return () => {
      clearTimeout(timer);
    };
    // Only a new jump (its seq) scrolls; rows changing later must not pull the view back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jump?.seq]);
  // A search result chosen: its message is brought into view (the store loaded its page).
  const focus = useMessaging((s) => (s.focus?.conversationId === conversationId ? s.focus.id : undefined));
  useLayoutEffect(() => {
    if (focus === undefined) return;
    const index = rows.findIndex((r) => r.kind === 'message' && r.message.id === focus);
    if (index < 0) return;
    atBottom.current = false;
    virtualizer.scrollToIndex(index, { align: 'center' });
  }, [focus, rows, virtualizer]);

  // Roving focus: one message is a Tab stop (the last one focused, until a newer message comes;
  // else the newest in view); the arrow keys, Home and End move between messages, so Tab leaves
  // the list in one press.
  const [active, setActiveState] = useState<{ id: string; newest: string | undefined } | undefined>();
  const last = rows.at(-1);
  const newest = last?.kind === 'message' ? last.message.id : undefined;
  const setActive = (id: string) => {
    setActiveState({ id, newest });
  };
  const items = virtualizer.getVirtualItems();
  const shownIds = items.flatMap((item) => {
    const row = rows[item.index];
    return row?.kind === 'message' && !row.message.expirationUpdate ? [row.message.id] : [];
  });
  const tabbable =
    active !== undefined && active.newest === newest && shownIds.includes(active.id)
      ? active.id
      : shownIds.at(-1);

  function moveFocus(e: KeyboardEvent<HTMLDivElement>) {
    const target = e.target as HTMLElement;
    if (target.dataset.testid !== 'message' || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const messageRows = rows.flatMap((r, index) =>
      r.kind === 'message' && !r.message.expirationUpdate ? [{ index, id: r.message.id }] : [],
    );
    const here = messageRows.findIndex((r) => r.id === target.dataset.id);
    if (here < 0) return;
    const to =
      e.key === 'ArrowUp'
        ? here - 1
        : e.key === 'ArrowDown'
          ? here + 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? messageRows.length - 1
              : undefined;
    if (to === undefined) return;
    e.preventDefault();
    const next = messageRows[Math.max(0, Math.min(messageRows.length - 1, to))];
    if (!next || next.id === target.dataset.id) return;
    atBottom.current = next.index === rows.length - 1;
    virtualizer.scrollToIndex(next.index, { align: 'auto' });
    setActive(next.id);
    focusSoon(`[data-testid="message"][data-id="${CSS.escape(next.id)}"]`);
  }

  return (
    <ListWordsContext.Provider value={words}>
      <div
        className="message-scroller"
        ref={scroller}
        data-testid="message-list"
        role="log"
        aria-label={t('messaging.messages')}
        aria-live="polite"
        onScroll={(e) => {
          const el = e.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
          if (el.scrollTop < 200) void loadOlder(conversationId);
        }}
      >
        <div
          className="message-canvas"
          onKeyDown={moveFocus}
          onFocus={(e) => {
            const id = (e.target as HTMLElement).dataset.id;
            if ((e.target as HTMLElement).dataset.testid === 'message' && id !== undefined) setActive(id);
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
                // A stable ref: a new callback each render would re-measure every row each time.
                ref={virtualizer.measureElement}
                // React applies style through the CSSOM, which the CSP allows (no style attribute).
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {row.kind === 'day' ? (
                  <div className="day-separator" role="separator">
                    <span>{formatDay(row.at, language)}</span>
                  </div>
                ) : (
                  <MessageBubble
                    message={row.message}
                    highlighted={highlight === row.message.id}
                    tabbable={tabbable === row.message.id}
                  />
                )}
              </div>
            );
          })}
        </div>
      </div>
    </ListWordsContext.Provider>
  );
}
