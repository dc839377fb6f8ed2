import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../store';
import { conversationTitle } from './ConversationList';
import { useMessaging } from './store';

/**
 * Desktop notifications for new incoming messages while Veil is not in front, with Session's
 * four privacy levels: off, a count only, the sender's name, or name and message.
 */
export function useNotifications(): void {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const level = useApp((s) => s.settings.notifications);

  useEffect(() => {
    if (!bridge || level === 'off' || typeof Notification === 'undefined') return;
    if (Notification.permission === 'default') void Notification.requestPermission();
    let pending = 0;
    return bridge.on('messages.changed', ({ conversationId, messages }) => {
      const fresh = messages.filter((m) => m.direction === 'in' && m.status === 'received');
      if (fresh.length === 0 || document.hasFocus() || Notification.permission !== 'granted') return;
      const conversation = useMessaging.getState().conversations.find((c) => c.id === conversationId);
      if (conversation?.blocked === true) return;
      pending += fresh.length;
      const name = conversation
        ? conversationTitle(conversation, t('messaging.noteToSelf'))
        : t('notifications.someone');
      const last = fresh[fresh.length - 1];
      const body =
        level === 'count'
          ? t('notifications.count', { count: pending })
          : level === 'name'
            ? t('notifications.from', { name })
            : (last?.body ?? '');
      const title = level === 'name-and-preview' ? name : t('app.name');
      // One notification replaced in place (same tag), not a pile.
      const n = new Notification(title, { body, tag: 'veil-messages', silent: false });
      n.onclick = () => {
        pending = 0;
        window.focus();
        void useMessaging.getState().select(conversationId);
      };
    });
  }, [bridge, level, t]);
}
