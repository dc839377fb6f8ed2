import { en, type Catalog } from './en';
import { fr } from './fr';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
export const catalogs: Readonly<Record<Language, Catalog>> = { en, fr };
export type { Catalog };

/** Picks a supported language from a BCP 47 tag list (OS or browser), English otherwise. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if (base === 'fr') return 'fr';
    if (base === 'en') return 'en';
  }
  return 'en';
}
