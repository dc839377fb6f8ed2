import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact, Conversation } from '../../../shared/ipc/messaging';
import { isolate } from '../../security/bidi';
import { Avatar } from '../Avatar';
import { formatListTime, shortId } from '../format';
import { useMessaging } from '../store';
import { useCommunities } from '../../communities/store';
import { matchesAll } from './fold';
import { Highlighted } from './Highlighted';
import { PostHits } from './PostHits';

/** Typing pauses this long before the message search runs (one query per word, not per key). */
const DEBOUNCE_MS = 150;

/** One group of results under its heading (conversations, contacts or messages). */
function ResultGroup({
  id,
  title,
  children,
}: {
  readonly id: string;
  readonly title: string;
  readonly children: ReactNode;
}) {
  return (
    <section aria-labelledby={`search-group-${id}`}>
      <h3 id={`search-group-${id}`} className="search-group">
        {title}
      </h3>
      <ul className="conversation-list">{children}</ul>
    </section>
  );
}

/** A conversation or a contact found by name: its picture and name. */
function NameRow(props: {
  readonly id: string;
  readonly name: string | null;
  readonly title: string;
  readonly testId: string;
  readonly onChoose: () => void;
}) {
  return (
    <button type="button" className="conversation-item" data-testid={props.testId} onClick={props.onChoose}>
      <Avatar sessionId={props.id} name={props.name} />
      <span className="conversation-text">
        <span className="conversation-name" dir="auto">
          {props.title}
        </span>
      </span>
    </button>
  );
}

/**
 * What the list's search finds, in four groups: conversations (by name or ID), contacts
 * without an open conversation, messages and community posts (full-text, accents folded), newest
 * first, the matching words marked. Choosing a message opens its conversation scrolled to it, a
 * post its room at it.
 */
export function SearchResults({ search }: { readonly search: string }) {
  const { t, i18n } = useTranslation();
  const bridge = useMessaging((s) => s.bridge);
  const conversations = useMessaging((s) => s.conversations);
  const found = useMessaging((s) => s.found);
  const runSearch = useMessaging((s) => s.search);
  const select = useMessaging((s) => s.select);
  const open = useMessaging((s) => s.open);
  const openAt = useMessaging((s) => s.openAt);
  const foundPosts = useCommunities((s) => s.found);
  const searchPosts = useCommunities((s) => s.search);
  const [contacts, setContacts] = useState<readonly Contact[]>([]);
  const [now] = useState(() => Date.now());
  const query = search.trim();

  useEffect(() => {
    const timer = setTimeout(() => {
      void runSearch(query);
      void searchPosts(query);
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [query, runSearch, searchPosts]);

  useEffect(() => {
    void bridge?.invoke('contacts.list', {}).then((r) => {
      if (r.ok) setContacts(r.value);
    });
  }, [bridge]);

  const titleOf = (c: Pick<Conversation, 'id' | 'name' | 'noteToSelf'>) =>
    c.noteToSelf ? t('messaging.noteToSelf') : (c.name ?? shortId(c.id));
  const convs = conversations.filter(
    (c) => !c.blocked && (matchesAll(titleOf(c), query) || c.id.startsWith(query.toLowerCase())),
  );
  const open1 = new Set(conversations.map((c) => c.id));
  const people = contacts.filter(
    (c) =>
      !c.blocked &&
      !open1.has(c.sessionId) &&
      (matchesAll(c.nickname ?? c.name ?? '', query) || c.sessionId.startsWith(query.toLowerCase())),
  );
  const hits = found?.text === query ? found.hits : [];
  const postHits = foundPosts?.text === query ? foundPosts.hits : [];

  if (convs.length === 0 && people.length === 0 && hits.length === 0 && postHits.length === 0) {
    // Say so only once both full-text searches have answered for this text: no flash while typing.
    if (found?.text !== query || foundPosts?.text !== query) return null;
    return (
      <p className="list-empty list-empty-body" role="status" data-testid="search-empty">
        {t('conversations.noResults', { query: isolate(query) })}
      </p>
    );
  }

  const nameOf = (id: string) => {
    const c = conversations.find((x) => x.id === id);
    return c ? titleOf(c) : shortId(id);
  };

  return (
    <div className="search-results" data-testid="search-results">
      {convs.length > 0 && (
        <ResultGroup id="conversations" title={t('conversations.groupConversations')}>
          {convs.map((c) => (
            <li key={c.id}>
              <NameRow
                id={c.id}
                name={c.name}
                title={titleOf(c)}
                // The same test id as in the plain list: a name typed then clicked works either way.
                testId={`conversation-${c.id}`}
                onChoose={() => void select(c.id)}
              />
            </li>
          ))}
        </ResultGroup>
      )}
      {people.length > 0 && (
        <ResultGroup id="contacts" title={t('conversations.groupContacts')}>
          {people.map((c) => (
            <li key={c.sessionId}>
              <NameRow
                id={c.sessionId}
                name={c.nickname ?? c.name}
                title={c.nickname ?? c.name ?? shortId(c.sessionId)}
                testId={`search-contact-${c.sessionId}`}
                onChoose={() => void open(c.sessionId)}
              />
            </li>
          ))}
        </ResultGroup>
      )}
      {hits.length > 0 && (
        <ResultGroup id="messages" title={t('conversations.groupMessages')}>
          {hits.map((h) => (
            <li key={h.messageId}>
              <button
                type="button"
                className="conversation-item search-hit"
                data-testid="search-message"
                onClick={() => void openAt(h.conversationId, h.messageId)}
              >
                <Avatar sessionId={h.conversationId} name={nameOf(h.conversationId)} />
                <span className="conversation-text">
                  <span className="conversation-top">
                    <span className="conversation-name" dir="auto">
                      {nameOf(h.conversationId)}
                    </span>
                    <span className="conversation-time">{formatListTime(h.sentAt, now, i18n.language)}</span>
                  </span>
                  <span className="conversation-preview search-snippet" dir="auto">
                    <Highlighted snippet={h.snippet} />
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ResultGroup>
      )}
      {postHits.length > 0 && (
        <ResultGroup id="posts" title={t('communitySearch.groupPosts')}>
          <PostHits hits={postHits} now={now} />
        </ResultGroup>
      )}
    </div>
  );
}
