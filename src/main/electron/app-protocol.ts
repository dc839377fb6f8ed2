import { protocol } from 'electron';
import { SECURITY_HEADERS } from '../security/csp';
import { staticFiles } from '../host/static-files';
import { APP_SCHEME } from './window-options';

/** Must run before `app.whenReady()`: app:// behaves like a secure, standard origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false },
    },
  ]);
}

/** Serves the built renderer on app://veil/ with the same CSP and headers as the browser host. */
export function serveRenderer(staticDir: string): void {
  // In memory once read; the first screen's files are read at once, while the window is made.
  const files = staticFiles(staticDir);
  void files.preload();
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'veil' ? await files.get(url.pathname) : undefined;
    if (!file) return new Response('not found', { status: 404, headers: SECURITY_HEADERS });
    return new Response(new Uint8Array(file.body), {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': file.contentType },
    });
  });
}
