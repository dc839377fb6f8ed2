import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventHub } from '../../../src/main/core/events';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';

// Electron cannot run here: the spellchecker and its menu are checked through the calls the thin
// module makes to a recording stand-in.
const h = vi.hoisted(() => ({ popups: [] as { items: { label?: string; click?: () => void }[] }[] }));
vi.mock('electron', () => ({
  Menu: {
    buildFromTemplate: (items: { label?: string; click?: () => void }[]) => ({
      items,
      popup: () => h.popups.push({ items }),
    }),
  },
}));

function fakeSession(available: string[]) {
  return {
    enabled: [] as boolean[],
    languages: [] as string[][],
    added: [] as string[],
    availableSpellCheckerLanguages: available,
    setSpellCheckerEnabled(on: boolean) {
      this.enabled.push(on);
    },
    setSpellCheckerLanguages(l: string[]) {
      this.languages.push(l);
    },
    addWordToSpellCheckerDictionary(w: string) {
      this.added.push(w);
    },
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'veil-spell-'));
  h.popups.length = 0;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('spell-check in the composer', () => {
  it('asks for the English and French dictionaries Electron has; none turns it off; macOS sets no list', async () => {
    const { applySpellcheck, dictionariesFor } = await import('../../../src/main/electron/spellcheck');
    expect(dictionariesFor(['en', 'fr'], ['en-GB', 'en-US', 'fr-FR'])).toEqual(['en-US', 'fr-FR']);
    expect(dictionariesFor(['fr'], ['fr'])).toEqual(['fr']);
    const ses = fakeSession(['en-US', 'fr']);
    applySpellcheck(ses as never, ['en', 'fr'], 'linux');
    applySpellcheck(ses as never, [], 'linux');
    applySpellcheck(ses as never, ['fr'], 'darwin');
    expect(ses.enabled).toEqual([true, false, true]);
    expect(ses.languages).toEqual([['en-US', 'fr']]);
  });

  it('follows the setting and shows suggestions and "Add to dictionary" on a misspelled word', async () => {
    const { setupSpellcheck } = await import('../../../src/main/electron/spellcheck');
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ ...DEFAULT_SETTINGS, spellcheckLanguages: ['fr'] }),
    );
    const ses = fakeSession(['en-US', 'fr']);
    const hub = new EventHub();
    const listeners = new Map<string, (e: unknown, p: unknown) => void>();
    const replaced: string[] = [];
    const window = {
      webContents: {
        session: ses,
        on: (name: string, fn: (e: unknown, p: unknown) => void) => listeners.set(name, fn),
        removeListener: (name: string) => listeners.delete(name),
        replaceMisspelling: (w: string) => replaced.push(w),
      },
    };
    const core = { profileDir: dir, subscribe: (l: never) => hub.subscribe(l) };
    const stop = setupSpellcheck(core as never, window as never, () => ({
      addToDictionary: 'Ajouter au dictionnaire',
      noSuggestions: 'Aucune suggestion',
    }));
    expect(ses.languages).toEqual([['fr']]);
    hub.emit('settings.changed', { ...DEFAULT_SETTINGS, spellcheckLanguages: ['en', 'fr'] });
    expect(ses.languages.at(-1)).toEqual(['en-US', 'fr']);

    const menu = listeners.get('context-menu');
    menu?.({}, { misspelledWord: 'bonjuor', dictionarySuggestions: ['bonjour', 'ajour'] });
    menu?.({}, { misspelledWord: '', dictionarySuggestions: [] }); // a correct word: no menu
    expect(h.popups).toHaveLength(1);
    const items = h.popups[0]!.items;
    expect(items.map((i) => i.label)).toEqual(['bonjour', 'ajour', undefined, 'Ajouter au dictionnaire']);
    items[0]?.click?.();
    items[3]?.click?.();
    expect(replaced).toEqual(['bonjour']);
    expect(ses.added).toEqual(['bonjuor']);

    stop();
    expect(listeners.has('context-menu')).toBe(false);
  });
});
