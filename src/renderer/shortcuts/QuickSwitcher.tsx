import { useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../messaging/Avatar';
import { conversationTitle } from '../messaging/ConversationList';
import { fold } from '../messaging/search/fold';
import { useMessaging } from '../messaging/store';
import { isolate } from '../security/bidi';
import { useApp } from '../store';
import { byActivity } from './conversation-order';
import { useModal } from './useModal';
import { focusSoon } from '../components/focus';

const SHOWN_MAX = 50;

/**
 * Ctrl+K: type to filter the conversations (accents and case folded), ↑/↓ to choose, Enter to
 * open, Esc to close. Focus goes back where it was, or to the composer of the opened one.
 */
export function QuickSwitcher({ onClose }: { readonly onClose: () => void }) {
  const { t } = useTranslation();
  const conversations = useMessaging((s) => s.conversations);
  const select = useMessaging((s) => s.select);
  const setShowRequests = useMessaging((s) => s.setShowRequests);
  const setSection = useApp((s) => s.setSection);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const opened = useRef<(() => HTMLElement | null) | undefined>(undefined);
  const ref = useModal(opened);
  const titleId = useId();
  const listId = useId();
  const noteToSelf = t('messaging.noteToSelf');

  const shown = useMemo(() => {
    const needle = fold(query.trim());
    return conversations
      .filter((c) => !c.blocked)
      .filter(
        (c) =>
          needle === '' || fold(conversationTitle(c, noteToSelf)).includes(needle) || c.id.includes(needle),
      )
      .sort((a, b) => Number(a.isRequest) - Number(b.isRequest) || byActivity(a, b))
      .slice(0, SHOWN_MAX);
  }, [conversations, query, noteToSelf]);
  const current = Math.min(active, Math.max(0, shown.length - 1));

  const open = (id: string) => {
    const c = shown.find((x) => x.id === id);
    if (!c) return;
    setSection('conversations');
    setShowRequests(c.isRequest);
    // A conversation not read yet is shown with its newest page, which may come after this dialog
    // has closed and given focus back: the composer takes it once the view is there.
    void select(id).then(() => focusSoon('[data-testid="composer"]'));
    opened.current = () =>
      document.querySelector<HTMLElement>('[data-testid="composer"]') ??
      document.getElementById('main-content');
    onClose();
  };

  return (
    <dialog
      ref={ref}
      className="confirm-dialog quick-switcher"
      aria-labelledby={titleId}
      data-testid="quick-switcher"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId} className="confirm-dialog-title">
        {t('shortcuts.switcherTitle')}
      </h2>
      <input
        type="text"
        className="text-input quick-switcher-input"
        role="combobox"
        aria-label={t('shortcuts.switcherLabel')}
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={shown[current] ? `${listId}-${shown[current].id}` : undefined}
        placeholder={t('shortcuts.switcherPlaceholder')}
        value={query}
        data-testid="quick-switcher-input"
        autoFocus
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const step = e.key === 'ArrowDown' ? 1 : -1;
            setActive(shown.length === 0 ? 0 : (current + step + shown.length) % shown.length);
          } else if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
            e.preventDefault();
            const c = shown[current];
            if (c) open(c.id);
          }
        }}
      />
      <p className="field-help">{t('shortcuts.switcherHelp')}</p>
      {shown.length === 0 ? (
        <p className="field-help" role="status" data-testid="quick-switcher-empty">
          {t('shortcuts.switcherEmpty', { query: isolate(query.trim()) })}
        </p>
      ) : (
        <ul
          id={listId}
          className="quick-switcher-list"
          role="listbox"
          aria-label={t('shortcuts.switcherTitle')}
        >
          {shown.map((c, i) => (
            <li
              key={c.id}
              id={`${listId}-${c.id}`}
              role="option"
              aria-selected={i === current}
              className={`quick-switcher-item${i === current ? ' quick-switcher-item-active' : ''}`}
              data-testid={`switcher-${c.id}`}
              onMouseMove={() => {
                setActive(i);
              }}
              onClick={() => {
                open(c.id);
              }}
            >
              <Avatar sessionId={c.id} name={c.name} size={1.6} />
              <span className="quick-switcher-name" dir="auto">
                {conversationTitle(c, noteToSelf)}
              </span>
              {c.unread > 0 && (
                <span className="unread-badge" aria-label={t('messaging.unread', { count: c.unread })}>
                  {c.unread > 99 ? '99+' : c.unread}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </dialog>
  );
}
