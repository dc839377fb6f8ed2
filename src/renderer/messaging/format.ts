/** Display helpers that follow the UI language (Intl, no hard-coded words). */
import type { Contact } from '../../shared/ipc/messaging';

export function shortId(sessionId: string): string {
  return `${sessionId.slice(0, 6)}…${sessionId.slice(-4)}`;
}

/**
 * The name we show for a contact. Lives here, not in ContactsSection: importing it from there
 * pulled the lazily loaded Contacts section into the main bundle.
 */
export function contactName(c: Pick<Contact, 'nickname' | 'name' | 'sessionId'>): string {
  return c.nickname ?? c.name ?? shortId(c.sessionId);
}

export function initials(name: string | null, sessionId: string): string {
  // The first letter or digit of the first and last words: "Alice (club)" → "AC", not "A(".
  const firsts = (name ?? '')
    .split(/\s+/u)
    .map((word) => Array.from(word).find((ch) => /[\p{L}\p{N}]/u.test(ch)))
    .filter((ch): ch is string => ch !== undefined);
  if (firsts.length === 0) return sessionId.slice(2, 4).toUpperCase();
  const picked = firsts.length > 1 ? [firsts[0], firsts[firsts.length - 1]] : [firsts[0]];
  return picked.join('').toUpperCase();
}

export function sameDay(a: number, b: number): boolean {
  const x = new Date(a);
  const y = new Date(b);
  return x.getFullYear() === y.getFullYear() && x.getMonth() === y.getMonth() && x.getDate() === y.getDate();
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Intl formatters are costly to build: one per language and style, reused for every message. */
function formatter(
  language: string,
  style: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${language}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(language, options);
    formatters.set(key, f);
  }
  return f;
}

export function formatTime(ms: number, language: string): string {
  return formatter(language, 'time', { hour: '2-digit', minute: '2-digit' }).format(ms);
}

/** Today → time; this week → weekday; else a short date. */
export function formatListTime(ms: number, now: number, language: string): string {
  if (sameDay(ms, now)) return formatTime(ms, language);
  if (now - ms < 6 * 24 * 3600 * 1000) return formatter(language, 'weekday', { weekday: 'short' }).format(ms);
  return formatter(language, 'date', { day: 'numeric', month: 'short' }).format(ms);
}

export function formatDay(ms: number, language: string): string {
  return formatter(language, 'day', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(ms);
}

/**
 * Builds the formatters of `language` ahead of need (ICU data loads on the first one): opening the
 * first conversation then does not pay for it. Called when the app is idle.
 */
export function warmFormatters(language: string): void {
  const at = Date.now();
  formatTime(at, language);
  formatDay(at, language);
  formatListTime(at - 2 * 24 * 3600 * 1000, at, language);
  formatListTime(at - 30 * 24 * 3600 * 1000, at, language);
}

/** A stable hue per Session ID for avatars. */
export function avatarHue(sessionId: string): number {
  let h = 0;
  for (let i = 2; i < 10; i++) h = (h * 31 + sessionId.charCodeAt(i)) % 360;
  return h;
}
