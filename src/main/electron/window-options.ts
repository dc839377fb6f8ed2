import type { BrowserWindowConstructorOptions } from 'electron';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://veil`;

/** The window's security settings, kept pure so a unit test can assert every one of them. */
export function mainWindowOptions(
  preloadPath: string,
  dark: boolean,
  devTools = false,
): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 780,
    minWidth: 760,
    minHeight: 520,
    title: 'Veil',
    show: false,
    backgroundColor: dark ? '#15181c' : '#f6f7f9',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: true,
      safeDialogs: true,
      // Off unless launched with --enable-dev-tools: a console in the unlocked app reads everything.
      devTools,
    },
  };
}

/** Only http(s) links leave the app, and only to the system browser. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The renderer is trusted only when it is our own bundle on our own origin. */
export function isAppUrl(url: string): boolean {
  try {
    // Not `origin`: WHATWG URL reports 'null' as the origin of a custom scheme outside Electron.
    const u = new URL(url);
    return (
      u.protocol === `${APP_SCHEME}:` &&
      u.host === 'veil' &&
      u.username === '' &&
      u.password === '' &&
      u.port === ''
    );
  } catch {
    return false;
  }
}

/** What Electron tells about a permission request (the parts we decide on). */
export interface PermissionRequest {
  /** For `media`: what the page asks for ('audio', 'video'); absent when it does not say. */
  readonly mediaTypes?: readonly string[];
  /** The page (request) or origin (check) that asks. */
  readonly url?: string;
}

/**
 * Permissions a page may get: notifications (Session-style message alerts), and the microphone
 * for voice messages (issue #16) — `media` for audio only, and only when our own bundle asks: a
 * request that also wants the camera, or that does not say what it wants, or that comes from any
 * other origin is denied.
 */
export function isPermissionAllowed(permission: string, request: PermissionRequest = {}): boolean {
  if (permission === 'notifications') return true;
  if (permission !== 'media') return false;
  const types = request.mediaTypes ?? [];
  const audioOnly = types.length > 0 && types.every((t) => t === 'audio');
  return audioOnly && request.url !== undefined && isAppUrl(request.url);
}
