import { useTranslation } from 'react-i18next';
import type { CommunityPostHit } from '../../../shared/ipc/communities';
import { RoomImage } from '../../communities/RoomImage';
import { useCommunities } from '../../communities/store';
import { isolate } from '../../security/bidi';
import { Avatar } from '../Avatar';
import { formatListTime, shortId } from '../format';
import { Highlighted } from './Highlighted';

/** Who posted a found post: "You" for ours, their name when they gave one, else their short ID. */
function posterOf(hit: CommunityPostHit, you: string): string {
  if (hit.mine) return you;
  return hit.senderName !== null && hit.senderName.trim() !== '' ? hit.senderName : shortId(hit.sender);
}

/**
 * Community posts found by the list's search (newest first): the room, when, who posted and the
 * text around the matches. Choosing one opens the room at that post. Rows are the list's buttons,
 * so the list's keys (Down, Up, Enter, Escape) move through them as through the other results.
 */
export function PostHits({
  hits,
  now,
}: {
  readonly hits: readonly CommunityPostHit[];
  readonly now: number;
}) {
  const { t, i18n } = useTranslation();
  const rooms = useCommunities((s) => s.rooms);
  const openAt = useCommunities((s) => s.openAt);
  return (
    <>
      {hits.map((h) => {
        const room = rooms.find((r) => r.id === h.roomId);
        return (
          <li key={`${h.roomId}:${h.postId}`}>
            <button
              type="button"
              className="conversation-item search-hit"
              data-testid="search-post"
              data-room-id={h.roomId}
              data-post-id={h.postId}
              onClick={() => void openAt(h.roomId, h.postId)}
            >
              {room ? <RoomImage room={room} /> : <Avatar sessionId={h.sender} name={h.roomName} />}
              <span className="conversation-text">
                <span className="conversation-top">
                  <span className="conversation-name" dir="auto">
                    {h.roomName}
                  </span>
                  <span className="conversation-time">{formatListTime(h.sentAt, now, i18n.language)}</span>
                </span>
                <span className="conversation-preview search-snippet" dir="auto">
                  <span className="search-poster">
                    {t('communitySearch.poster', { name: isolate(posterOf(h, t('communities.you'))) })}
                  </span>
                  <Highlighted snippet={h.snippet} />
                </span>
              </span>
            </button>
          </li>
        );
      })}
    </>
  );
}
