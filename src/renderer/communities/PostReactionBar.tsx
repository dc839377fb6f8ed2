import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommunityPost, CommunityRoom } from '../../shared/ipc/communities';
import { gridKeys } from '../messaging/grid-keys';
import { useMessaging } from '../messaging/store';
import { useCommunities } from './store';

const EmojiPicker = lazy(() => import('../messaging/EmojiPicker'));

/**
 * The recent emoji (shared with conversations) and "more", over a post. Arrow keys move, Esc
 * closes; choosing one that is already ours takes it back.
 */
export function PostReactionBar({
  room,
  post,
  onClose,
}: {
  readonly room: CommunityRoom;
  readonly post: CommunityPost;
  readonly onClose: () => void;
}) {
  const { t } = useTranslation();
  const recent = useMessaging((s) => s.recent);
  const loadRecent = useMessaging((s) => s.loadRecent);
  const react = useCommunities((s) => s.react);
  const [picker, setPicker] = useState(false);
  const bar = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void loadRecent();
  }, [loadRecent]);
  useEffect(() => {
    if (!picker) bar.current?.querySelector('button')?.focus();
  }, [picker, recent.length]);

  function pick(emoji: string) {
    const mine = post.reactions.some((r) => r.emoji === emoji && r.you);
    onClose();
    void react(room.id, post.id, emoji, mine);
  }

  return (
    <div
      className={`reaction-popover reaction-popover-${post.mine ? 'out' : 'in'}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onClose();
        }
      }}
    >
      {picker ? (
        <Suspense fallback={<p className="emoji-picker-note">{t('messaging.picker.loading')}</p>}>
          <EmojiPicker
            onPick={pick}
            onClose={() => {
              setPicker(false);
            }}
          />
        </Suspense>
      ) : (
        <div
          ref={bar}
          className="reaction-bar"
          role="toolbar"
          aria-label={t('messaging.reactionBar')}
          data-testid="post-reaction-bar"
          onKeyDown={(e) => {
            gridKeys(e, 99);
          }}
        >
          {recent.map((emoji) => (
            <button
              key={emoji}
              type="button"
              className="reaction-option"
              data-testid="post-reaction-option"
              data-emoji={emoji}
              aria-label={t('messaging.reactWith', { emoji })}
              title={t('messaging.reactWith', { emoji })}
              onClick={() => {
                pick(emoji);
              }}
            >
              {emoji}
            </button>
          ))}
          <button
            type="button"
            className="reaction-option reaction-more"
            aria-label={t('messaging.moreEmoji')}
            title={t('messaging.moreEmoji')}
            onClick={() => {
              setPicker(true);
            }}
          >
            +
          </button>
        </div>
      )}
    </div>
  );
}
