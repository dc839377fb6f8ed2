import type { KeyboardEvent, MouseEvent } from 'react';
import { memo, useEffect, useRef, useState } from 'react';
import type { Message } from '../../shared/ipc/messaging';
import { useApp } from '../store';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { isolate } from '../security/bidi';
import { formatTime } from './format';
import { ContextMenu, opensMenu, type MenuEntry } from './ContextMenu';
import { QuoteBlock } from './QuoteBlock';
import { InvitationCard } from './InvitationCard';
import { ReactionBar } from './ReactionBar';
import { Reactions } from './Reactions';
import { useMessaging } from './store';
import { useListWords } from './list-words';
import { ExpirationNotice } from './disappearing/ExpirationNotice';
import { AttachmentList } from '../attachments/AttachmentList';
import { conversationTitle } from './ConversationList';
import { Avatar } from './Avatar';
import { NoticeRow } from './group/NoticeRow';
import { showMentions, useGroupNames, useOwnId } from './group/names';
import { TimerIcon } from '../components/Icons';

/** What the status mark says: "sending" while the app knows it is offline is "waiting for network". */
export type ShownStatus = Message['status'] | 'waiting';

export function useShownStatus(message: Message): ShownStatus {
  const offline = useApp((s) => s.network?.state === 'offline');
  return message.status === 'sending' && offline ? 'waiting' : message.status;
}

/** Sending (clock), waiting for network, sent ✓, read ✓✓, failed (red, with Resend). */
function StatusMark({ status }: { readonly status: ShownStatus }) {
  const { word } = useListWords();
  const label = word(`messaging.status.${status}`);
  const glyph = { sending: '◷', waiting: '◷', sent: '✓', read: '✓✓', failed: '!', received: '' }[status];
  // Waiting and failed say it in words too: a glyph alone does not tell what to expect.
  const spelled = status === 'waiting' || status === 'failed';
  return (
    // role=img: without a role, an aria-label on a span is dropped and the glyph is read instead
    // ("check mark"); the words inside are then presentational, so the label says it all.
    <span
      className={`status status-${status}`}
      title={label}
      role="img"
      aria-label={label}
      data-testid="message-status"
      data-shown={status}
    >
      <span aria-hidden="true">{glyph}</span>
      {spelled && (
        <span className="status-text" aria-hidden="true">
          {label}
        </span>
      )}
    </span>
  );
}

/**
 * One timeline row: a message bubble, or the notice of a change of the disappearing setting.
 * Memoized: the list re-renders on every change of its range or of the rows' measured positions
 * (right after the first commit when the measured rows move the newest to the bottom, then while
 * scrolling); a row whose message and marks are unchanged is not rendered again.
 */
export const MessageBubble = memo(function MessageBubble({
  message,
  highlighted = false,
  tabbable = false,
}: {
  readonly message: Message;
  /** A quote pointing here was just followed: focus and mark it a moment. */
  readonly highlighted?: boolean;
  /** The one message of the list that Tab reaches (roving focus; arrows move between them). */
  readonly tabbable?: boolean;
}) {
  const { word } = useListWords();
  const conversation = useMessaging((s) => s.conversations.find((c) => c.id === message.conversationId));
  const ownId = useOwnId();
  const nameOf = useGroupNames(message.conversationId, ownId, word('messaging.senderYou'));
  if (message.notice !== undefined)
    return <NoticeRow message={message} notice={message.notice} nameOf={nameOf} ownId={ownId} />;
  if (message.expirationUpdate) {
    const name = conversation
      ? conversationTitle(conversation, word('messaging.noteToSelf'))
      : message.sender;
    return <ExpirationNotice message={message} name={name} />;
  }
  return <Bubble message={message} highlighted={highlighted} tabbable={tabbable} />;
});

/**
 * One message. Its context menu (right click, the menu key or Shift+F10; arrow keys move in it)
 * offers Reply, React, Copy text, Delete for me, Delete for everyone (our sent messages) and
 * Message info, and on a failed message Resend; from the keyboard, C copies the text, R or Enter
 * resends a failed message, Delete deletes it and I opens its info (the same keys are listed in
 * Settings → About).
 */
function Bubble({
  message,
  highlighted = false,
  tabbable = false,
}: {
  readonly message: Message;
  readonly highlighted?: boolean;
  readonly tabbable?: boolean;
}) {
  const { t, language, word, senderName: spokenSender } = useListWords();
  const resend = useMessaging((s) => s.resend);
  const remove = useMessaging((s) => s.remove);
  const unsend = useMessaging((s) => s.unsend);
  const showInfo = useMessaging((s) => s.showInfo);
  const setReplyTo = useMessaging((s) => s.setReplyTo);
  const react = useMessaging((s) => s.react);
  const conversation = useMessaging((s) => s.conversations.find((c) => c.id === message.conversationId));
  const shown = useShownStatus(message);
  const [menu, setMenu] = useState(false);
  const [reacting, setReacting] = useState(false);
  const [confirmUnsend, setConfirmUnsend] = useState(false);
  const bubble = useRef<HTMLDivElement>(null);
  const failed = message.status === 'failed';
  const deleted = message.deleted;
  const canUnsend =
    !deleted && message.direction === 'out' && (message.status === 'sent' || message.status === 'read');
  const focused = useMessaging((s) => s.focus?.id === message.id);
  const copy = () => {
    if (!deleted) void navigator.clipboard.writeText(message.body);
  };

  useEffect(() => {
    if (highlighted) bubble.current?.focus({ preventScroll: true });
  }, [highlighted]);

  function onContextMenu(e: MouseEvent) {
    e.preventDefault();
    setMenu(true);
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.target !== e.currentTarget && e.key !== 'Escape') return; // a menu item has focus
    if (opensMenu(e)) {
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
    } else if (e.key === 'Escape') {
      setMenu(false);
      bubble.current?.focus();
    }
  }

  const entry = (label: string, testId: string, action: () => void): MenuEntry => ({ label, testId, action });
  // Its first entry takes focus: Resend on a failed message, Reply on a sent or received one,
  // Delete for me on a deleted one.
  const entries = (): MenuEntry[] => [
    ...(failed
      ? [
          entry(t('messaging.resend'), 'resend', () => void resend(message.id)),
          // A failed message never left this computer: plain "Delete", right after Resend.
          entry(t('messaging.delete'), 'delete', () => void remove(message.id)),
        ]
      : []),
    ...(!deleted && !failed
      ? [
          entry(t('messaging.reply'), 'reply', () => {
            setReplyTo(message.conversationId, message);
            document.querySelector<HTMLTextAreaElement>('[data-testid="composer"]')?.focus();
          }),
          entry(t('messaging.react'), 'react', () => {
            setReacting(true);
          }),
        ]
      : []),
    ...(!deleted && message.body !== ''
      ? [entry(t('messaging.copyText'), 'copy', () => void navigator.clipboard.writeText(message.body))]
      : []),
    ...(!failed ? [entry(t('messaging.deleteForMe'), 'delete', () => void remove(message.id))] : []),
    ...(canUnsend
      ? [
          entry(t('messaging.deleteForEveryone'), 'unsend', () => {
            setConfirmUnsend(true);
          }),
        ]
      : []),
    entry(t('messaging.messageInfo'), 'info', () => {
      showInfo(message);
    }),
  ];

  const title = conversation ? (conversation.name ?? '') : '';
  // In a group, each incoming message says who wrote it (name and picture), as in Session.
  const inGroup = conversation?.group !== undefined;
  const nameOf = useGroupNames(message.conversationId, useOwnId(), word('messaging.senderYou'));
  const senderName = inGroup
    ? nameOf(message.sender)
    : conversation
      ? conversationTitle(conversation, word('messaging.noteToSelf'))
      : message.sender.slice(0, 8);
  const showSender = inGroup && message.direction === 'in';

  return (
    <div className={`message-row message-${message.direction}${showSender ? ' message-row-group' : ''}`}>
      {showSender && (
        <span className="group-sender-avatar">
          <Avatar sessionId={message.sender} name={senderName} size={1.9} />
        </span>
      )}
      <div
        ref={bubble}
        className={`bubble bubble-${message.direction}${failed ? ' bubble-failed' : ''}${
          highlighted ? ' bubble-highlight' : ''
        }${focused ? ' bubble-focused' : ''}${deleted ? ' bubble-deleted' : ''}`}
        tabIndex={tabbable ? 0 : -1}
        data-testid="message"
        data-status={message.status}
        data-id={message.id}
        onContextMenu={onContextMenu}
        onKeyDown={onKeyDown}
        onBlur={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget)) setMenu(false);
        }}
      >
        {/* Who wrote it, for assistive technology: sight tells it from the bubble's side. */}
        <span className="visually-hidden" data-testid="message-sender">
          {message.direction === 'out' ? word('messaging.senderYou') : spokenSender(senderName)}
        </span>
        {showSender && (
          <span className="group-sender-name" dir="auto" aria-hidden="true" data-testid="group-sender">
            {senderName}
          </span>
        )}
        {message.quote !== null && (
          <QuoteBlock quote={message.quote} conversationId={message.conversationId} />
        )}
        {deleted ? (
          <p className="bubble-body bubble-body-deleted" data-testid="message-deleted">
            {word('messaging.deletedMessage')}
          </p>
        ) : message.invitation !== undefined ? (
          <InvitationCard invitation={message.invitation} />
        ) : (
          <>
            <AttachmentList message={message} />
            {/* With attachments, the body is their caption and may be empty. */}
            {(message.body !== '' || message.attachments.length === 0) && (
              <p className="bubble-body" dir="auto">
                {inGroup ? showMentions(message.body, nameOf) : message.body}
              </p>
            )}
          </>
        )}
        <span className="bubble-meta">
          {message.expiry.mode !== 'off' && (
            <span
              className="bubble-timer"
              data-testid="bubble-timer"
              title={word('messaging.disappearing.disappears')}
            >
              <TimerIcon size={12} />
            </span>
          )}
          <time dateTime={new Date(message.shownAt).toISOString()}>
            {formatTime(message.shownAt, language)}
          </time>
          {message.direction === 'out' && !deleted && <StatusMark status={shown} />}
        </span>
        {menu && (
          <ContextMenu
            entries={entries()}
            onClose={() => {
              setMenu(false);
            }}
          />
        )}
      </div>
      {reacting && (
        <ReactionBar
          side={message.direction}
          reacted={(emoji) => message.reactions.some((r) => r.emoji === emoji && r.mine)}
          onReact={(emoji, remove) => void react(message.id, emoji, remove)}
          onClose={() => {
            setReacting(false);
            bubble.current?.focus();
          }}
        />
      )}
      <Reactions message={message} />
      {failed && (
        <button type="button" className="link-button failed-note" onClick={() => void resend(message.id)}>
          {word('messaging.failedResend')}
        </button>
      )}
      {confirmUnsend && (
        <ConfirmDialog
          testId="unsend-confirm"
          title={t('messaging.deleteConfirm.title')}
          body={
            conversation?.noteToSelf === true
              ? t('messaging.deleteConfirm.bodySelf')
              : t('messaging.deleteConfirm.body', { name: isolate(title || t('messaging.youAuthor')) })
          }
          confirmLabel={t('messaging.deleteConfirm.confirm')}
          cancelLabel={t('messaging.deleteConfirm.cancel')}
          onCancel={() => {
            setConfirmUnsend(false);
          }}
          onConfirm={() => {
            setConfirmUnsend(false);
            void unsend(message.id);
          }}
        />
      )}
    </div>
  );
}
