import { lazy, Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useMessaging } from './messaging/store';
import { useCommunities } from './communities/store';
import { useGroups } from './groups/store';
import { useNotifications } from './messaging/useNotifications';
import { ErrorToast } from './components/ErrorToast';
import { focusHeading } from './components/focus';
import { NavRail } from './components/NavRail';
import { ConversationsSection } from './sections/ConversationsSection';
import { useLockGuard } from './security/useLockGuard';
import { KeyboardLayer } from './shortcuts/KeyboardLayer';
import { useUnreadTitle } from './shortcuts/useUnreadTitle';
import { useApp } from './store';
import { prefetchScreens } from './deferred-screens';
import { useDocumentSettings, useGlobalShortcuts } from './useShell';

// Not on the first screen of an unlocked account (the conversation list): loaded apart, so the
// script that must run before the window is usable stays small (issue #15, cold start), and
// fetched when the page is idle after its first paint, so that switching section finds them
// ready. The first screen itself stays in the main bundle.
const loadOnboarding = () => import('./onboarding/Onboarding');
const loadUnlock = () => import('./onboarding/UnlockScreen');
const loadContacts = () => import('./sections/ContactsSection');
const loadSettings = () => import('./sections/SettingsSection');
const Onboarding = lazy(() => loadOnboarding().then((m) => ({ default: m.Onboarding })));
const UnlockScreen = lazy(() => loadUnlock().then((m) => ({ default: m.UnlockScreen })));
const ContactsSection = lazy(() => loadContacts().then((m) => ({ default: m.ContactsSection })));
const SettingsSection = lazy(() => loadSettings().then((m) => ({ default: m.SettingsSection })));

/** After the first screen is painted: the other sections' code, while nothing else happens. */
export function prefetchSections(): void {
  prefetchScreens();
  requestIdleCallback(() => {
    void loadContacts();
    void loadSettings();
  });
}

function Splash() {
  const { t } = useTranslation();
  const optimising = useApp((s) => s.optimising);
  if (optimising !== undefined) return <Optimising percent={optimising} />;
  return (
    <div className="splash" aria-busy="true">
      <p>{t('app.loading')}</p>
    </div>
  );
}

/** An older profile's one-time database conversion (at start or unlock), with its progress. */
function Optimising({ percent }: { readonly percent: number }) {
  const { t } = useTranslation();
  const text = t('databaseOptimising.progress', { percent });
  return (
    <div className="splash" aria-busy="true" data-testid="optimising">
      <progress className="progress" max={100} value={percent} aria-label={text} />
      <p aria-live="polite">{text}</p>
      <p>{t('databaseOptimising.detail')}</p>
    </div>
  );
}

export function App() {
  const { t } = useTranslation();
  const status = useApp((s) => s.status);
  const section = useApp((s) => s.section);
  const onboarding = useApp((s) => s.onboarding);
  const accountState = useApp((s) => s.account?.state);
  const bridge = useApp((s) => s.bridge);
  const optimising = useApp((s) => s.optimising);
  useDocumentSettings();
  useGlobalShortcuts();
  useNotifications();
  useLockGuard();
  useUnreadTitle();

  // Messaging needs an unlocked account: load conversations once it is ready.
  // (not while an older profile's database is being converted: the lists wait for it)
  const ready = accountState === 'ready' && !onboarding && optimising === undefined;
  const shellShown = status === 'ready' && ready;
  const shell = useRef<HTMLDivElement>(null);
  // Entering the main screen (after onboarding, after unlocking): focus on the list's heading,
  // not left on <body> by the screen that went away.
  useEffect(() => {
    if (shellShown) focusHeading(shell.current, '.list-pane-title');
  }, [shellShown]);
  useEffect(() => {
    if (ready && bridge && useMessaging.getState().bridge === undefined)
      void useMessaging.getState().start(bridge);
    if (ready && bridge && useCommunities.getState().bridge === undefined)
      void useCommunities.getState().start(bridge);
    if (ready && bridge && useGroups.getState().bridge === undefined) void useGroups.getState().start(bridge);
  }, [ready, bridge]);

  if (status === 'unreachable') {
    return (
      <div className="splash" role="alert">
        <p>{t('app.unreachable')}</p>
        <button
          type="button"
          className="button button-primary"
          onClick={() => {
            window.location.reload();
          }}
        >
          {t('app.retry')}
        </button>
      </div>
    );
  }
  if (status === 'loading') return <Splash />;
  if (onboarding || accountState === 'none')
    return (
      <Suspense fallback={<Splash />}>
        <Onboarding />
      </Suspense>
    );
  if (optimising !== undefined) return <Optimising percent={optimising} />;
  if (accountState === 'locked')
    return (
      <Suspense fallback={<Splash />}>
        <UnlockScreen />
      </Suspense>
    );
  return (
    <div className="shell" ref={shell} data-testid="shell" data-section={section}>
      <a href="#main-content" className="skip-link">
        {t('app.skipToContent')}
      </a>
      <NavRail />
      {section === 'conversations' && <ConversationsSection />}
      {/* One boundary per section, mounted with it: the section left is unmounted at once, not
          kept hidden while the next one's code arrives. */}
      {section === 'contacts' && (
        <Suspense fallback={null}>
          <ContactsSection />
        </Suspense>
      )}
      {section === 'settings' && (
        <Suspense fallback={null}>
          <SettingsSection />
        </Suspense>
      )}
      <KeyboardLayer />
      <ErrorToast />
    </div>
  );
}
