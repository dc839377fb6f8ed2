/**
 * The supported languages and the catalog helpers, apart from the catalogs themselves: the
 * renderer loads only the catalog it shows (a second language is fetched when chosen), so this
 * module must not import them.
 */
export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

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
