import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { appMenuTemplate } from '../../../src/main/electron/app-menu';
import { catalogs } from '../../../src/shared/i18n';

// The template is pure; Electron is mocked so that nothing of it loads here.
vi.mock('electron', () => ({}));

describe('application menu', () => {
  it('has Help → Keyboard Shortcuts (Ctrl+/ or ⌘/) in both languages, which asks the window for its sheet', () => {
    for (const [lang, title, item] of [
      ['en', 'Help', 'Keyboard Shortcuts'],
      ['fr', 'Aide', 'Raccourcis clavier'],
    ] as const) {
      const showShortcuts = vi.fn();
      const menu = appMenuTemplate(catalogs[lang].appMenu, { devTools: false, mac: false, showShortcuts });
      const help = menu.find((m) => m.label === title);
      expect(help?.role).toBe('help');
      const entries = help?.submenu as MenuItemConstructorOptions[];
      expect(entries.map((e) => [e.label, e.accelerator])).toEqual([[item, 'CmdOrCtrl+/']]);
      (entries[0]?.click as () => void)();
      expect(showShortcuts).toHaveBeenCalledTimes(1);
    }
  });

  it('has no Help menu when no window can show the sheet', () => {
    const menu = appMenuTemplate(catalogs.en.appMenu, { devTools: false, mac: true });
    expect(menu.map((m) => m.label)).not.toContain('Help');
  });
});
