/**
 * Spell-check in the composer (issue #20 item 7): Electron's spellchecker with the languages
 * chosen in Settings (`settings.spellcheckLanguages`; none turns it off), and the suggestions in
 * a context menu on a misspelled word. On macOS the system's checker is used and picks the
 * language itself (Electron ignores the language list there). Kept thin: the decisions are in
 * the pure functions below, unit-tested with Electron mocked.
 */
import {
  Menu,
  type BrowserWindow,
  type ContextMenuParams,
  type MenuItemConstructorOptions,
  type Session,
} from 'electron';
import type { CoreHandle } from '../core/core-handle';
import { SettingsStore } from '../core/settings-store';
import type { Settings } from '../../shared/settings';

/** Our setting's languages as Chromium's dictionary codes. */
const DICTIONARY: Readonly<Record<Settings['spellcheckLanguages'][number], readonly string[]>> = {
  en: ['en-US', 'en-GB', 'en'],
  fr: ['fr-FR', 'fr'],
};

/** The dictionary codes to ask for: the first of each language's codes that Electron offers. */
export function dictionariesFor(
  languages: Settings['spellcheckLanguages'],
  available: readonly string[],
): string[] {
  const out: string[] = [];
  for (const lang of languages) {
    const code = DICTIONARY[lang].find((c) => available.includes(c)) ?? DICTIONARY[lang][0];
    if (code !== undefined) out.push(code);
  }
  return out;
}

/** Turns the spellchecker on with these languages, or off when there are none. */
export function applySpellcheck(
  ses: Session,
  languages: Settings['spellcheckLanguages'],
  platform: NodeJS.Platform = process.platform,
): void {
  ses.setSpellCheckerEnabled(languages.length > 0);
  // macOS uses the system's checker: there is no language list to set.
  if (languages.length === 0 || platform === 'darwin') return;
  ses.setSpellCheckerLanguages(dictionariesFor(languages, ses.availableSpellCheckerLanguages));
}

export interface SpellcheckText {
  readonly addToDictionary: string;
  readonly noSuggestions: string;
}

/** The context menu on a misspelled word: its suggestions, then "Add to dictionary". */
export function spellcheckMenu(
  params: Pick<ContextMenuParams, 'misspelledWord' | 'dictionarySuggestions'>,
  text: SpellcheckText,
  actions: { replace(word: string): void; add(word: string): void },
): MenuItemConstructorOptions[] | undefined {
  const word = params.misspelledWord;
  if (word === '') return undefined;
  const items: MenuItemConstructorOptions[] =
    params.dictionarySuggestions.length > 0
      ? params.dictionarySuggestions.slice(0, 6).map((s) => ({
          label: s,
          click: () => {
            actions.replace(s);
          },
        }))
      : [{ label: text.noSuggestions, enabled: false }];
  items.push(
    { type: 'separator' },
    {
      label: text.addToDictionary,
      click: () => {
        actions.add(word);
      },
    },
  );
  return items;
}

/** Applies the setting now and whenever it changes; shows suggestions on right-click. */
export function setupSpellcheck(
  core: CoreHandle,
  window: BrowserWindow,
  text: () => SpellcheckText,
): () => void {
  const contents = window.webContents;
  const ses = contents.session;
  applySpellcheck(ses, new SettingsStore(core.profileDir).get().spellcheckLanguages);
  const unsubscribe = core.subscribe((name, payload) => {
    if (name === 'settings.changed') applySpellcheck(ses, (payload as Settings).spellcheckLanguages);
  });
  const onMenu = (_event: unknown, params: ContextMenuParams) => {
    const items = spellcheckMenu(params, text(), {
      replace: (w) => {
        contents.replaceMisspelling(w);
      },
      add: (w) => {
        ses.addWordToSpellCheckerDictionary(w);
      },
    });
    if (items) Menu.buildFromTemplate(items).popup({ window });
  };
  contents.on('context-menu', onMenu);
  return () => {
    unsubscribe();
    contents.removeListener('context-menu', onMenu);
  };
}
