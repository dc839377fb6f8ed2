import { Menu, Tray, nativeImage } from 'electron';
import { join } from 'node:path';

export interface TrayLabels {
  readonly tooltip: string;
  readonly open: string;
  readonly quit: string;
}

export interface TrayActions {
  readonly open: () => void;
  readonly quit: () => void;
}

/** The packaged app ships the icon as a resource (electron-builder.yml extraResources). */
export function trayIconPath(isPackaged: boolean, resourcesPath: string, appRoot: string): string {
  return isPackaged ? join(resourcesPath, 'icons', 'tray.png') : join(appRoot, 'build', 'icons', '32x32.png');
}

/** A tray icon with Open / Quit; a click opens the window (Windows, most Linux trays). */
export function createTray(iconPath: string, labels: TrayLabels, actions: TrayActions): Tray {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  tray.setToolTip(labels.tooltip);
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: labels.open, click: actions.open },
      { type: 'separator' },
      { label: labels.quit, click: actions.quit },
    ]),
  );
  tray.on('click', actions.open);
  return tray;
}
