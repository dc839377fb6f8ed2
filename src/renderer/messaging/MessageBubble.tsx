import type { KeyboardEvent, MouseEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../shared/ipc/messaging';
import { formatTime } from './format';
import { useMessaging } from './store';

/** Sending (clock), sent ✓, read ✓✓, failed (red, with Resend). */
function StatusMark({ message }: { readonly message: Message }) {
  const { t } = useTranslation();
  const label = t(`messaging.status.${message.status}`);
  const glyph = { sending: '◷', sent: '✓', read: '✓✓', failed: '!', received: '' }[message.status];
  return (
    <span
      className={`status status-${message.status}`}
      title={label}
      aria-label={label}
      data-testid="message-status"
    >
      {glyph}
    </span>
  );
}

/**
 * One message. A failed one offers Resend in its context menu (right click, the menu key or
 * Shift+F10) and directly from the keyboard (R or Enter while it has focus).
 */
export function MessageBubble({ message }: { readonly message: Message }) {
  const { t, i18n } = useTranslation();
  const resend = useMessaging((s) => s.resend);
  const [menu, setMenu] = useState(false);
  const failed = message.status === 'failed';

  function onContextMenu(e: MouseEvent) {
    e.preventDefault();
    setMenu(true);
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      setMenu(true);
    } else if (failed && (e.key === 'r' || e.key === 'R' || e.key === 'Enter')) {
      e.preventDefault();
      void resend(message.id);
    } else if (e.key === 'Escape') setMenu(false);
  }

  return (
    <div className={`message-row message-${message.direction}`}>
      <div
        className={`bubble bubble-${message.direction}${failed ? ' bubble-failed' : ''}`}
        tabIndex={0}
        data-testid="message"
        data-status={message.status}
        onContextMenu={onContextMenu}
        onKeyDown={onKeyDown}
        onBlur={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget)) setMenu(false);
        }}
      >
        <p className="bubble-body" dir="auto">
          {message.body}
        </p>
        <span className="bubble-meta">
          <time dateTime={new Date(message.shownAt).toISOString()}>
            {formatTime(message.shownAt, i18n.language)}
          </time>
          {message.direction === 'out' && <StatusMark message={message} />}
        </span>
        {menu && (
          <div className="context-menu" role="menu">
            {failed && (
              <button
                type="button"
                role="menuitem"
                className="menu-action"
                data-testid="resend"
                onClick={() => {
                  setMenu(false);
                  void resend(message.id);
                }}
              >
                {t('messaging.resend')}
              </button>
            )}
            <button
              type="button"
              role="menuitem"
              className="menu-action"
              onClick={() => {
                setMenu(false);
                void navigator.clipboard.writeText(message.body);
              }}
            >
              {t('messaging.copyText')}
            </button>
          </div>
        )}
      </div>
      {failed && (
        <button type="button" className="link-button failed-note" onClick={() => void resend(message.id)}>
          {t('messaging.failedResend')}
        </button>
      )}
    </div>
  );
}
