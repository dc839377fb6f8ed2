import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState';
import { focusSoon } from '../components/focus';
import { NarrowBack } from '../components/NarrowBack';
import { ChatIcon } from '../components/Icons';
import { ListPane } from '../components/ListPane';
import { ConversationList, isListed } from '../messaging/ConversationList';
import { useMessaging } from '../messaging/store';
import { useApp } from '../store';
import { CommunityList } from '../communities/CommunityList';
import {
  ConversationView,
  GroupPanel,
  JoinCommunity,
  NewConversation,
  NewGroup,
  RoomView,
} from '../deferred-screens';
import { useCommunities } from '../communities/store';
import { useGroups } from '../groups/store';

export function ConversationsSection() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [composing, setComposing] = useState(false);
  const newButton = useRef<HTMLButtonElement>(null);
  const newGroupButton = useRef<HTMLButtonElement>(null);
  const creatingGroup = useGroups((s) => s.creating);
  const setCreatingGroup = useGroups((s) => s.setCreating);
  const groupPanel = useGroups((s) => s.open);
  const openGroupPanel = useGroups((s) => s.openPanel);
  const joinButton = useRef<HTMLButtonElement>(null);
  const room = useCommunities((s) => s.selected);
  const joining = useCommunities((s) => s.joining);
  const setJoining = useCommunities((s) => s.setJoining);
  const selectRoom = useCommunities((s) => s.select);
  const roomCount = useCommunities((s) => s.rooms.length);
  const conversations = useMessaging((s) => s.conversations);
  const selected = useMessaging((s) => s.selected);
  const showRequests = useMessaging((s) => s.showRequests);
  const setShowRequests = useMessaging((s) => s.setShowRequests);
  const open = useMessaging((s) => s.open);
  const select = useMessaging((s) => s.select);
  const account = useApp((s) => s.account);
  const requests = conversations.filter((c) => c.isRequest && !c.blocked).length;
  const visible = conversations.filter((c) => isListed(c, showRequests, selected)).length;
  const detail =
    composing ||
    joining ||
    creatingGroup ||
    groupPanel !== undefined ||
    room !== undefined ||
    selected !== undefined;
  // A group's panel or the New group form takes the detail pane from what was there.
  const closeGroups = () => {
    setCreatingGroup(false);
    openGroupPanel(undefined);
  };
  const ownId = account?.state === 'ready' ? account.sessionId : undefined;

  return (
    <>
      <ListPane
        title={showRequests ? t('messaging.requests') : t('conversations.title')}
        searchLabel={t('conversations.searchLabel')}
        search={search}
        onSearch={setSearch}
        actions={
          <button
            type="button"
            className="button button-primary button-small"
            ref={newButton}
            data-testid="new-conversation-button"
            aria-expanded={composing}
            onClick={() => {
              setJoining(false);
              closeGroups();
              void selectRoom(undefined);
              setComposing(true);
            }}
          >
            {t('messaging.new')}
          </button>
        }
      >
        {showRequests ? (
          <button type="button" className="requests-banner" onClick={() => setShowRequests(false)}>
            {t('messaging.backToConversations')}
          </button>
        ) : (
          requests > 0 && (
            <button
              type="button"
              className="requests-banner"
              data-testid="requests-banner"
              onClick={() => setShowRequests(true)}
            >
              {t('messaging.requestsCount', { count: requests })}
            </button>
          )
        )}
        <ConversationList
          search={search}
          onOpen={() => {
            // The conversation takes the detail pane from a group's panel or an open form.
            setComposing(false);
            setJoining(false);
            closeGroups();
          }}
        />
        {!showRequests && (
          <CommunityList
            search={search}
            onOpen={() => {
              setComposing(false);
              closeGroups();
            }}
          />
        )}
        {visible === 0 && !showRequests && roomCount === 0 && (
          <div className="list-empty" data-testid="conversations-empty">
            <p className="list-empty-title">{t('conversations.emptyTitle')}</p>
            <p className="list-empty-body">{t('conversations.emptyBody')}</p>
            {ownId !== undefined && (
              <button
                type="button"
                className="link-button"
                data-testid="note-to-self"
                onClick={() => void open(ownId)}
              >
                {t('messaging.openNoteToSelf')}
              </button>
            )}
          </div>
        )}
        {!showRequests && (
          <button
            type="button"
            className="link-button join-community-entry"
            ref={joinButton}
            data-testid="join-community-button"
            aria-expanded={joining}
            onClick={() => {
              setComposing(false);
              closeGroups();
              setJoining(true);
            }}
          >
            {t('communities.join')}
          </button>
        )}
        {!showRequests && (
          <button
            type="button"
            className="link-button join-community-entry"
            ref={newGroupButton}
            data-testid="new-group-button"
            aria-expanded={creatingGroup}
            onClick={() => {
              setComposing(false);
              setJoining(false);
              void selectRoom(undefined);
              setCreatingGroup(true);
            }}
          >
            {t('groups.new')}
          </button>
        )}
      </ListPane>
      <main
        id="main-content"
        className="main-pane main-pane-conversation"
        tabIndex={-1}
        aria-labelledby="tab-conversations"
        data-narrow={detail ? 'detail' : 'list'}
      >
        {detail && (
          <NarrowBack
            onBack={() => {
              if (composing) setComposing(false);
              else if (creatingGroup) setCreatingGroup(false);
              else if (groupPanel !== undefined) openGroupPanel(undefined);
              else if (joining) setJoining(false);
              else if (room !== undefined) void selectRoom(undefined);
              else void select(undefined);
            }}
          />
        )}
        {composing ? (
          <NewConversation
            onClose={(how) => {
              setComposing(false);
              // Back where it came from; or, a conversation opened, to where one writes in it.
              if (how === 'cancelled') newButton.current?.focus();
              else focusSoon('[data-testid="composer"]');
            }}
          />
        ) : creatingGroup ? (
          <NewGroup
            onClose={(how, groupId) => {
              setCreatingGroup(false);
              if (how === 'cancelled') newGroupButton.current?.focus();
              else if (groupId !== undefined) {
                // The new group is where the user now is: its conversation is selected (the list
                // marks it, not the one open before), and closing its panel shows it, focus on
                // the button that opens the panel again.
                setShowRequests(false);
                void select(groupId);
              }
            }}
          />
        ) : groupPanel !== undefined ? (
          <GroupPanel
            groupId={groupPanel}
            onClose={() => {
              openGroupPanel(undefined);
              // Opened from its conversation's header, or just created (its conversation selected):
              // the header's button comes back with the conversation.
              if (selected === groupPanel) focusSoon('[data-testid="group-details-button"]');
              else focusSoon(`[data-testid="conversation-${groupPanel}"]`);
            }}
          />
        ) : joining ? (
          <JoinCommunity
            onClose={(how) => {
              setJoining(false);
              if (how === 'cancelled') joinButton.current?.focus();
              else focusSoon('[data-testid="room-composer"]');
            }}
          />
        ) : room !== undefined ? (
          <RoomView roomId={room} />
        ) : selected !== undefined ? (
          <ConversationView conversationId={selected} />
        ) : (
          <EmptyState
            icon={<ChatIcon size={44} />}
            title={t('conversations.noneSelectedTitle')}
            body={t('conversations.noneSelectedBody')}
            hint={t('conversations.emptyHint')}
          />
        )}
      </main>
    </>
  );
}
