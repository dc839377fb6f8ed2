import '../styles/communities.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatListTime } from '../messaging/format';
import { RoomImage } from './RoomImage';
import { useCommunities } from './store';

/**
 * Joined rooms in the conversation list, newest activity first, with their unread counts.
 * `onOpen` lets the section close what its detail pane showed (a new conversation being written).
 */
export function CommunityList({ search, onOpen }: { readonly search: string; readonly onOpen: () => void }) {
  const { t, i18n } = useTranslation();
  const rooms = useCommunities((s) => s.rooms);
  const selected = useCommunities((s) => s.selected);
  const select = useCommunities((s) => s.select);
  // Minute precision is enough for list times; reading the clock in render is not pure.
  const [now] = useState(() => Date.now());
  const needle = search.trim().toLowerCase();
  const shown = rooms
    .filter(
      (r) => needle === '' || r.name.toLowerCase().includes(needle) || r.token.toLowerCase().includes(needle),
    )
    .sort((a, b) => (b.lastPostAt ?? 0) - (a.lastPostAt ?? 0) || a.name.localeCompare(b.name));
  if (shown.length === 0) return null;
  return (
    <section className="community-list-section" aria-labelledby="community-list-title">
      <h2 className="community-list-title" id="community-list-title">
        {t('communities.title')}
      </h2>
      <ul className="conversation-list" aria-labelledby="community-list-title" data-testid="community-list">
        {shown.map((r) => (
          <li key={r.id} className="conversation-slot">
            <button
              type="button"
              className={`conversation-item${r.id === selected ? ' conversation-item-active' : ''}`}
              aria-current={r.id === selected ? 'true' : undefined}
              data-testid={`community-${r.token}`}
              onClick={() => {
                onOpen();
                void select(r.id);
              }}
            >
              <RoomImage room={r} />
              <span className="conversation-text">
                <span className="conversation-top">
                  <span className="conversation-name" dir="auto">
                    {r.name}
                  </span>
                  {r.lastPostAt !== null && (
                    <span className="conversation-time">
                      {formatListTime(r.lastPostAt, now, i18n.language)}
                    </span>
                  )}
                </span>
                <span className="conversation-bottom">
                  <span className="conversation-preview">
                    {t('communities.members', { count: r.activeUsers })}
                  </span>
                  {r.unread > 0 && (
                    <span
                      className="unread-badge"
                      data-testid="community-unread"
                      aria-label={t('communities.unread', { count: r.unread })}
                    >
                      {r.unread > 99 ? '99+' : r.unread}
                    </span>
                  )}
                </span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
