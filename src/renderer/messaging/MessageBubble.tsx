import type { KeyboardEvent, MouseEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../shared/ipc/messaging';
import { useApp } from '../store';
import { formatTime } from './format';
import { useMessaging } from './store';
import { ExpirationNotice } from './disappearing/ExpirationNotice';
import { conversationTitle } from './ConversationList';

/** What the status mark says: "sending" while the app knows it is offline is "waiting for network". */
export type ShownStatus = Message['status'] | 'waiting';

export function useShownStatus(message: Message): ShownStatus {
  const offline = useApp((s) => s.network?.state === 'offline');
  return message.status === 'sending' && offline ? 'waiting' : message.status;
}

/** Sending (clock), waiting for network, sent ✓, read ✓✓, failed (red, with Resend). */
function StatusMark({ status }: { readonly status: ShownStatus }) {
  const { t } = useTranslation();
  const label = t(`messaging.status.${status}`);
  const glyph = { sending: '◷', waiting: '◷', sent: '✓', read: '✓✓', failed: '!', received: '' }[status];
  // Waiting and failed say it in words too: a glyph alone does not tell what to expect.
  const spelled = status === 'waiting' || status === 'failed';
  return (
    <span
      className={`status status-${status}`}
      title={label}
      aria-label={label}
      data-testid="message-status"
      data-shown={status}
    >
      {glyph}
      {spelled && <span className="status-text">{label}</span>}
    </span>
  );
}

/** One timeline row: a message bubble, or the notice of a change of the disappearing setting. */
export function MessageBubble({ message }: { readonly message: Message }) {
  const { t } = useTranslation();
  const conversation = useMessaging((s) => s.conversations.find((c) => c.id === message.conversationId));
  if (message.expirationUpdate) {
    const name = conversation ? conversationTitle(conversation, t('messaging.noteToSelf')) : message.sender;
    return <ExpirationNotice message={message} name={name} />;
  }
  return <Bubble message={message} />;
}

/**
 * One message. Its context menu (right click, the menu key or Shift+F10) offers Copy text and
 * Message info, and on a failed message Resend and Delete; from the keyboard, C copies the
 * text, R or Enter resends a failed message, Delete deletes it and I opens its info (the same
 * keys are listed in Settings → About).
 */
function Bubble({ message }: { readonly message: Message }) {
  const { t, i18n } = useTranslation();
  const resend = useMessaging((s) => s.resend);
  const remove = useMessaging((s) => s.remove);
  const showInfo = useMessaging((s) => s.showInfo);
  const shown = useShownStatus(message);
  const [menu, setMenu] = useState(false);
  const failed = message.status === 'failed';
  const focused = useMessaging((s) => s.focus?.id === message.id);
  const copy = () => void navigator.clipboard.writeText(message.body);

  function onContextMenu(e: MouseEvent) {
    e.preventDefault();
    setMenu(true);
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.target !== e.currentTarget && e.key !== 'Escape') return; // a menu item has focus
    if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      setMenu(true);
    } else if (failed && (e.key === 'r' || e.key === 'R' || e.key === 'Enter')) {
      e.preventDefault();
      void resend(message.id);
    } else if (failed && e.key === 'Delete') {
      e.preventDefault();
      void remove(message.id);
    } else if ((e.key === 'c' || e.key === 'C') && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      copy();
    } else if (e.key === 'i' || e.key === 'I') {
      e.preventDefault();
      showInfo(message);
    } else if (e.key === 'Escape') setMenu(false);
  }

  const item = (label: string, testId: string, action: () => void, first = false) => (
    <button
      type="button"
      role="menuitem"
      className="menu-action"
      data-testid={testId}
      autoFocus={first}
      onClick={() => {
        setMenu(false);
        action();
      }}
    >
      {label}
    </button>
  );

  return (
    <div className={`message-row message-${message.direction}`}>
      <div
        className={`bubble bubble-${message.direction}${failed ? ' bubble-failed' : ''}${
          focused ? ' bubble-focused' : ''
        }`}
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
          {message.expiry.mode !== 'off' && (
            <span
              className="bubble-timer"
              data-testid="bubble-timer"
              title={t('messaging.disappearing.disappears')}
            >
              ⏱
            </span>
          )}
          <time dateTime={new Date(message.shownAt).toISOString()}>
            {formatTime(message.shownAt, i18n.language)}
          </time>
          {message.direction === 'out' && <StatusMark status={shown} />}
        </span>
        {menu && (
          <div className="context-menu" role="menu">
            {failed && item(t('messaging.resend'), 'resend', () => void resend(message.id), true)}
            {failed && item(t('messaging.delete'), 'delete', () => void remove(message.id))}
            {item(t('messaging.copyText'), 'copy', copy, !failed)}
            {item(t('messaging.messageInfo'), 'info', () => {
              showInfo(message);
            })}
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
