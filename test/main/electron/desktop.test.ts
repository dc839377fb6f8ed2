import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventHub } from '../../../src/main/core/events';
import { SYSTEM_SETTINGS_FILE } from '../../../src/main/security/system-settings-store';

// Electron cannot run here: the tray, login item and power events are checked through the calls
// the thin modules make to a recording stand-in.
const h = vi.hoisted(() => ({
  loginItems: [] as unknown[],
  trays: [] as {
    icon: string;
    tooltip: string;
    title?: string;
    items: { label?: string; type?: string; click?: () => void }[];
    on: Map<string, () => void>;
    destroyed: boolean;
  }[],
  trayFails: false,
  power: new Map<string, () => void>(),
  locale: 'en-US',
  badge: [] as number[],
  appOn: new Map<string, () => void>(),
  list: [] as unknown[],
  notes: [] as { title: string; body: string; shown: boolean; closed: boolean; click?: () => void }[],
}));

vi.mock('electron', () => {
  class Tray {
    readonly r: (typeof h.trays)[number];
    constructor(icon: { path: string }) {
      if (h.trayFails) throw new Error('no tray on this desktop');
      this.r = { icon: icon.path, tooltip: '', items: [], on: new Map(), destroyed: false };
      h.trays.push(this.r);
    }
    setToolTip(t: string) {
      this.r.tooltip = t;
    }
    setTitle(t: string) {
      this.r.title = t;
    }
    setContextMenu(m: { items: (typeof h.trays)[number]['items'] }) {
      this.r.items = m.items;
    }
    on(name: string, fn: () => void) {
      this.r.on.set(name, fn);
    }
    destroy() {
      this.r.destroyed = true;
    }
  }
  class Notification {
    readonly r: (typeof h.notes)[number];
    static isSupported() {
      return true;
    }
    constructor(o: { title: string; body: string }) {
      this.r = { title: o.title, body: o.body, shown: false, closed: false };
      h.notes.push(this.r);
    }
    on(name: string, fn: () => void) {
      if (name === 'click') this.r.click = fn;
    }
    show() {
      this.r.shown = true;
    }
    close() {
      this.r.closed = true;
    }
  }
  return {
    app: {
      isPackaged: false,
      getLocale: () => h.locale,
      setLoginItemSettings: (s: unknown) => h.loginItems.push(s),
      setBadgeCount: (n: number) => h.badge.push(n),
      on: (name: string, fn: () => void) => h.appOn.set(name, fn),
      removeListener: (name: string) => h.appOn.delete(name),
    },
    Notification,
    Tray,
    Menu: { buildFromTemplate: (items: unknown[]) => ({ items }) },
    nativeImage: {
      createFromPath: (path: string) => ({ path }),
      createFromBitmap: (b: Buffer, size: { width: number }) => ({ bitmap: b.length, width: size.width }),
    },
    powerMonitor: {
      on: (name: string, fn: () => void) => h.power.set(name, fn),
      removeListener: (name: string) => h.power.delete(name),
    },
  };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'veil-desktop-'));
  h.loginItems.length = 0;
  h.trays.length = 0;
  h.power.clear();
  h.trayFails = false;
  h.locale = 'en-US';
  h.badge.length = 0;
  h.appOn.clear();
  h.notes.length = 0;
  h.list = [];
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('start at login', () => {
  it('Windows and macOS: a login item that starts Veil hidden', async () => {
    const { applyStartAtLogin, HIDDEN_ARG } = await import('../../../src/main/electron/login-item');
    applyStartAtLogin(true, 'win32');
    applyStartAtLogin(false, 'darwin');
    expect(h.loginItems).toEqual([
      { openAtLogin: true, args: [HIDDEN_ARG] },
      { openAtLogin: false, args: [HIDDEN_ARG] },
    ]);
  });

  it('Linux: an XDG autostart entry (the AppImage file when run from one), removed when turned off', async () => {
    const { applyStartAtLogin, autostartFile } = await import('../../../src/main/electron/login-item');
    const env = { XDG_CONFIG_HOME: dir, APPIMAGE: '/home/lou/Apps/Veil $1.AppImage' };
    applyStartAtLogin(true, 'linux', env);
    const file = autostartFile(env);
    expect(file).toBe(join(dir, 'autostart', 'veil.desktop'));
    const entry = readFileSync(file, 'utf8');
    expect(entry).toContain('[Desktop Entry]');
    expect(entry).toContain('Exec="/home/lou/Apps/Veil \\$1.AppImage" --hidden');
    expect(h.loginItems).toEqual([]);
    applyStartAtLogin(false, 'linux', env);
    expect(existsSync(file)).toBe(false);
  });

  it('knows the hidden launch flag', async () => {
    const { launchedHidden } = await import('../../../src/main/electron/login-item');
    expect(launchedHidden(['/opt/Veil/veil', '--hidden'])).toBe(true);
    expect(launchedHidden(['/opt/Veil/veil'])).toBe(false);
  });
});

describe('tray', () => {
  it('has Open and Quit, opens on click, and finds its icon packaged or not', async () => {
    const { createTray, trayIconPath } = await import('../../../src/main/electron/tray');
    expect(trayIconPath(true, '/opt/Veil/resources', '/x')).toBe('/opt/Veil/resources/icons/tray.png');
    expect(trayIconPath(false, '/r', '/repo')).toBe('/repo/build/icons/32x32.png');
    const open = vi.fn();
    const quit = vi.fn();
    createTray('/i.png', { tooltip: 'Veil', open: 'Open Veil', quit: 'Quit Veil' }, { open, quit });
    const tray = h.trays[0];
    expect(tray?.icon).toBe('/i.png');
    expect(tray?.items.map((i) => i.label ?? i.type)).toEqual(['Open Veil', 'separator', 'Quit Veil']);
    tray?.items[0]?.click?.();
    tray?.items[2]?.click?.();
    tray?.on.get('click')?.();
    expect(open).toHaveBeenCalledTimes(2);
    expect(quit).toHaveBeenCalledTimes(1);
  });
});

describe('setupDesktop', () => {
  function fakeWindow() {
    const win = {
      destroyed: false,
      minimized: true,
      visible: true,
      focused: false,
      calls: [] as string[],
      sent: [] as unknown[][],
      handlers: new Map<string, (e: { preventDefault: () => void }) => void>(),
      webContents: {
        send: (...args: unknown[]) => {
          win.sent.push(args);
        },
      },
      on(name: string, fn: (e: { preventDefault: () => void }) => void) {
        this.handlers.set(name, fn);
      },
      isVisible() {
        return this.visible;
      },
      isFocused() {
        return this.focused;
      },
      hide() {
        this.calls.push('hide');
      },
      setOverlayIcon(image: unknown, description: string) {
        this.calls.push(`overlay:${image === null ? 'none' : 'dot'}:${description}`);
      },
      isDestroyed() {
        return this.destroyed;
      },
      isMinimized() {
        return this.minimized;
      },
      restore() {
        this.calls.push('restore');
      },
      show() {
        this.calls.push('show');
      },
      focus() {
        this.calls.push('focus');
      },
      close() {
        this.calls.push('close');
      },
    };
    return win;
  }
  function fakeCore() {
    const dispatched: string[] = [];
    const events = new EventHub();
    return {
      dispatched,
      events,
      core: {
        profileDir: dir,
        subscribe: (l: Parameters<EventHub['subscribe']>[0]) => events.subscribe(l),
        dispatch: (name: unknown) => {
          dispatched.push(String(name));
          return Promise.resolve({ ok: true as const, value: name === 'conversations.list' ? h.list : null });
        },
        close: () => Promise.resolve(),
      },
    };
  }
  const writeSystem = (s: object) => {
    writeFileSync(join(dir, SYSTEM_SETTINGS_FILE), JSON.stringify(s));
  };

  it('starts hidden in the tray when asked (setting or login item), labels in the user language', async () => {
    const { setupDesktop } = await import('../../../src/main/electron/desktop');
    h.locale = 'fr-FR';
    const { core } = fakeCore();
    const win = fakeWindow();
    expect(setupDesktop(core as never, win as never, ['veil']).startHidden).toBe(false);
    expect(h.trays[0]?.items.map((i) => i.label ?? i.type)).toEqual([
      'Ouvrir Veil',
      'separator',
      'Quitter Veil',
    ]);
    expect(setupDesktop(core as never, win as never, ['veil', '--hidden']).startHidden).toBe(true);
    writeSystem({ startMinimised: true });
    const desk = setupDesktop(core, win as never, ['veil']);
    expect(desk.startHidden).toBe(true);
    // Tray "Open" restores and shows; "Quit" closes the window so the core closes cleanly.
    h.trays.at(-1)?.items[0]?.click?.();
    h.trays.at(-1)?.items[2]?.click?.();
    expect(win.calls).toEqual(['restore', 'show', 'focus', 'close']);
    desk.dispose();
    expect(h.trays.at(-1)?.destroyed).toBe(true);
  });

  it('never starts hidden without a tray to come back from', async () => {
    const { setupDesktop } = await import('../../../src/main/electron/desktop');
    h.trayFails = true;
    writeSystem({ startMinimised: true });
    const { core } = fakeCore();
    expect(setupDesktop(core as never, fakeWindow() as never, ['veil', '--hidden']).startHidden).toBe(false);
  });

  it('applies start at login when the setting changes, and locks with the computer if an idle lock is chosen', async () => {
    const { setupDesktop } = await import('../../../src/main/electron/desktop');
    vi.stubEnv('XDG_CONFIG_HOME', dir); // never the real ~/.config/autostart
    const { core, dispatched, events } = fakeCore();
    const desk = setupDesktop(core, fakeWindow() as never, ['veil']);
    events.emit('system.changed', {
      idleLockMinutes: 0,
      startAtLogin: true,
      startMinimised: false,
      closeToTray: false,
    });
    if (process.platform === 'linux') expect(existsSync(join(dir, 'autostart', 'veil.desktop'))).toBe(true);
    else expect(h.loginItems).toHaveLength(1);
    vi.unstubAllEnvs();
    h.power.get('lock-screen')?.();
    // Only the unread count was asked for at start: no lock without an idle lock chosen.
    expect(dispatched).toEqual(['conversations.list']);
    writeSystem({ idleLockMinutes: 5 });
    h.power.get('lock-screen')?.();
    h.power.get('suspend')?.();
    expect(dispatched).toEqual(['conversations.list', 'account.lock', 'account.lock']);
    desk.dispose();
    expect(h.power.size).toBe(0);
  });

  const conv = (id: string, unread: number, extra: object = {}) => ({
    id,
    noteToSelf: false,
    name: null,
    isRequest: false,
    blocked: false,
    unread,
    lastMessage: null,
    updatedAt: 1,
    disappearing: { mode: 'off' },
    mutedUntil: null,
    mentionsOnly: false,
    ...extra,
  });

  it('shows the unread count in the tray tooltip and the dock/launcher badge, and clears it on lock', async () => {
    const { setupDesktop } = await import('../../../src/main/electron/desktop');
    const { core, events } = fakeCore();
    const win = fakeWindow();
    const desk = setupDesktop(core, win as never, ['veil']);
    // Muted conversations still count; blocked ones do not.
    events.emit('conversations.changed', [
      conv(`05${'a'.repeat(64)}`, 2, { mutedUntil: Number.MAX_SAFE_INTEGER }),
      conv(`05${'b'.repeat(64)}`, 1),
      conv(`05${'c'.repeat(64)}`, 7, { blocked: true }),
    ] as never);
    expect(h.trays.at(-1)?.tooltip).toBe('Veil — unread: 3');
    expect(h.badge.at(-1)).toBe(3);
    events.emit('account.changed', { state: 'locked' } as never);
    expect(h.trays.at(-1)?.tooltip).toBe('Veil');
    expect(h.badge.at(-1)).toBe(0);
    desk.dispose();
  });

  it('Windows: a dot overlays the taskbar button while something is unread; macOS: a count beside the tray icon', async () => {
    const { showUnread } = await import('../../../src/main/electron/badge');
    const win = fakeWindow();
    const tray = { setToolTip: vi.fn(), setTitle: vi.fn() };
    const tooltip = (n: number) => (n > 0 ? `Veil (${String(n)})` : 'Veil');
    showUnread(4, { tray: tray as never, window: win as never, platform: 'win32', tooltip });
    showUnread(0, { tray: tray as never, window: win as never, platform: 'win32', tooltip });
    expect(win.calls).toEqual(['overlay:dot:Veil (4)', 'overlay:none:']);
    expect(tray.setTitle).not.toHaveBeenCalled();
    showUnread(5, { tray: tray as never, window: win as never, platform: 'darwin', tooltip });
    expect(tray.setTitle).toHaveBeenCalledWith('5');
    expect(win.calls).toHaveLength(2);
  });

  it('close to tray: closing hides the window when chosen, and Quit really closes', async () => {
    const { setupDesktop } = await import('../../../src/main/electron/desktop');
    const { core } = fakeCore();
    const win = fakeWindow();
    const desk = setupDesktop(core, win as never, ['veil']);
    const close = () => {
      let prevented = false;
      win.handlers.get('close')?.({
        preventDefault: () => {
          prevented = true;
        },
      });
      return prevented;
    };
    expect(close()).toBe(false); // off by default: closing quits
    writeSystem({ closeToTray: true });
    expect(close()).toBe(true);
    expect(win.calls).toContain('hide');
    h.appOn.get('before-quit')?.(); // Cmd+Q, logging out
    expect(close()).toBe(false);
    desk.dispose();
    expect(h.appOn.size).toBe(0);
  });

  it('shows what the core decided while the window is not in front; a click opens the conversation', async () => {
    const { setupDesktop } = await import('../../../src/main/electron/desktop');
    const { core, events } = fakeCore();
    const win = fakeWindow();
    const desk = setupDesktop(core, win as never, ['veil']);
    const id = `05${'d'.repeat(64)}`;
    events.emit('notification.show', {
      conversationId: id,
      count: 2,
      sender: 'Bob',
      preview: 'salut',
      noteToSelf: false,
    });
    expect(h.notes.map((n) => [n.title, n.body])).toEqual([['Bob', 'salut']]);
    events.emit('notification.show', {
      conversationId: id,
      count: 2,
      sender: null,
      preview: null,
      noteToSelf: false,
    });
    expect(h.notes.at(-1)?.body).toBe('2 new messages');
    expect(h.notes[0]?.closed).toBe(true); // replaced, not piled up
    h.notes.at(-1)?.click?.();
    expect(win.calls).toEqual(['restore', 'show', 'focus']);
    expect(win.sent).toEqual([
      ['veil:event', 'app.command', { type: 'openConversation', conversationId: id }],
    ]);
    // In front: the list says it, no notification.
    win.focused = true;
    events.emit('notification.show', {
      conversationId: id,
      count: 3,
      sender: 'Bob',
      preview: null,
      noteToSelf: false,
    });
    expect(h.notes).toHaveLength(2);
    // Locking takes a shown notification away.
    win.focused = false;
    events.emit('notification.show', {
      conversationId: id,
      count: 3,
      sender: 'Bob',
      preview: null,
      noteToSelf: false,
    });
    expect(h.notes.at(-1)?.body).toBe('New message from Bob');
    events.emit('account.changed', { state: 'locked' } as never);
    expect(h.notes.at(-1)?.closed).toBe(true);
    desk.dispose();
  });

  it('knows the count at start and after unlocking, before anything changes', async () => {
    const { setupDesktop } = await import('../../../src/main/electron/desktop');
    h.list = [conv(`05${'e'.repeat(64)}`, 5)];
    const { core, events } = fakeCore();
    const desk = setupDesktop(core, fakeWindow() as never, ['veil']);
    await expect.poll(() => h.badge.at(-1)).toBe(5);
    events.emit('account.changed', { state: 'locked' } as never);
    expect(h.badge.at(-1)).toBe(0);
    h.list = [conv(`05${'e'.repeat(64)}`, 6)];
    events.emit('account.changed', {
      state: 'ready',
      sessionId: `05${'f'.repeat(64)}`,
      displayName: null,
      protection: 'password',
    });
    await expect.poll(() => h.badge.at(-1)).toBe(6);
    desk.dispose();
  });
});
