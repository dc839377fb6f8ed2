/**
 * Names shown in lists and headers come from strangers: keep them to one line of visible text.
 * Bidi overrides and isolates (which could make "gpj.exe" read as "exe.jpg"), other control and
 * format characters, and line breaks are removed; whitespace is collapsed; at most 100 characters.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

export const NAME_MAX = 100;

export function cleanName(raw: string): string | null {
  const cleaned = raw.replace(/\s+/gu, ' ').replace(INVISIBLE, '').replace(/ {2,}/g, ' ').trim();
  if (cleaned === '') return null;
  return Array.from(cleaned).slice(0, NAME_MAX).join('');
}
