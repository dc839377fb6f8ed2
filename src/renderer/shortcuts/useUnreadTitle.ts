import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useMessaging } from '../messaging/store';
import { useApp } from '../store';

/** "(3) Veil": the unread count in the page title (the browser host's tab; Electron's window). */
export function useUnreadTitle(): void {
  const { t } = useTranslation();
  const ready = useApp((s) => s.account?.state === 'ready');
  // Muted conversations still count: muting silences, it does not mark read.
  const unread = useMessaging((s) =>
    s.conversations.filter((c) => !c.blocked).reduce((n, c) => n + c.unread, 0),
  );
  useEffect(() => {
    const name = t('app.name');
    document.title = ready && unread > 0 ? `(${unread > 999 ? '999+' : String(unread)}) ${name}` : name;
  }, [ready, unread, t]);
}
