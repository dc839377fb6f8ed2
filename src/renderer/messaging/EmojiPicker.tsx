import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadEmojiData, searchEmoji, type EmojiData } from './emoji-data';
import { gridKeys } from './grid-keys';

/**
 * The full emoji picker (lazy: this module and its data load on first use). Search matches the
 * CLDR names and keywords of the UI language, accents ignored; otherwise one group at a time.
 */
export default function EmojiPicker({
  onPick,
  onClose,
}: {
  readonly onPick: (emoji: string) => void;
  readonly onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [data, setData] = useState<EmojiData | undefined>();
  const [query, setQuery] = useState('');
  const [group, setGroup] = useState(0);
  const search = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    void loadEmojiData(i18n.language).then((d) => {
      if (live) setData(d);
    });
    search.current?.focus();
    return () => {
      live = false;
    };
  }, [i18n.language]);

  const shown =
    data === undefined
      ? []
      : query.trim() !== ''
        ? searchEmoji(data, query)
        : data.emoji.filter((e) => e.group === group);

  return (
    <div
      className="emoji-picker"
      role="dialog"
      aria-label={t('messaging.picker.title')}
      data-testid="emoji-picker"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="emoji-picker-head">
        <input
          ref={search}
          className="text-input emoji-search"
          type="text"
          data-testid="emoji-search"
          value={query}
          placeholder={t('messaging.picker.search')}
          aria-label={t('messaging.picker.search')}
          onChange={(e) => {
            setQuery(e.target.value);
          }}
        />
        <button
          type="button"
          className="icon-button"
          aria-label={t('messaging.picker.close')}
          onClick={onClose}
        >
          ×
        </button>
      </div>
      {data === undefined ? (
        <p className="emoji-picker-note">{t('messaging.picker.loading')}</p>
      ) : (
        <>
          {query.trim() === '' && (
            <div className="emoji-groups" role="tablist" aria-label={t('messaging.picker.title')}>
              {data.groups.map((g) => (
                <button
                  key={g.id}
                  type="button"
                  role="tab"
                  aria-selected={g.id === group}
                  className={`emoji-group${g.id === group ? ' emoji-group-on' : ''}`}
                  title={g.name}
                  aria-label={g.name}
                  onClick={() => {
                    setGroup(g.id);
                  }}
                >
                  {g.sample}
                </button>
              ))}
            </div>
          )}
          {shown.length === 0 ? (
            <p className="emoji-picker-note">{t('messaging.picker.none')}</p>
          ) : (
            <div
              className="emoji-grid"
              data-testid="emoji-grid"
              onKeyDown={(e) => {
                gridKeys(e, 8);
              }}
            >
              {shown.map((e) => (
                <button
                  key={e.unicode}
                  type="button"
                  className="emoji-cell"
                  title={e.label}
                  aria-label={e.label}
                  onClick={() => {
                    onPick(e.unicode);
                  }}
                >
                  {e.unicode}
                </button>
              ))}
            </div>
          )}
        </>
      )}
    </div>
  );
}
