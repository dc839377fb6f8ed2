import { en, type Catalog } from './en';
import { fr } from './fr';
import { withPluralFallbacks, type CatalogTree, type Language } from './languages';

export { LANGUAGES, pickLanguage, withPluralFallbacks, type CatalogTree, type Language } from './languages';
export const catalogs: Readonly<Record<Language, Catalog>> = { en, fr };
export type { Catalog };

/** The i18next resources of every language: one `translation` namespace per language. */
export function i18nextResources(): Record<Language, { translation: CatalogTree }> {
  return {
    en: { translation: withPluralFallbacks(catalogs.en) },
    fr: { translation: withPluralFallbacks(catalogs.fr) },
  };
}
