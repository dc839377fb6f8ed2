import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCopy } from '../account/useCopy';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Avatar } from './Avatar';
import { Composer } from './Composer';
import { conversationTitle } from './ConversationList';
import { shortId } from './format';
import { MessageInfo } from './MessageInfo';
import { MessageList } from './MessageList';
import { isolate } from '../security/bidi';
import { useMessaging } from './store';
import { DisappearingDialog } from './disappearing/DisappearingDialog';
import { settingText } from './disappearing/duration';
import { useFileDrop } from '../attachments/useFileDrop';
import { MuteButton } from './MuteMenu';
import { useGroupNames, useOwnId } from './group/names';
import { useGroups } from '../groups/store';
import { standingText } from '../groups/member-words';
import { TimerIcon } from '../components/Icons';
import { useDiscardUnused } from './useDiscardUnused';

/** The open conversation: header, messages, and the composer (or the request choice). */
export function ConversationView({ conversationId }: { readonly conversationId: string }) {
  const { t } = useTranslation();
  const conversation = useMessaging((s) => s.conversations.find((c) => c.id === conversationId));
  const typing = useMessaging((s) => s.typing[conversationId] === true);
  const accept = useMessaging((s) => s.accept);
  const decline = useMessaging((s) => s.decline);
  const block = useMessaging((s) => s.block);
  const [copied, copy] = useCopy();
  const nameOf = useGroupNames(conversationId, useOwnId(), t('messaging.senderYou'));
  const openGroupPanel = useGroups((s) => s.openPanel);
  const [confirmBlock, setConfirmBlock] = useState(false);
  const [disappearing, setDisappearing] = useState(false);
  // A community DM carries text only, through the community's server (as Session's).
  const communityDm = conversation?.community !== undefined || /^(?:15|25)/.test(conversationId);
  const canAttach =
    conversation !== undefined && !conversation.isRequest && !conversation.blocked && !communityDm;
  const drop = useFileDrop(conversationId, canAttach);
  useDiscardUnused(conversationId);
  // Accept removes the request bar with the button that had focus: focus moves on to the composer
  // that replaces it, where the reply is written (not to <body>). Only if the focus was lost with
  // the button: the answer comes back later, and by then the user may be typing elsewhere (the
  // search field), which must keep it.
  const accepted = useRef(false);
  const isRequest = conversation?.isRequest;
  useEffect(() => {
    if (isRequest !== false || !accepted.current) return;
    accepted.current = false;
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (lost) document.querySelector<HTMLElement>('[data-testid="composer"]')?.focus();
  }, [isRequest]);
  if (!conversation) return null;
  const title = conversationTitle(conversation, t('messaging.noteToSelf'));
  const group = conversation.group;
  const inviter = group?.invitedBy ? nameOf(group.invitedBy) : null;

  return (
    <div className="conversation-view" data-testid="conversation-view" {...drop.handlers}>
      {drop.over && (
        <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
          {t('attachments.dropHere')}
        </div>
      )}
      <header className="conversation-header">
        <Avatar sessionId={conversation.id} name={conversation.name} size={2.3} group={group !== undefined} />
        <div className="conversation-header-text">
          <h2 className="conversation-header-title" dir="auto">
            {title}
          </h2>
          {group ? (
            <span className="group-member-count" data-testid="group-member-count">
              {standingText(t, group, t('groupChat.members', { count: group.members.length }))}
            </span>
          ) : (
            <button
              type="button"
              className="link-button session-id-short"
              onClick={() => void copy(conversation.id)}
            >
              {copied ? t('account.copied') : shortId(conversation.id)}
            </button>
          )}
          {conversation.community && (
            <span
              className="conversation-header-community"
              data-testid="conversation-community-header"
              dir="auto"
            >
              {t('communities.dmVia', { name: isolate(conversation.community.name) })}
            </span>
          )}
        </div>
        {conversation.id.startsWith('03') && (
          <button
            type="button"
            className="button button-small"
            data-testid="group-details-button"
            onClick={() => {
              openGroupPanel(conversation.id);
            }}
          >
            {t('groups.openDetails')}
          </button>
        )}
        {!conversation.blocked && <MuteButton conversation={conversation} />}
        {/* A group's timer is its admins' (the group window); a community DM has none. */}
        {!conversation.isRequest && !conversation.blocked && !communityDm && group === undefined && (
          <button
            type="button"
            className={`button button-small disappearing-button${
              conversation.disappearing.mode === 'off' ? '' : ' disappearing-on'
            }`}
            data-testid="disappearing-button"
            title={t('messaging.disappearing.button')}
            onClick={() => {
              setDisappearing(true);
            }}
          >
            <span className="inline-icon" aria-hidden="true">
              <TimerIcon size={16} />
            </span>
            {conversation.disappearing.mode === 'off'
              ? t('messaging.disappearing.button')
              : settingText(t, conversation.disappearing)}
          </button>
        )}
      </header>
      {disappearing && (
        <DisappearingDialog
          conversation={conversation}
          onClose={() => {
            setDisappearing(false);
          }}
        />
      )}
      <MessageList conversationId={conversationId} />
      <MessageInfo />
      {typing && (
        <p className="typing" aria-live="polite">
          {t('messaging.typing', { name: isolate(title) })}
        </p>
      )}
      {conversation.isRequest ? (
        <div className="request-bar" data-testid="request-bar">
          {group ? (
            <p>
              {inviter !== null && (
                <span data-testid="group-invited-by">
                  {t('groupChat.invitedBy', { name: isolate(inviter) })}{' '}
                </span>
              )}
              {t('groupChat.requestExplain')}
            </p>
          ) : (
            <p>
              {conversation.community
                ? t('communities.dmRequestExplain', { name: isolate(conversation.community.name) })
                : t('messaging.requestExplain')}
            </p>
          )}
          <div className="request-actions">
            {group === undefined && (
              <button
                type="button"
                className="button button-quiet"
                data-testid="request-block"
                onClick={() => {
                  setConfirmBlock(true);
                }}
              >
                {t('contacts.block')}
              </button>
            )}
            <button
              type="button"
              className="button"
              data-testid="request-decline"
              onClick={() => void decline(conversationId)}
            >
              {t('messaging.decline')}
            </button>
            <button
              type="button"
              className="button button-primary"
              data-testid="request-accept"
              onClick={() => {
                accepted.current = true;
                void accept(conversationId);
              }}
            >
              {t('messaging.accept')}
            </button>
          </div>
        </div>
      ) : group !== undefined && group.status !== 'joined' ? (
        <p className="request-bar group-not-member" data-testid="group-not-member">
          {group.ended === 'removed'
            ? t('groupsLeft.removedFrom', { group: isolate(title) })
            : group.ended === 'destroyed'
              ? t('groupsLeft.deleted', { group: isolate(title) })
              : t('groupChat.notMember')}
        </p>
      ) : conversation.community?.requestsOff === true ? (
        // Said before a send would fail: the same words as the room's disabled "Message".
        <p className="request-bar group-not-member" data-testid="community-dm-requests-off">
          {t('communityDmMore.requestsOff', { name: isolate(title) })}
        </p>
      ) : (
        <Composer conversationId={conversationId} disabled={conversation.blocked} textOnly={communityDm} />
      )}
      {confirmBlock && (
        <ConfirmDialog
          testId="block-confirm"
          title={t('contacts.blockConfirmTitle', { name: isolate(title) })}
          body={t('contacts.blockConfirmBody')}
          confirmLabel={t('contacts.block')}
          cancelLabel={t('contacts.cancel')}
          onCancel={() => {
            setConfirmBlock(false);
          }}
          onConfirm={() => {
            setConfirmBlock(false);
            void block(conversationId);
          }}
        />
      )}
    </div>
  );
}
