import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { gridKeys } from './grid-keys';
import { useMessaging } from './store';

/** The full picker and its emoji data load only when asked for: cold start stays the same. */
const EmojiPicker = lazy(() => import('./EmojiPicker'));

/**
 * Six recent emoji (shared by conversations and communities) and "more" (the full picker), over a
 * message or a post. Arrow keys move between them, Esc closes; choosing one that is already ours
 * takes it back, as pressing its chip does.
 */
export function ReactionBar({
  side,
  reacted,
  onReact,
  onClose,
  testIdPrefix = '',
}: {
  /** Which side the popover opens on: over our own message or post, or theirs. */
  readonly side: 'in' | 'out';
  /** Whether we already reacted with this emoji. */
  readonly reacted: (emoji: string) => boolean;
  /** Adds the reaction, or takes it back when `remove`. */
  readonly onReact: (emoji: string, remove: boolean) => void;
  readonly onClose: () => void;
  /** Before the test ids (`post-` in communities: their tests tell the two apart). */
  readonly testIdPrefix?: string;
}) {
  const { t } = useTranslation();
  const recent = useMessaging((s) => s.recent);
  const loadRecent = useMessaging((s) => s.loadRecent);
  const [picker, setPicker] = useState(false);
  const bar = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void loadRecent();
  }, [loadRecent]);
  useEffect(() => {
    if (!picker) bar.current?.querySelector('button')?.focus();
  }, [picker, recent.length]);

  function pick(emoji: string) {
    const mine = reacted(emoji);
    onClose();
    onReact(emoji, mine);
  }

  return (
    <div
      className={`reaction-popover reaction-popover-${side}`}
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
          data-testid={`${testIdPrefix}reaction-bar`}
          onKeyDown={(e) => {
            gridKeys(e, 99);
          }}
        >
          {recent.map((emoji) => (
            <button
              key={emoji}
              type="button"
              className="reaction-option"
              data-testid={`${testIdPrefix}reaction-option`}
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
            data-testid={`${testIdPrefix}reaction-more`}
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
