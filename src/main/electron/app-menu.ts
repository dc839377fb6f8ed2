import type { MenuItemConstructorOptions } from 'electron';
import type { Catalog } from '../../shared/i18n';

type MenuText = Catalog['appMenu'];

/**
 * The application menu. Electron's default one has View → Toggle Developer Tools (Ctrl+Shift+I)
 * and Reload, which would hand anyone at the keyboard a console inside the unlocked app; ours
 * has only editing, zoom and window items, plus the developer items when Veil was started with
 * `--enable-dev-tools`. Pure (a template), so a test can read every item.
 */
export function appMenuTemplate(
  text: MenuText,
  options: {
    readonly devTools: boolean;
    readonly mac: boolean;
    /** Help → Keyboard Shortcuts (Ctrl+/): the window opens its sheet. */
    readonly showShortcuts?: () => void;
  },
): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom', label: text.resetZoom },
    { role: 'zoomIn', label: text.zoomIn },
    { role: 'zoomOut', label: text.zoomOut },
    { type: 'separator' },
    { role: 'togglefullscreen', label: text.fullScreen },
  ];
  if (options.devTools) {
    view.push(
      { type: 'separator' },
      { role: 'reload', label: text.reload },
      { role: 'toggleDevTools', label: text.devTools },
    );
  }
  const menu: MenuItemConstructorOptions[] = [
    {
      label: text.edit,
      submenu: [
        { role: 'undo', label: text.undo },
        { role: 'redo', label: text.redo },
        { type: 'separator' },
        { role: 'cut', label: text.cut },
        { role: 'copy', label: text.copy },
        { role: 'paste', label: text.paste },
        { role: 'selectAll', label: text.selectAll },
      ],
    },
    { label: text.view, submenu: view },
    {
      label: text.window,
      submenu: [
        { role: 'minimize', label: text.minimize },
        { role: 'close', label: text.close },
      ],
    },
  ];
  if (options.showShortcuts) {
    menu.push({
      label: text.help,
      role: 'help',
      submenu: [{ label: text.shortcuts, accelerator: 'CmdOrCtrl+/', click: options.showShortcuts }],
    });
  }
  // macOS puts the app's own menu first (Hide, Quit); elsewhere Quit is in the tray.
  if (options.mac) {
    menu.unshift({
      label: 'Veil',
      submenu: [
        { role: 'hide', label: text.hide },
        { role: 'hideOthers', label: text.hideOthers },
        { type: 'separator' },
        { role: 'quit', label: text.quit },
      ],
    });
  }
  return menu;
}
