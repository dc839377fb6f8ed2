import { app, powerMonitor, type BrowserWindow, type Tray } from 'electron';
import type { CoreHandle } from '../core/core-handle';
import { SettingsStore } from '../core/settings-store';
import { appRoot } from '../host/paths';
import { SystemSettingsStore } from '../security/system-settings-store';
import { catalogs, pickLanguage } from '../../shared/i18n';
import type { SystemSettings } from '../../shared/ipc/system';
import { applyStartAtLogin, launchedHidden } from './login-item';
import { createTray, trayIconPath } from './tray';

export interface Desktop {
  /** Start in the tray (login item or setting) — only when there is a tray to come back from. */
  readonly startHidden: boolean;
  /** Shows, restores and focuses the window (tray "Open", a second launch). */
  show(): void;
  dispose(): void;
}

/** Tray, start at login, and locking with the computer: the window's ties to the desktop. */
export function setupDesktop(core: CoreHandle, window: BrowserWindow, argv: readonly string[]): Desktop {
  const system = () => new SystemSettingsStore(core.profileDir).get();
  const chosen = new SettingsStore(core.profileDir).get().language;
  const text = catalogs[chosen === 'system' ? pickLanguage([app.getLocale()]) : chosen].tray;

  const show = () => {
    if (window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  let tray: Tray | undefined;
  try {
    tray = createTray(
      trayIconPath(app.isPackaged, process.resourcesPath, appRoot()),
      { tooltip: text.tooltip, open: text.open, quit: text.quit },
      {
        open: show,
        // Closing the window (not app.quit()) runs window-all-closed, which closes the core cleanly.
        quit: () => {
          window.close();
        },
      },
    );
  } catch {
    tray = undefined; // a desktop without a tray: the window is always shown
  }

  const unsubscribe = core.subscribe((name, payload) => {
    if (name === 'system.changed') applyStartAtLogin((payload as SystemSettings).startAtLogin);
  });
  // Keep the login entry pointing at this executable (an AppImage may have moved).
  if (system().startAtLogin) applyStartAtLogin(true);

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
    dispose() {
      unsubscribe();
      powerMonitor.removeListener('lock-screen', lockWithComputer);
      powerMonitor.removeListener('suspend', lockWithComputer);
      tray?.destroy();
    },
  };
}
