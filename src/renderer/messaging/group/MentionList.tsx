import { useTranslation } from 'react-i18next';
import { Avatar } from '../Avatar';
import type { Mentionable } from './mentions';

/** The members matching "@…", above the composer; the active one is announced as selected. */
export function MentionList({
  candidates,
  active,
  onPick,
}: {
  readonly candidates: readonly Mentionable[];
  readonly active: number;
  readonly onPick: (m: Mentionable) => void;
}) {
  const { t } = useTranslation();
  if (candidates.length === 0) return null;
  return (
    <div className="mention-list" data-testid="mention-list">
      <ul role="listbox" id="mention-listbox" aria-label={t('groupChat.mentionList')}>
        {candidates.map((m, i) => (
          <li
            key={m.sessionId}
            id={`mention-${m.sessionId}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'mention-option mention-active' : 'mention-option'}
            data-testid="mention-option"
            // The textarea keeps focus: a click must not blur it first.
            onMouseDown={(e) => {
              e.preventDefault();
              onPick(m);
            }}
          >
            <Avatar sessionId={m.sessionId} name={m.name} size={1.6} />
            <span dir="auto">{m.name}</span>
          </li>
        ))}
      </ul>
      <p className="mention-hint">{t('groupChat.mentionHint')}</p>
    </div>
  );
}
