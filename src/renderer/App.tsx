import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useMessaging } from './messaging/store';
import { useNotifications } from './messaging/useNotifications';
import { ErrorToast } from './components/ErrorToast';
import { NavRail } from './components/NavRail';
import { Onboarding } from './onboarding/Onboarding';
import { UnlockScreen } from './onboarding/UnlockScreen';
import { ContactsSection } from './sections/ContactsSection';
import { ConversationsSection } from './sections/ConversationsSection';
import { SettingsSection } from './sections/SettingsSection';
import { useLockGuard } from './security/useLockGuard';
import { useApp } from './store';
import { useDocumentSettings, useGlobalShortcuts } from './useShell';

export function App() {
  const { t } = useTranslation();
  const status = useApp((s) => s.status);
  const section = useApp((s) => s.section);
  const onboarding = useApp((s) => s.onboarding);
  const accountState = useApp((s) => s.account?.state);
  const bridge = useApp((s) => s.bridge);
  useDocumentSettings();
  useGlobalShortcuts();
  useNotifications();
  useLockGuard();

  // Messaging needs an unlocked account: load conversations once it is ready.
  const ready = accountState === 'ready' && !onboarding;
  useEffect(() => {
    if (ready && bridge && useMessaging.getState().bridge === undefined)
      void useMessaging.getState().start(bridge);
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
  if (status === 'loading') {
    return (
      <div className="splash" aria-busy="true">
        <p>{t('app.loading')}</p>
      </div>
    );
  }
  if (onboarding || accountState === 'none') return <Onboarding />;
  if (accountState === 'locked') return <UnlockScreen />;
  return (
    <div className="shell" data-testid="shell" data-section={section}>
      <a href="#main-content" className="skip-link">
        {t('app.skipToContent')}
      </a>
      <NavRail />
      {section === 'conversations' && <ConversationsSection />}
      {section === 'contacts' && <ContactsSection />}
      {section === 'settings' && <SettingsSection />}
      <ErrorToast />
    </div>
  );
}
