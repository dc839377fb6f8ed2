import { Notification } from 'electron';
import type { Catalog } from '../../shared/i18n';
import type { VeilNotification } from '../../shared/notifications';

export interface NotificationText {
  readonly appName: string;
  readonly noteToSelf: string;
  readonly notifications: Catalog['notifications'];
}

const fill = (template: string, values: Readonly<Record<string, string | number>>): string =>
  template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(values[key] ?? ''));

/**
 * Title and body of what the core decided. The core already left out what the privacy level
 * forbids: no sender means "count", no preview means "name".
 */
export function notificationContent(
  n: VeilNotification,
  text: NotificationText,
): { title: string; body: string } {
  const t = text.notifications;
  const name = n.noteToSelf ? text.noteToSelf : (n.sender ?? t.someone);
  if (n.sender === null) {
    return {
      title: text.appName,
      body: fill(n.count === 1 ? t.count_one : t.count_other, { count: n.count }),
    };
  }
  if (n.preview === null) return { title: text.appName, body: fill(t.from, { name }) };
  return { title: name, body: n.preview === '' ? t.newMessage : n.preview };
}

/**
 * Shows notifications in Electron's main process; one at a time (the next replaces the last), and
 * `clear()` takes a shown one away (the account locked: nothing stays on screen).
 */
export class DesktopNotifier {
  private current: Notification | undefined;

  constructor(
    private readonly text: () => NotificationText,
    private readonly onOpen: (conversationId: string) => void,
  ) {}

  show(n: VeilNotification): void {
    if (!Notification.isSupported()) return;
    this.clear();
    const shown = new Notification({ ...notificationContent(n, this.text()), silent: false });
    shown.on('click', () => {
      this.onOpen(n.conversationId);
    });
    shown.show();
    this.current = shown;
  }

  clear(): void {
    this.current?.close();
    this.current = undefined;
  }
}
