import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { i18nextResources, pickLanguage, type Language } from '../shared/i18n';
import type { Settings } from '../shared/settings';

/** The OS language as the window reports it (Electron follows the OS; a browser its own setting). */
export function systemLanguage(): Language {
  return pickLanguage(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
}

export function resolveLanguage(choice: Settings['language']): Language {
  return choice === 'system' ? systemLanguage() : choice;
}

export async function initI18n(language: Language): Promise<void> {
  await i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'en',
    resources: i18nextResources(),
    // React escapes text itself; double escaping would show entities to the user.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = language;
}

export async function changeLanguage(language: Language): Promise<void> {
  if (i18next.language !== language) await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}
