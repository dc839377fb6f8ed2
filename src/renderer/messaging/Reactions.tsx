import type { Message } from '../../shared/ipc/messaging';
import { personName } from './names';
import { useMessaging } from './store';
import { useListWords } from './list-words';

/**
 * The emoji under a bubble with their counts. Hovering (the title) or focusing one says who
 * reacted; pressing it adds or takes back ours.
 */
export function Reactions({ message }: { readonly message: Message }) {
  const { t } = useListWords();
  const react = useMessaging((s) => s.react);
  const conversation = useMessaging((s) => s.conversations.find((c) => c.id === message.conversationId));
  if (message.reactions.length === 0) return null;
  return (
    <div className={`reactions reactions-${message.direction}`} data-testid="reactions">
      {message.reactions.map((r) => {
        const names = r.reactors
          .map((id) => personName(id, conversation, t('messaging.youAuthor')))
          .join(', ');
        return (
          <button
            key={r.emoji}
            type="button"
            className={`reaction-chip${r.mine ? ' reaction-mine' : ''}`}
            data-testid="reaction-chip"
            data-emoji={r.emoji}
            aria-pressed={r.mine}
            aria-label={t('messaging.reactionCount', { emoji: r.emoji, n: r.reactors.length, names })}
            onClick={() => void react(message.id, r.emoji, r.mine)}
          >
            <span className="reaction-emoji">{r.emoji}</span>
            <span className="reaction-count">{r.reactors.length}</span>
            {/* Who reacted, shown on hover and keyboard focus (the title is slow and mouse-only). */}
            <span className="reaction-who" aria-hidden="true" dir="auto">
              {names}
            </span>
          </button>
        );
      })}
    </div>
  );
}
