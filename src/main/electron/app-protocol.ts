import { protocol } from 'electron';
import { SECURITY_HEADERS } from '../security/csp';
import { staticFiles } from '../host/static-files';
import { APP_SCHEME } from './window-options';

/**
 * Must run before `app.whenReady()`: app:// behaves like a secure, standard origin.
 *
 * `codeCache`: Chromium keeps V8's compiled code of a page's scripts between runs only for
 * http(s) unless a custom scheme asks for it (Electron's `session.setCodeCachePath` notes). The
 * first screen's script is ~500 kB that V8 otherwise parses and compiles again at every start
 * (issue #15, cold start); its hashed names change with each build, so a stale entry is never used.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: true,
        corsEnabled: false,
        codeCache: true,
      },
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
