import { app } from 'electron';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Passed by the login item: start in the tray, whatever the start-minimised setting says. */
export const HIDDEN_ARG = '--hidden';

export function launchedHidden(argv: readonly string[]): boolean {
  return argv.includes(HIDDEN_ARG);
}

/** The XDG autostart entry (Electron's setLoginItemSettings does nothing on Linux). */
export function autostartFile(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'autostart', 'veil.desktop');
}

/** An AppImage runs from a temporary mount: its login entry must start the AppImage file itself. */
export function autostartEntry(execPath: string): string {
  const quoted = `"${execPath.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Veil',
    'Comment=Private messenger for the Session network',
    `Exec=${quoted} ${HIDDEN_ARG}`,
    'Icon=veil',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Opens Veil (in the tray) when the user logs in, or stops doing so. */
export function applyStartAtLogin(
  enabled: boolean,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): void {
  if (platform === 'linux') {
    const file = autostartFile(env);
    if (enabled) {
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, autostartEntry(env.APPIMAGE ?? process.execPath), { mode: 0o644 });
    } else rmSync(file, { force: true });
    return;
  }
  // Windows passes `args` to the login item; macOS (13+) opens it as a normal login item, and
  // the start-minimised setting keeps the window hidden there.
  app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG] });
}
