import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '../../shared/ipc/messaging';
import { Avatar } from './Avatar';
import { formatListTime, shortId } from './format';
import { isolate } from '../security/bidi';
import { useMessaging } from './store';
import { SearchResults } from './search/SearchResults';
import { settingText } from './disappearing/duration';
import { AttachmentMark } from '../attachments/AttachmentIcons';
import { attachmentPreview } from '../attachments/preview';
import { MuteMenu, muteText } from './MuteMenu';
import { byActivity } from '../shortcuts/conversation-order';
import { noticeText } from './group/NoticeRow';
import { groupNameOf, useOwnId } from './group/names';
import { BellOffIcon, TimerIcon } from '../components/Icons';

/**
 * Whether the list shows a conversation: in the list asked for (conversations or requests), not
 * blocked, and, when opened by Account ID and never used, only while it is the open one.
 */
export function isListed(c: Conversation, showRequests: boolean, selected: string | undefined): boolean {
  return c.isRequest === showRequests && !c.blocked && (c.unused !== true || c.id === selected);
}

export function conversationTitle(
  c: Pick<Conversation, 'id' | 'name' | 'noteToSelf'>,
  noteToSelf: string,
): string {
  return c.noteToSelf ? noteToSelf : (c.name ?? shortId(c.id));
}

/**
 * The list of conversations (or of message requests), newest first; a search shows its results
 * instead. `onOpen` runs when one is clicked, so the section can close what held the detail pane
 * (a group's panel, a form), even when that conversation was already the selected one.
 */
/** A last message with no text nor attachment that is no notice: a change of the disappearing setting. */
function isSettingChange(last: NonNullable<Conversation['lastMessage']>): boolean {
  return !last.deleted && last.notice === undefined && last.body === '' && last.attachment === null;
}

/** The attachment of a last message that is only an attachment (no text, no notice), else null. */
function onlyAttachment(last: NonNullable<Conversation['lastMessage']>) {
  return !last.deleted && last.notice === undefined && last.body === '' ? last.attachment : null;
}

function AttachmentMarkOf({ last }: { readonly last: NonNullable<Conversation['lastMessage']> }) {
  const attachment = onlyAttachment(last);
  return attachment ? <AttachmentMark voice={attachment.voice} /> : null;
}

export function ConversationList({
  search,
  onOpen,
}: {
  readonly search: string;
  readonly onOpen?: () => void;
}) {
  const showRequests = useMessaging((s) => s.showRequests);
  if (search.trim() !== '' && !showRequests) return <SearchResults search={search} />;
  return <Conversations search={search} {...(onOpen ? { onOpen } : {})} />;
}

function Conversations({ search, onOpen }: { readonly search: string; readonly onOpen?: () => void }) {
  const { t, i18n } = useTranslation();
  const conversations = useMessaging((s) => s.conversations);
  const selected = useMessaging((s) => s.selected);
  const showRequests = useMessaging((s) => s.showRequests);
  const select = useMessaging((s) => s.select);
  const prefetch = useMessaging((s) => s.prefetch);
  const needle = search.trim().toLowerCase();
  const candidates = conversations.filter((c) => isListed(c, showRequests, selected));
  const shown = candidates
    .filter((c) => {
      if (needle === '') return true;
      const title = conversationTitle(c, t('messaging.noteToSelf')).toLowerCase();
      return (
        title.includes(needle) ||
        c.id.includes(needle) ||
        (c.lastMessage?.body.toLowerCase().includes(needle) ?? false)
      );
    })
    .sort(byActivity);
  // A message deleted for everyone says so; a change of the disappearing setting has no text
  // either: the setting says what it was.
  const preview = (c: Conversation, last: NonNullable<Conversation['lastMessage']>): string => {
    if (last.deleted) return t('messaging.deletedMessage');
    if (last.notice !== undefined) return noticePreview(c, last.notice);
    const attachment = onlyAttachment(last);
    if (attachment) {
      const what = attachmentPreview(t, attachment);
      return last.direction === 'out' ? t('messaging.you', { body: what }) : what;
    }
    if (last.body === '') return settingText(t, c.disappearing);
    return last.direction === 'out' ? t('messaging.you', { body: isolate(last.body) }) : last.body;
  };
  const ownId = useOwnId();
  // Members are named as in the group's timeline (its Members config for non-contacts).
  const noticePreview = (
    c: Conversation,
    notice: NonNullable<NonNullable<Conversation['lastMessage']>['notice']>,
  ) =>
    noticeText(
      t,
      notice,
      groupNameOf(conversations, c, ownId, t('messaging.senderYou')),
      ownId,
      i18n.language,
    );
  // Minute precision is enough for list times; reading the clock in render is not pure.
  const [now] = useState(() => Date.now());
  // The conversation whose menu (right click, Menu key, Shift+F10) is open.
  const [menuFor, setMenuFor] = useState<string | undefined>(undefined);

  if (shown.length === 0) {
    // A search that finds nothing says so (an empty list alone looks broken). With nothing to
    // search in, the section's own empty state speaks instead.
    if (needle === '' || candidates.length === 0) return null;
    return (
      <p className="list-empty list-empty-body" role="status" data-testid="search-empty">
        {t('conversations.noResults', { query: isolate(search.trim()) })}
      </p>
    );
  }
  return (
    <ul
      className="conversation-list"
      aria-label={showRequests ? t('messaging.requests') : t('conversations.title')}
    >
      {shown.map((c) => (
        <li key={c.id} className="conversation-slot">
          <button
            type="button"
            className={`conversation-item${c.id === selected ? ' conversation-item-active' : ''}`}
            aria-current={c.id === selected ? 'true' : undefined}
            aria-haspopup="menu"
            data-testid={`conversation-${c.id}`}
            // The newest page is asked for as the button goes down: the click finds it on its way.
            onPointerDown={(e) => {
              if (e.button === 0) prefetch(c.id);
            }}
            onClick={() => {
              onOpen?.();
              void select(c.id);
            }}
            onContextMenu={(e) => {
              e.preventDefault();
              setMenuFor(c.id);
            }}
            onKeyDown={(e) => {
              if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
                e.preventDefault();
                setMenuFor(c.id);
              }
            }}
          >
            <Avatar sessionId={c.id} name={c.name} group={c.group !== undefined} />
            <span className="conversation-text">
              <span className="conversation-top">
                <span className="conversation-name" dir="auto">
                  {conversationTitle(c, t('messaging.noteToSelf'))}
                </span>
                {c.community && (
                  <span className="conversation-community" data-testid="conversation-community" dir="auto">
                    {t('communities.dmVia', { name: isolate(c.community.name) })}
                  </span>
                )}
                {c.lastMessage && (
                  <span className="conversation-time">
                    {formatListTime(c.lastMessage.sentAt, now, i18n.language)}
                  </span>
                )}
              </span>
              <span className="conversation-bottom">
                <span className="conversation-preview" dir="auto">
                  {c.lastMessage && isSettingChange(c.lastMessage) && (
                    <span className="inline-icon" aria-hidden="true">
                      <TimerIcon size={13} />
                    </span>
                  )}
                  {c.lastMessage && <AttachmentMarkOf last={c.lastMessage} />}
                  {c.lastMessage ? preview(c, c.lastMessage) : ''}
                </span>
                {muteText(t, c, i18n.language, now) !== undefined && (
                  <span
                    className="muted-mark"
                    role="img"
                    aria-label={t('notifications.muted')}
                    data-testid="muted-mark"
                  >
                    <BellOffIcon size={14} />
                  </span>
                )}
                {c.unread > 0 && (
                  <span className="unread-badge" aria-label={t('messaging.unread', { count: c.unread })}>
                    {c.unread > 99 ? '99+' : c.unread}
                  </span>
                )}
              </span>
            </span>
          </button>
          {menuFor === c.id && (
            <MuteMenu
              conversation={c}
              onClose={() => {
                setMenuFor(undefined);
                document.querySelector<HTMLElement>(`[data-testid="conversation-${c.id}"]`)?.focus();
              }}
            />
          )}
        </li>
      ))}
    </ul>
  );
}
