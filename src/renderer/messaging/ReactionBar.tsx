import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../shared/ipc/messaging';
import { gridKeys } from './grid-keys';
import { useMessaging } from './store';

/** The full picker and its emoji data load only when asked for: cold start stays the same. */
const EmojiPicker = lazy(() => import('./EmojiPicker'));

/**
 * Six recent emoji and "more" (the full picker), over the bubble. Arrow keys move between them,
 * Esc closes; choosing one that is already ours takes it back, as pressing its chip does.
 */
export function ReactionBar({
  message,
  onClose,
}: {
  readonly message: Message;
  readonly onClose: () => void;
}) {
  const { t } = useTranslation();
  const recent = useMessaging((s) => s.recent);
  const loadRecent = useMessaging((s) => s.loadRecent);
  const react = useMessaging((s) => s.react);
  const [picker, setPicker] = useState(false);
  const bar = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void loadRecent();
  }, [loadRecent]);
  useEffect(() => {
    if (!picker) bar.current?.querySelector('button')?.focus();
  }, [picker, recent.length]);

  function pick(emoji: string) {
    const mine = message.reactions.some((r) => r.emoji === emoji && r.mine);
    onClose();
    void react(message.id, emoji, mine);
  }

  return (
    <div
      className={`reaction-popover reaction-popover-${message.direction}`}
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
          data-testid="reaction-bar"
          onKeyDown={(e) => {
            gridKeys(e, 99);
          }}
        >
          {recent.map((emoji) => (
            <button
              key={emoji}
              type="button"
              className="reaction-option"
              data-testid="reaction-option"
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
            data-testid="reaction-more"
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
