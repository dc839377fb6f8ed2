import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { mkdirSync, chmodSync } from 'node:fs';
import { APP_NAME } from '../version';

/**
 * The OS's app-data folder for Veil — the same place Electron's `app.getPath('userData')`
 * gives for productName "Veil", so the CLI, the browser host and the window share a profile.
 */
export function defaultProfileDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}

/** Creates the profile folder readable by its owner only. */
export function ensureProfileDir(dir: string): string {
  const abs = resolve(dir);
  mkdirSync(abs, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(abs, 0o700);
  return abs;
}
