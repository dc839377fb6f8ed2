/**
 * Opening the browser host's address without leaking its token. The opener (xdg-open, open,
 * cmd /c start) and the browser it starts take their target on the command line, which any local
 * user can read (`ps`, /proc/PID/cmdline); with the token, they could call the API and read the
 * recovery phrase. So the address goes into a small HTML page readable only by this user, in a
 * folder only this user can enter, and the opener is given that page's path (as Jupyter does).
 * The page redirects to the address; it is removed once the app has called in, after a while
 * anyway, and when this process exits.
 */
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openInDefaultBrowser } from './open-browser';

/** Long enough for a browser's cold start; the page goes earlier once the app has called in. */
export const REDIRECT_PAGE_LIFETIME_MS = 120_000;

export interface RedirectPage {
  /** The page's path: safe to show or pass on a command line (it holds no secret itself). */
  readonly path: string;
  /** Removes the page and its folder; safe to call more than once. */
  readonly remove: () => void;
}

/** Escapes text for a double-quoted HTML attribute or element content. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A private place for the page: the per-user runtime folder where there is one (tmpfs, 0700,
 * emptied at logout), else the system's temporary folder.
 */
function privateBase(): string {
  const runtime = process.env.XDG_RUNTIME_DIR;
  if (runtime && process.getuid) {
    try {
      const s = statSync(runtime);
      if (s.isDirectory() && s.uid === process.getuid() && (s.mode & 0o077) === 0) return runtime;
    } catch {
      // A runtime folder that is not there or not ours: use the temporary folder.
    }
  }
  return tmpdir();
}

/** Writes the page (folder 0700, file 0600, created exclusively) that redirects to `url`. */
export function writeRedirectPage(url: string, base: string = privateBase()): RedirectPage {
  // mkdtemp makes a new folder with a random name and mode 0700: no one else can enter it, and
  // no one can have placed a file or link there beforehand.
  const dir = mkdtempSync(join(base, 'veil-open-'));
  chmodSync(dir, 0o700);
  const path = join(dir, 'open-veil.html');
  const href = escapeHtml(url);
  const html = [
    '<!doctype html>',
    '<html><head><meta charset="utf-8">',
    '<meta name="referrer" content="no-referrer">',
    `<meta http-equiv="refresh" content="0;url=${href}">`,
    '<title>Veil</title></head>',
    `<body><p><a href="${href}">Open Veil</a></p></body></html>`,
    '',
  ].join('\n');
  writeFileSync(path, html, { mode: 0o600, flag: 'wx' });
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    process.off('exit', remove);
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', remove);
  return { path, remove };
}

export interface PrivateOpen {
  readonly opened: boolean;
  /** Call when the app has loaded (its first authorised call): the page is no longer needed. */
  done(): void;
}

/** Opens `url` (which holds a secret) in the default browser through a private redirect page. */
export async function openSecretUrl(url: string): Promise<PrivateOpen> {
  const page = writeRedirectPage(url);
  const timer = setTimeout(page.remove, REDIRECT_PAGE_LIFETIME_MS);
  timer.unref();
  const done = () => {
    clearTimeout(timer);
    page.remove();
  };
  const opened = await openInDefaultBrowser(page.path);
  if (!opened) done();
  return { opened, done };
}
