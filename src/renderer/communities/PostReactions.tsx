import { useTranslation } from 'react-i18next';
import type { CommunityPost, CommunityRoom } from '../../shared/ipc/communities';
import { useCommunities } from './store';

/** The emoji under a post with their counts; pressing one adds or takes back ours (server-side). */
export function PostReactions({
  room,
  post,
  tabbable,
}: {
  readonly room: CommunityRoom;
  readonly post: CommunityPost;
  readonly tabbable: boolean;
}) {
  const { t } = useTranslation();
  const react = useCommunities((s) => s.react);
  if (post.reactions.length === 0) return null;
  return (
    <div className={`reactions reactions-${post.mine ? 'out' : 'in'}`} data-testid="post-reactions">
      {post.reactions.map((r) => (
        <button
          key={r.emoji}
          type="button"
          className={`reaction-chip${r.you ? ' reaction-mine' : ''}`}
          data-testid="post-reaction-chip"
          data-emoji={r.emoji}
          tabIndex={tabbable ? 0 : -1}
          aria-pressed={r.you}
          aria-label={t('communities.reactionCount', { emoji: r.emoji, n: r.count })}
          onClick={() => void react(room.id, post.id, r.emoji, r.you)}
        >
          <span className="reaction-emoji" aria-hidden="true">
            {r.emoji}
          </span>
          <span className="reaction-count" aria-hidden="true">
            {r.count}
          </span>
        </button>
      ))}
    </div>
  );
}
