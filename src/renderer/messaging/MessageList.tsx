import { useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../shared/ipc/messaging';
import { VirtualCanvas, rowsByDay, useVirtualRows } from '../components/VirtualRows';
import { useJumpMark } from '../components/use-jump-mark';
import { MessageBubble } from './MessageBubble';
import { useMessaging } from './store';
import { ListWordsContext, listWords } from './list-words';

/** Estimated height of a one-line message; measured rows replace it. */
const MESSAGE_ROW_PX = 56;

/**
 * Rows built beyond the window's edges. Opening a conversation builds the window's rows plus
 * FIRST_OVERSCAN only: every row of the first commit is rendered, laid out and measured before
 * the first paint (issue #15: 22 rows at 12, most of them above the window). Once that frame is
 * painted the list widens to OVERSCAN, for scrolling without blank rows.
 */
const FIRST_OVERSCAN = 2;
const OVERSCAN = 12;

const shownAt = (m: Message): number => m.shownAt;
const idOf = (m: Message): string => m.id;
/** A change of the disappearing setting is a line of the timeline, not a message to focus. */
const focusIdOf = (m: Message): string | undefined => (m.expirationUpdate ? undefined : m.id);

/** A virtualised list: only the visible rows are in the DOM, whatever the conversation's length. */
export function MessageList({ conversationId }: { readonly conversationId: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const words = useMemo(() => listWords(t, language), [t, language]);
  const messages = useMessaging((s) => s.messages[conversationId]);
  const loadOlder = useMessaging((s) => s.loadOlder);
  const jump = useMessaging((s) => (s.jump?.conversationId === conversationId ? s.jump : undefined));
  const rows = useMemo(() => rowsByDay(messages ?? [], shownAt, idOf), [messages]);
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

  const { scrollerRef, atBottomRef, canvas, noteScroll } = useVirtualRows({
    rows,
    listId: conversationId,
    itemPx: MESSAGE_ROW_PX,
    overscan: painted === conversationId ? OVERSCAN : FIRST_OVERSCAN,
    itemTestId: 'message',
    focusId: focusIdOf,
  });
  const { virtualizer } = canvas;

  const highlight = useJumpMark(jump, rows, virtualizer, atBottomRef);
  // A search result chosen: its message is brought into view (the store loaded its page).
  const focus = useMessaging((s) => (s.focus?.conversationId === conversationId ? s.focus.id : undefined));
  useLayoutEffect(() => {
    if (focus === undefined) return;
    const index = rows.findIndex((r) => r.kind === 'item' && r.item.id === focus);
    if (index < 0) return;
    atBottomRef.current = false;
    virtualizer.scrollToIndex(index, { align: 'center' });
  }, [focus, rows, virtualizer, atBottomRef]);

  return (
    <ListWordsContext.Provider value={words}>
      <div
        className="message-scroller"
        ref={scrollerRef}
        data-testid="message-list"
        role="log"
        aria-label={t('messaging.messages')}
        aria-live="polite"
        onScroll={(e) => {
          const el = e.currentTarget;
          noteScroll(el);
          if (el.scrollTop < 200) void loadOlder(conversationId);
        }}
      >
        <VirtualCanvas
          list={canvas}
          language={language}
          renderItem={(m) => (
            <MessageBubble message={m} highlighted={highlight === m.id} tabbable={canvas.tabbable === m.id} />
          )}
        />
      </div>
    </ListWordsContext.Provider>
  );
}
