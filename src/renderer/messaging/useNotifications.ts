import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { openConversation } from '../shortcuts/open-conversation';
import { useApp } from '../store';

/**
 * The browser host's notifications. The core decides whether to notify and what may be shown
 * (privacy level, mute, lock: src/main/notifications/notifier.ts); this only shows it while the
 * page is not in front. Electron's main process shows its own, so the window stays quiet there.
 */
export function useNotifications(): void {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const host = useApp((s) => s.info?.host);
  const level = useApp((s) => s.settings.notifications);

  useEffect(() => {
    if (!bridge || host !== 'browser' || level === 'off' || typeof Notification === 'undefined') return;
    if (Notification.permission === 'default') void Notification.requestPermission();
    return bridge.on('notification.show', (n) => {
      if (document.hasFocus() || Notification.permission !== 'granted') return;
      const name = n.noteToSelf ? t('messaging.noteToSelf') : (n.sender ?? t('notifications.someone'));
      const [title, body] =
        n.sender === null
          ? [t('app.name'), t('notifications.count', { count: n.count })]
          : n.preview === null
            ? [t('app.name'), t('notifications.from', { name })]
            : [name, n.preview === '' ? t('notifications.newMessage') : n.preview];
      // One notification replaced in place (same tag), not a pile.
      const shown = new Notification(title, { body, tag: 'veil-messages', silent: false });
      shown.onclick = () => {
        window.focus();
        openConversation(n.conversationId);
        shown.close();
      };
    });
  }, [bridge, host, level, t]);
}
