import { app, nativeImage, type BrowserWindow, type NativeImage, type Tray } from 'electron';

/** The unread count as the desktop shows it: tray tooltip, dock/launcher badge, taskbar overlay. */
export interface UnreadTargets {
  readonly tray: Tray | undefined;
  readonly window: BrowserWindow;
  readonly platform: NodeJS.Platform;
  /** "Veil" and "Veil — unread: N" in the user's language. */
  readonly tooltip: (count: number) => string;
}

const DOT_SIZE = 16;

/** A filled red dot (BGRA), for Windows' taskbar overlay: no image file to ship or load. */
export function badgeDot(): NativeImage {
  const pixels = Buffer.alloc(DOT_SIZE * DOT_SIZE * 4);
  const c = (DOT_SIZE - 1) / 2;
  for (let y = 0; y < DOT_SIZE; y++)
    for (let x = 0; x < DOT_SIZE; x++) {
      if ((x - c) ** 2 + (y - c) ** 2 > (DOT_SIZE / 2) ** 2) continue;
      pixels.set([0x2f, 0x2f, 0xd9, 0xff], (y * DOT_SIZE + x) * 4);
    }
  return nativeImage.createFromBitmap(pixels, { width: DOT_SIZE, height: DOT_SIZE });
}

let dot: NativeImage | undefined;

/** Shows `count` everywhere the platform allows; 0 clears it. */
export function showUnread(count: number, t: UnreadTargets): void {
  const label = t.tooltip(count);
  t.tray?.setToolTip(label);
  // macOS shows text beside the menu-bar icon; other trays have only the tooltip.
  if (t.platform === 'darwin') t.tray?.setTitle(count > 0 ? String(count) : '');
  // The dock (macOS) and Unity-style launchers (Linux); a no-op where unsupported.
  app.setBadgeCount(count);
  if (t.platform === 'win32' && !t.window.isDestroyed()) {
    dot ??= badgeDot();
    t.window.setOverlayIcon(count > 0 ? dot : null, count > 0 ? label : '');
  }
}
