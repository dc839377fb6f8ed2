import { shell, type Session, type WebContents } from 'electron';
import { isAppUrl, isExternalWebUrl, isPermissionAllowed } from './window-options';

/**
 * Denies every permission but notifications and, for voice messages, the microphone asked by our
 * own origin (never the camera), for every page of the session.
 */
export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = (details as { mediaTypes?: readonly string[] } | undefined)?.mediaTypes;
    const url = (details as { requestingUrl?: string } | undefined)?.requestingUrl;
    callback(
      isPermissionAllowed(permission, {
        ...(mediaTypes !== undefined ? { mediaTypes } : {}),
        ...(url !== undefined ? { url } : {}),
      }),
    );
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    // A check (not a request) says which media type it is about in `mediaType`.
    const mediaType = (details as { mediaType?: string } | undefined)?.mediaType;
    return isPermissionAllowed(permission, {
      ...(mediaType !== undefined ? { mediaTypes: [mediaType] } : {}),
      url: requestingOrigin,
    });
  });
  // No remote content: anything that is not our own origin is cancelled at the network layer.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed =
      isAppUrl(details.url) ||
      details.url.startsWith('devtools://') ||
      details.url.startsWith('data:') ||
      details.url.startsWith('blob:');
    callback({ cancel: !allowed });
  });
}

/** No navigation away from the app, no new windows; http(s) links open in the system browser. */
export function hardenWebContents(contents: WebContents, devTools = false): void {
  // webPreferences.devTools already refuses to open them; this also covers any web contents
  // created without our options.
  if (!devTools) {
    contents.on('devtools-opened', () => {
      contents.closeDevTools();
    });
  }
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) {
      event.preventDefault();
      if (isExternalWebUrl(url)) void shell.openExternal(url);
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}
