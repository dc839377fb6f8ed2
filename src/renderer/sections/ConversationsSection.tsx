import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState';
import { focusSoon } from '../components/focus';
import { NarrowBack } from '../components/NarrowBack';
import { ChatIcon } from '../components/Icons';
import { ListPane } from '../components/ListPane';
import { ConversationList } from '../messaging/ConversationList';
import { ConversationView } from '../messaging/ConversationView';
import { NewConversation } from '../messaging/NewConversation';
import { useMessaging } from '../messaging/store';
import { useApp } from '../store';

export function ConversationsSection() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [composing, setComposing] = useState(false);
  const newButton = useRef<HTMLButtonElement>(null);
  const conversations = useMessaging((s) => s.conversations);
  const selected = useMessaging((s) => s.selected);
  const showRequests = useMessaging((s) => s.showRequests);
  const setShowRequests = useMessaging((s) => s.setShowRequests);
  const open = useMessaging((s) => s.open);
  const select = useMessaging((s) => s.select);
  const account = useApp((s) => s.account);
  const requests = conversations.filter((c) => c.isRequest && !c.blocked).length;
  const visible = conversations.filter((c) => c.isRequest === showRequests && !c.blocked).length;
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
        <ConversationList search={search} />
        {visible === 0 && !showRequests && (
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
      </ListPane>
      <main
        id="main-content"
        className="main-pane main-pane-conversation"
        tabIndex={-1}
        aria-labelledby="tab-conversations"
        data-narrow={composing || selected !== undefined ? 'detail' : 'list'}
      >
        {(composing || selected !== undefined) && (
          <NarrowBack
            onBack={() => {
              if (composing) setComposing(false);
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
