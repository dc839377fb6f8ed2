import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, type Catalog } from '../shared/i18n/en';
import { pickLanguage, withPluralFallbacks, type Language } from '../shared/i18n/languages';
import type { Settings } from '../shared/settings';

/** The OS language as the window reports it (Electron follows the OS; a browser its own setting). */
export function systemLanguage(): Language {
  return pickLanguage(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
}

export function resolveLanguage(choice: Settings['language']): Language {
  return choice === 'system' ? systemLanguage() : choice;
}

/**
 * English is in the first screen's script (it is every other language's fallback); another
 * catalog is a chunk of its own, fetched only when it is the one shown (issue #15, cold start).
 */
const catalogLoaders: Readonly<Record<Language, () => Promise<Catalog>>> = {
  en: () => Promise.resolve(en),
  fr: () => import('../shared/i18n/fr').then((m) => m.fr),
};

const loading = new Map<Language, Promise<Catalog>>();

/** Fetches a language's catalog once (English is already here). */
export function prefetchCatalog(language: Language): Promise<Catalog> {
  let p = loading.get(language);
  if (!p) {
    p = catalogLoaders[language]();
    loading.set(language, p);
  }
  return p;
}

/** Starts i18next in `language`, or in English if that language's catalog cannot be fetched. */
export async function initI18n(language: Language): Promise<void> {
  const catalog = await prefetchCatalog(language).catch(() => undefined);
  const shown = catalog ? language : 'en';
  const extra =
    catalog && language !== 'en' ? { [language]: { translation: withPluralFallbacks(catalog) } } : {};
  await i18next.use(initReactI18next).init({
    lng: shown,
    fallbackLng: 'en',
    resources: { en: { translation: withPluralFallbacks(en) }, ...extra },
    // React escapes text itself; double escaping would show entities to the user.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = shown;
}

/** Switches the UI language; if its catalog cannot be fetched, the current one stays. */
export async function changeLanguage(language: Language): Promise<void> {
  if (i18next.language !== language) {
    const catalog = await prefetchCatalog(language).catch(() => {
      loading.delete(language); // the next change tries again
      return undefined;
    });
    if (!catalog) return;
    if (!i18next.hasResourceBundle(language, 'translation'))
      i18next.addResourceBundle(language, 'translation', withPluralFallbacks(catalog));
    await i18next.changeLanguage(language);
  }
  document.documentElement.lang = language;
}
