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

export type CatalogTree = { readonly [key: string]: string | CatalogTree };

/**
 * Counted strings are i18next plural keys (`key_one`, `key_other`). French also has CLDR's
 * "many" category (1 000 000, 2 000 000…); i18next looks up `key_many` there and, not finding it,
 * would show the English string. `key_many` takes the `key_other` wording wherever a catalog
 * has none.
 */
export function withPluralFallbacks(tree: CatalogTree): CatalogTree {
  const out: Record<string, string | CatalogTree> = {};
  for (const [key, value] of Object.entries(tree)) {
    out[key] = typeof value === 'string' ? value : withPluralFallbacks(value);
    const base = key.endsWith('_other') ? key.slice(0, -'_other'.length) : undefined;
    if (base !== undefined && typeof value === 'string' && !(`${base}_many` in tree))
      out[`${base}_many`] = value;
  }
  return out;
}

/** The i18next resources the renderer loads: one `translation` namespace per language. */
export function i18nextResources(): Record<Language, { translation: CatalogTree }> {
  return {
    en: { translation: withPluralFallbacks(catalogs.en) },
    fr: { translation: withPluralFallbacks(catalogs.fr) },
  };
}
