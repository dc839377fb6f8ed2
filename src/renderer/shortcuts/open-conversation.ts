import { useMessaging } from '../messaging/store';
import { useApp } from '../store';

/** Opens a conversation from anywhere (a notification clicked, the switcher, Alt+↑/↓). */
export function openConversation(id: string): void {
  const messaging = useMessaging.getState();
  const c = messaging.conversations.find((x) => x.id === id);
  useApp.getState().setSection('conversations');
  if (c) messaging.setShowRequests(c.isRequest);
  void messaging.select(id);
}
