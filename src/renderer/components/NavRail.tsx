import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SECTIONS, useApp, type Section } from '../store';
import { ChatIcon, ContactsIcon, SettingsIcon, VeilMark } from './Icons';
import { PathIndicator } from '../network/PathIndicator';
import { NARROW_QUERY, useMediaQuery } from './useMediaQuery';

const ICONS: Readonly<Record<Section, () => React.ReactNode>> = {
  conversations: () => <ChatIcon />,
  contacts: () => <ContactsIcon />,
  settings: () => <SettingsIcon />,
};

/** Section switcher: a tab list with roving focus (arrows, Home, End) and Ctrl+1..3. */
export function NavRail() {
  const { t } = useTranslation();
  const section = useApp((s) => s.section);
  const setSection = useApp((s) => s.setSection);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  // Narrow windows lay the rail out as a bar on top: a screen reader must hear a horizontal list.
  const narrow = useMediaQuery(NARROW_QUERY);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const index = SECTIONS.indexOf(section);
    let next = index;
    if (e.key === 'ArrowDown' || e.key === 'ArrowRight') next = (index + 1) % SECTIONS.length;
    else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft')
      next = (index - 1 + SECTIONS.length) % SECTIONS.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = SECTIONS.length - 1;
    else return;
    e.preventDefault();
    const target = SECTIONS[next];
    if (target) {
      setSection(target);
      refs.current[next]?.focus();
    }
  }

  return (
    <nav className="nav-rail" aria-label={t('nav.label')}>
      <div className="nav-brand" title={t('app.name')}>
        <VeilMark />
      </div>
      <div
        role="tablist"
        aria-orientation={narrow ? 'horizontal' : 'vertical'}
        aria-label={t('nav.label')}
        className="nav-items"
        onKeyDown={onKeyDown}
      >
        {SECTIONS.map((s, i) => (
          <button
            key={s}
            ref={(el) => {
              refs.current[i] = el;
            }}
            role="tab"
            id={`tab-${s}`}
            aria-selected={section === s}
            aria-controls="main-content"
            tabIndex={section === s ? 0 : -1}
            className="nav-item"
            data-testid={`nav-${s}`}
            title={`${t(`nav.${s}`)} (${t('nav.shortcut', { key: i + 1 })})`}
            onClick={() => {
              setSection(s);
            }}
          >
            {ICONS[s]()}
            <span className="nav-label">{t(`nav.${s}`)}</span>
          </button>
        ))}
      </div>
      <PathIndicator />
    </nav>
  );
}
