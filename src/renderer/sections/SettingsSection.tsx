import { lazy, Suspense, useState } from 'react';
import { NarrowBack } from '../components/NarrowBack';
import { useTranslation } from 'react-i18next';
import { AccountPage, RecoveryPage } from './AccountPages';
import { NetworkPage } from '../network/NetworkPage';
import { PrivacyPage } from './PrivacyPage';
import { ListPane } from '../components/ListPane';
import { SETTINGS_PAGES, useApp, type SettingsPage } from '../store';
import { AboutPage, AppearancePage, LanguagePage } from './SettingsPages';
import { PAGE_ICONS } from './settings-icons';

// Loaded when opened: it is visited rarely and asks the core to measure the profile.
const StoragePage = lazy(() =>
  import('../attachments/StoragePage').then((m) => ({ default: m.StoragePage })),
);

// Loaded when opened, like Storage: rarely visited.
const ExportPage = lazy(() => import('../portability/ExportPage').then((m) => ({ default: m.ExportPage })));

const PAGES: Readonly<Record<SettingsPage, () => React.ReactNode>> = {
  account: () => <AccountPage />,
  recovery: () => <RecoveryPage />,
  privacy: () => <PrivacyPage />,
  network: () => <NetworkPage />,
  storage: () => (
    <Suspense fallback={null}>
      <StoragePage />
    </Suspense>
  ),
  portability: () => (
    <Suspense fallback={null}>
      <ExportPage />
    </Suspense>
  ),
  appearance: () => <AppearancePage />,
  language: () => <LanguagePage />,
  about: () => <AboutPage />,
};

export function SettingsSection() {
  const { t } = useTranslation();
  const page = useApp((s) => s.settingsPage);
  const setPage = useApp((s) => s.setSettingsPage);
  // Narrow layout only: a page was chosen, so it shows instead of the menu.
  const [chosen, setChosen] = useState(false);
  return (
    <>
      <ListPane title={t('settings.title')}>
        <ul className="menu" aria-label={t('settings.title')}>
          {SETTINGS_PAGES.map((p) => (
            <li key={p}>
              <button
                type="button"
                className={`menu-item${p === page ? ' menu-item-active' : ''}`}
                aria-current={p === page ? 'page' : undefined}
                data-testid={`settings-${p}`}
                onClick={() => {
                  setPage(p);
                  setChosen(true);
                }}
              >
                <span className="menu-icon">{PAGE_ICONS[p]()}</span>
                <span className="menu-text">
                  <span className="menu-title">{t(`settings.${p}`)}</span>
                  <span className="menu-hint">{t(`settings.${p}Hint`)}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      </ListPane>
      <main
        id="main-content"
        className="main-pane main-pane-scroll"
        // A Tab stop: a page without any control (Network while it loads, About) must still
        // scroll from the keyboard (axe: scrollable-region-focusable).
        tabIndex={0}
        aria-labelledby="tab-settings"
        data-narrow={chosen ? 'detail' : 'list'}
      >
        <NarrowBack
          onBack={() => {
            setChosen(false);
          }}
        />
        {PAGES[page]()}
      </main>
    </>
  );
}
