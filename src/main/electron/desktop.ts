import { app, powerMonitor, type BrowserWindow, type Event, type Tray } from 'electron';
import type { CoreHandle } from '../core/core-handle';
import { SettingsStore } from '../core/settings-store';
import { appRoot } from '../host/paths';
import { SystemSettingsStore } from '../security/system-settings-store';
import { catalogs, pickLanguage, type Catalog } from '../../shared/i18n';
import { ELECTRON_EVENT_CHANNEL } from '../../shared/ipc/bridge';
import type { EventPayload } from '../../shared/ipc/contract';
import type { AccountStatus } from '../../shared/ipc/account';
import type { Conversation } from '../../shared/ipc/messaging';
import type { SystemSettings } from '../../shared/ipc/system';
import type { VeilNotification } from '../../shared/notifications';
import { showUnread } from './badge';
import { applyStartAtLogin, launchedHidden } from './login-item';
import { DesktopNotifier } from './notifications';
import { createTray, trayIconPath } from './tray';

export type AppCommand = EventPayload<'app.command'>;

export interface Desktop {
  /** Start in the tray (login item or setting) — only when there is a tray to come back from. */
  readonly startHidden: boolean;
  /** Shows, restores and focuses the window (tray "Open", a second launch). */
  show(): void;
  /** Asks the window to do something (a menu item, a notification clicked). */
  command(command: AppCommand): void;
  dispose(): void;
}

/** Everything a notification, the tray and the badge count as unread (muted ones included). */
export function unreadCount(conversations: readonly Conversation[]): number {
  return conversations.filter((c) => !c.blocked).reduce((sum, c) => sum + c.unread, 0);
}

function catalogFor(profileDir: string): Catalog {
  const chosen = new SettingsStore(profileDir).get().language;
  return catalogs[chosen === 'system' ? pickLanguage([app.getLocale()]) : chosen];
}

/**
 * Tray, badge, notifications, start at login, close to tray and locking with the computer: the
 * window's ties to the desktop. What to notify is decided in the core (src/main/notifications);
 * this only shows it.
 */
export function setupDesktop(core: CoreHandle, window: BrowserWindow, argv: readonly string[]): Desktop {
  const system = () => new SystemSettingsStore(core.profileDir).get();
  const text = catalogFor(core.profileDir);

  const show = () => {
    if (window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  const command = (c: AppCommand) => {
    if (!window.isDestroyed()) window.webContents.send(ELECTRON_EVENT_CHANNEL, 'app.command', c);
  };
  // Set by Quit (tray, macOS menu, the system logging out): closing then really closes.
  let quitting = false;
  let tray: Tray | undefined;
  try {
    tray = createTray(
      trayIconPath(app.isPackaged, process.resourcesPath, appRoot()),
      { tooltip: text.tray.tooltip, open: text.tray.open, quit: text.tray.quit },
      {
        open: show,
        // Closing the window (not app.quit()) runs window-all-closed, which closes the core cleanly.
        quit: () => {
          quitting = true;
          window.close();
        },
      },
    );
  } catch {
    tray = undefined; // a desktop without a tray: the window is always shown
  }

  const unread = (count: number) => {
    showUnread(count, {
      tray,
      window,
      platform: process.platform,
      tooltip: (n) => (n > 0 ? text.tray.tooltipUnread.replace('{{n}}', String(n)) : text.tray.tooltip),
    });
  };
  const notifier = new DesktopNotifier(
    () => ({
      appName: text.app.name,
      noteToSelf: text.messaging.noteToSelf,
      notifications: text.notifications,
    }),
    (conversationId) => {
      show();
      command({ type: 'openConversation', conversationId });
    },
  );

  // The count at start and after unlocking (later changes come as conversations.changed).
  const refreshUnread = () => {
    void core.dispatch('conversations.list', {}).then((r) => {
      if (r.ok && Array.isArray(r.value)) unread(unreadCount(r.value as Conversation[]));
    });
  };
  const unsubscribe = core.subscribe((name, payload) => {
    if (name === 'system.changed') applyStartAtLogin((payload as SystemSettings).startAtLogin);
    else if (name === 'conversations.changed') unread(unreadCount(payload as Conversation[]));
    else if (name === 'account.changed' && (payload as AccountStatus).state === 'ready') refreshUnread();
    else if (name === 'account.changed') {
      // Locked: nothing about messages stays on screen, not even how many.
      notifier.clear();
      unread(0);
    } else if (name === 'notification.show') {
      // In front already: the conversation list says it.
      if (!window.isDestroyed() && window.isVisible() && window.isFocused()) return;
      notifier.show(payload as VeilNotification);
    }
  });
  refreshUnread();
  // Keep the login entry pointing at this executable (an AppImage may have moved).
  if (system().startAtLogin) applyStartAtLogin(true);

  // Close to tray: the window hides and Veil keeps receiving, until Quit.
  const onClose = (e: Event) => {
    if (quitting || tray === undefined || !system().closeToTray) return;
    e.preventDefault();
    window.hide();
  };
  const onBeforeQuit = () => {
    quitting = true;
  };
  window.on('close', onClose);
  app.on('before-quit', onBeforeQuit);

  // When the computer locks or sleeps, Veil locks too if the user chose an idle lock.
  const lockWithComputer = () => {
    if (system().idleLockMinutes > 0) void core.dispatch('account.lock', {});
  };
  powerMonitor.on('lock-screen', lockWithComputer);
  powerMonitor.on('suspend', lockWithComputer);

  const s = system();
  return {
    startHidden: tray !== undefined && (launchedHidden(argv) || s.startMinimised),
    show,
    command,
    dispose() {
      unsubscribe();
      notifier.clear();
      app.removeListener('before-quit', onBeforeQuit);
      powerMonitor.removeListener('lock-screen', lockWithComputer);
      powerMonitor.removeListener('suspend', lockWithComputer);
      tray?.destroy();
    },
  };
}
