import { beforeEach, describe, expect, it, vi } from 'vitest';

// A recording stand-in for Electron: the binary cannot run here, so the shell is tested through
// the options and handlers it gives to Electron's API.
const h = vi.hoisted(() => {
  type Fn = (...args: unknown[]) => unknown;
  const listeners = new Map<string, Fn>();
  const state = {
    listeners,
    windowOptions: [] as unknown[],
    exposed: new Map<string, unknown>(),
    ipcHandlers: new Map<string, Fn>(),
    openExternal: vi.fn(async () => undefined),
    quit: vi.fn(),
    lock: true,
    ready: Promise.resolve(),
    loadedUrls: [] as string[],
    permissionHandler: undefined as Fn | undefined,
    checkHandler: undefined as Fn | undefined,
    requestFilter: undefined as Fn | undefined,
    schemes: [] as unknown[],
    loginItems: vi.fn(),
    trays: [] as {
      icon: string;
      tooltip: string;
      menu: { label?: string; type?: string; click?: () => void }[];
      on: Map<string, () => void>;
      destroyed: boolean;
    }[],
    power: new Map<string, () => void>(),
    appMenu: undefined as { items: unknown[] } | undefined,
    packaged: false,
    errorBoxes: [] as [string, string][],
    spellcheck: { enabled: undefined as boolean | undefined, languages: [] as string[] },
    badProxy: undefined as string | undefined,
  };
  return state;
});

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = {
      send: vi.fn(),
      isDestroyed: () => false,
      on: vi.fn(),
      removeListener: vi.fn(),
      replaceMisspelling: vi.fn(),
      session: {
        availableSpellCheckerLanguages: ['en-US', 'en-GB', 'fr', 'fr-FR', 'de'],
        setSpellCheckerEnabled: (on: boolean) => (h.spellcheck.enabled = on),
        setSpellCheckerLanguages: (langs: string[]) => (h.spellcheck.languages = langs),
        addWordToSpellCheckerDictionary: vi.fn(),
      },
    };
    constructor(options: unknown) {
      h.windowOptions.push(options);
    }
    once() {}
    on() {}
    isDestroyed() {
      return false;
    }
    loadURL(url: string) {
      h.loadedUrls.push(url);
      return Promise.resolve();
    }
  }
  const app = {
    get isPackaged() {
      return h.packaged;
    },
    getLocale: () => 'fr-FR',
    setLoginItemSettings: h.loginItems,
    getPath: () => '/tmp/veil-electron-test-profile',
    requestSingleInstanceLock: () => h.lock,
    quit: h.quit,
    on: (name: string, fn: (...args: unknown[]) => unknown) => h.listeners.set(`app:${name}`, fn),
    whenReady: () => h.ready,
  };
  class Tray {
    readonly record: (typeof h.trays)[number];
    constructor(icon: { path: string }) {
      this.record = { icon: icon.path, tooltip: '', menu: [], on: new Map(), destroyed: false };
      h.trays.push(this.record);
    }
    setToolTip(text: string) {
      this.record.tooltip = text;
    }
    setContextMenu(menu: { items: (typeof h.trays)[number]['menu'] }) {
      this.record.menu = menu.items;
    }
    on(name: string, fn: () => void) {
      this.record.on.set(name, fn);
    }
    destroy() {
      this.record.destroyed = true;
    }
  }
  return {
    app,
    BrowserWindow,
    Tray,
    Menu: {
      buildFromTemplate: (items: unknown[]) => ({ items }),
      setApplicationMenu: (menu: { items: unknown[] }) => (h.appMenu = menu),
    },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
    powerMonitor: {
      on: (name: string, fn: () => void) => h.power.set(name, fn),
      removeListener: (name: string) => h.power.delete(name),
    },
    nativeTheme: { shouldUseDarkColors: false },
    safeStorage: {
      isEncryptionAvailable: () => false,
      encryptString: () => Buffer.alloc(0),
      decryptString: () => '',
    },
    shell: { openExternal: h.openExternal },
    dialog: { showErrorBox: (title: string, body: string) => h.errorBoxes.push([title, body]) },
    ipcMain: { handle: (ch: string, fn: (...args: unknown[]) => unknown) => h.ipcHandlers.set(ch, fn) },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => h.schemes.push(...s),
      handle: vi.fn(),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: (...args: unknown[]) => unknown) => (h.permissionHandler = fn),
        setPermissionCheckHandler: (fn: (...args: unknown[]) => unknown) => (h.checkHandler = fn),
        webRequest: { onBeforeRequest: (fn: (...args: unknown[]) => unknown) => (h.requestFilter = fn) },
      },
    },
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => h.exposed.set(key, api) },
    ipcRenderer: {
      invoke: vi.fn(async () => ({ ok: true, value: 1 })),
      on: vi.fn(),
      removeListener: vi.fn(),
    },
  };
});

// No real network in this unit test: the window's core runs offline.
vi.mock('../../../src/main/core/network-config', () => ({
  // VEIL_PROXY is read where the network is resolved: a malformed one throws there. Imported at
  // the call, so that the error's class is the one the freshly imported main process knows.
  resolveNetwork: async () => {
    if (h.badProxy === undefined) return { devnet: undefined, config: undefined };
    const { parseProxyUrl } = await import('../../../src/main/network/proxy');
    return parseProxyUrl(h.badProxy);
  },
}));

function fakeContents() {
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  return {
    handlers,
    open: (url: string) => openHandler?.({ url }),
    closeDevTools: vi.fn(),
    contents: {
      on: (name: string, fn: (...args: unknown[]) => unknown) => handlers.set(name, fn),
      closeDevTools: () => undefined,
      setWindowOpenHandler: (fn: (d: { url: string }) => { action: string }) => (openHandler = fn),
    },
  };
}

describe('Electron window options', () => {
  it('turns on every isolation setting and off every Node door', async () => {
    const { mainWindowOptions } = await import('../../../src/main/electron/window-options');
    const prefs = mainWindowOptions('/app/preload.cjs', false).webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

interface MenuItem {
  readonly role?: string;
  readonly label?: string;
  readonly submenu?: readonly MenuItem[];
}
const roles = (items: readonly MenuItem[]): string[] =>
  items.flatMap((i) => [...(i.role ? [i.role] : []), ...roles(i.submenu ?? [])]);

describe('developer tools', () => {
  it('are off unless Veil is launched with --enable-dev-tools', async () => {
    const { parseLaunchArgs } = await import('../../../src/main/electron/launch-args');
    const { mainWindowOptions } = await import('../../../src/main/electron/window-options');
    expect(parseLaunchArgs([], '/p').devTools).toBe(false);
    expect(parseLaunchArgs(['--profile', '/x', '--inspect'], '/p').devTools).toBe(false);
    expect(parseLaunchArgs(['--enable-dev-tools'], '/p')).toEqual({
      profileDir: '/p',
      network: 'devnet',
      devTools: true,
    });
    expect(mainWindowOptions('/p.cjs', false).webPreferences?.devTools).toBe(false);
    expect(mainWindowOptions('/p.cjs', false, true).webPreferences?.devTools).toBe(true);
  });

  it('are not in the application menu (nor Reload) unless asked for, in both languages', async () => {
    const { appMenuTemplate } = await import('../../../src/main/electron/app-menu');
    const { catalogs } = await import('../../../src/shared/i18n');
    for (const mac of [false, true]) {
      const plain = appMenuTemplate(catalogs.fr.appMenu, { devTools: false, mac }) as MenuItem[];
      expect(roles(plain)).not.toContain('toggleDevTools');
      expect(roles(plain)).not.toContain('reload');
      expect(roles(plain)).not.toContain('forceReload');
      expect(roles(plain)).toEqual(expect.arrayContaining(['copy', 'paste', 'zoomIn', 'minimize']));
      const dev = appMenuTemplate(catalogs.en.appMenu, { devTools: true, mac }) as MenuItem[];
      expect(roles(dev)).toEqual(expect.arrayContaining(['toggleDevTools', 'reload']));
      // Every item has a label from the catalog (Electron's own role labels are English only).
      const unlabeled = (items: readonly MenuItem[]): MenuItem[] =>
        items.flatMap((i) => [
          ...(i.role !== undefined && i.label === undefined ? [i] : []),
          ...unlabeled(i.submenu ?? []),
        ]);
      expect(unlabeled(plain)).toEqual([]);
    }
  });

  it('are closed at once if something opens them anyway', async () => {
    const { hardenWebContents } = await import('../../../src/main/electron/harden');
    const f = fakeContents();
    const closed = vi.fn();
    hardenWebContents({ ...f.contents, closeDevTools: closed } as never);
    f.handlers.get('devtools-opened')?.();
    expect(closed).toHaveBeenCalledTimes(1);
    const g = fakeContents();
    hardenWebContents(g.contents as never, true);
    expect(g.handlers.has('devtools-opened')).toBe(false);
  });
});

describe('Electron hardening', () => {
  beforeEach(() => {
    h.openExternal.mockClear();
  });

  it('blocks navigation away from the app and sends web links to the system browser', async () => {
    const { hardenWebContents } = await import('../../../src/main/electron/harden');
    const f = fakeContents();
    hardenWebContents(f.contents as never);
    const prevent = vi.fn();
    f.handlers.get('will-navigate')?.({ preventDefault: prevent }, 'https://example.org/');
    expect(prevent).toHaveBeenCalled();
    expect(h.openExternal).toHaveBeenCalledWith('https://example.org/');

    const prevent2 = vi.fn();
    f.handlers.get('will-navigate')?.({ preventDefault: prevent2 }, 'file:///etc/passwd');
    expect(prevent2).toHaveBeenCalled();
    expect(h.openExternal).toHaveBeenCalledTimes(1);

    const allowed = vi.fn();
    f.handlers.get('will-navigate')?.({ preventDefault: allowed }, 'app://veil/index.html');
    expect(allowed).not.toHaveBeenCalled();
  });

  it('denies every new window, opening only http(s) links outside', async () => {
    const { hardenWebContents } = await import('../../../src/main/electron/harden');
    const f = fakeContents();
    hardenWebContents(f.contents as never);
    expect(f.open('https://getsession.org/')).toEqual({ action: 'deny' });
    expect(f.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(f.open('smb://host/share')).toEqual({ action: 'deny' });
    expect(h.openExternal).toHaveBeenCalledTimes(1);
    expect(h.openExternal).toHaveBeenCalledWith('https://getsession.org/');
  });

  it('denies permissions except notifications and the app’s own microphone, and cancels remote requests', async () => {
    const { hardenSession } = await import('../../../src/main/electron/harden');
    const { session } = await import('electron');
    hardenSession(session.defaultSession);
    for (const [permission, expected] of [
      ['notifications', true],
      ['media', false],
      ['geolocation', false],
      ['clipboard-read', false],
      ['openExternal', false],
    ] as const) {
      const cb = vi.fn();
      h.permissionHandler?.({}, permission, cb);
      expect(cb).toHaveBeenCalledWith(expected);
    }
    // The microphone for voice messages: audio only, and only for our own bundle.
    for (const [details, expected] of [
      [{ mediaTypes: ['audio'], requestingUrl: 'app://veil/index.html' }, true],
      [{ mediaTypes: ['audio', 'video'], requestingUrl: 'app://veil/index.html' }, false],
      [{ mediaTypes: ['video'], requestingUrl: 'app://veil/index.html' }, false],
      [{ mediaTypes: [], requestingUrl: 'app://veil/index.html' }, false],
      [{ mediaTypes: ['audio'], requestingUrl: 'https://evil.example/' }, false],
      [{ mediaTypes: ['audio'], requestingUrl: 'app://veil.evil/index.html' }, false],
    ] as const) {
      const cb = vi.fn();
      h.permissionHandler?.({}, 'media', cb, details);
      expect(cb).toHaveBeenCalledWith(expected);
    }
    expect(h.checkHandler?.({}, 'media', 'app://veil', { mediaType: 'audio' })).toBe(true);
    expect(h.checkHandler?.({}, 'media', 'app://veil', { mediaType: 'video' })).toBe(false);
    expect(h.checkHandler?.({}, 'media', 'https://evil.example', { mediaType: 'audio' })).toBe(false);
    expect(h.checkHandler?.({}, 'geolocation', 'app://veil', {})).toBe(false);
    const decide = (url: string) => {
      const cb = vi.fn();
      h.requestFilter?.({ url }, cb);
      return cb.mock.calls[0]?.[0] as { cancel: boolean };
    };
    expect(decide('app://veil/assets/index.js')).toEqual({ cancel: false });
    expect(decide('https://tracker.example/pixel.png')).toEqual({ cancel: true });
    expect(decide('http://127.0.0.1:8080/')).toEqual({ cancel: true });
  });
});

describe('Electron main process', () => {
  it('opens one hardened window on app://, answers IPC only from the app, and registers app:// as secure', async () => {
    await import('../../../src/main/electron/main');
    // The core opens in its worker thread first (a second or so), then the window.
    for (let i = 0; i < 500 && h.windowOptions.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(h.schemes).toEqual([
      expect.objectContaining({
        scheme: 'app',
        // codeCache: V8's compiled code of the page's scripts kept between starts (issue #15).
        privileges: expect.objectContaining({ secure: true, standard: true, codeCache: true }),
      }),
    ]);
    expect(h.windowOptions).toHaveLength(1);
    expect((h.windowOptions[0] as { webPreferences: { sandbox: boolean } }).webPreferences.sandbox).toBe(
      true,
    );
    expect(h.loadedUrls).toEqual(['app://veil/index.html']);
    // Spell-check on with the default languages, as this machine's dictionaries name them.
    expect(h.spellcheck.enabled).toBe(true);
    expect(h.spellcheck.languages).toEqual(['en-US', 'fr-FR']);
    // No developer tools in a normal launch: not in the window, not in the menu.
    expect((h.windowOptions[0] as { webPreferences: { devTools: boolean } }).webPreferences.devTools).toBe(
      false,
    );
    expect(h.appMenu).toBeDefined();
    expect(roles((h.appMenu?.items ?? []) as MenuItem[])).not.toContain('toggleDevTools');
    // The tray (Open / Quit, in the system's language) and the lock-with-the-computer hooks.
    expect(h.trays).toHaveLength(1);
    expect(h.trays[0]?.menu.map((i) => i.label ?? i.type)).toEqual([
      'Ouvrir Veil',
      'separator',
      'Quitter Veil',
    ]);
    expect([...h.power.keys()].sort()).toEqual(['lock-screen', 'suspend']);

    const invoke = h.ipcHandlers.get('veil:invoke');
    expect(invoke).toBeDefined();
    const fromApp = (await invoke?.(
      { senderFrame: { url: 'app://veil/index.html' } },
      'settings.get',
      {},
    )) as { ok: boolean };
    expect(fromApp.ok).toBe(true);
    const fromElsewhere = (await invoke?.(
      { senderFrame: { url: 'https://evil.example/' } },
      'settings.get',
      {},
    )) as {
      ok: boolean;
      error: { code: string };
    };
    expect(fromElsewhere).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const badArgs = (await invoke?.({ senderFrame: { url: 'app://veil/' } }, 'settings.update', {
      theme: 1,
    })) as { ok: boolean };
    expect(badArgs.ok).toBe(false);
  });
});

describe('preload', () => {
  it('exposes only the two-function bridge, and nothing of Node', async () => {
    await import('../../../src/main/electron/preload');
    expect([...h.exposed.keys()]).toEqual(['veilRaw']);
    const bridge = h.exposed.get('veilRaw') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['host', 'invoke', 'on']);
    expect(bridge.host).toBe('electron');
  });

  it('closes the core (its worker thread) before quitting when the last window closes', async () => {
    const quits = h.quit.mock.calls.length;
    h.listeners.get('app:window-all-closed')?.();
    for (let i = 0; i < 500 && h.quit.mock.calls.length === quits; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(h.quit.mock.calls.length).toBe(quits + 1);
  });
});

describe('packaged app', () => {
  it('runs on mainnet by default and refuses the development-only devnet with a dialog', async () => {
    const { parseLaunchArgs } = await import('../../../src/main/electron/launch-args');
    expect(parseLaunchArgs([], '/p', 'mainnet').network).toBe('mainnet');
    expect(parseLaunchArgs(['--network', 'devnet'], '/p', 'mainnet').network).toBe('devnet');

    vi.resetModules();
    h.packaged = true;
    const windows = h.windowOptions.length;
    const quits = h.quit.mock.calls.length;
    const argv = process.argv;
    process.argv = [...argv, '--network', 'devnet'];
    try {
      await import('../../../src/main/electron/main');
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      process.argv = argv;
      h.packaged = false;
    }
    expect(h.errorBoxes).toHaveLength(1);
    expect(h.errorBoxes[0]?.[0]).toBe('Veil ne peut pas démarrer'); // the system's language (fr-FR)
    expect(h.quit.mock.calls.length).toBe(quits + 1);
    expect(h.windowOptions).toHaveLength(windows);
  });

  it('a malformed VEIL_PROXY is said in words and nothing starts without the proxy', async () => {
    vi.resetModules();
    const boxes = h.errorBoxes.length;
    const windows = h.windowOptions.length;
    const quits = h.quit.mock.calls.length;
    h.badProxy = 'http://127.0.0.1:9050';
    try {
      await import('../../../src/main/electron/main');
      for (let i = 0; i < 100 && h.errorBoxes.length === boxes; i++)
        await new Promise((r) => setTimeout(r, 20));
    } finally {
      h.badProxy = undefined;
    }
    expect(h.errorBoxes).toHaveLength(boxes + 1);
    expect(h.errorBoxes[boxes]?.[1]).toMatch(/^VEIL_PROXY n’est pas un proxy utilisable par Veil \(.+\)/);
    expect(h.quit.mock.calls.length).toBe(quits + 1);
    expect(h.windowOptions).toHaveLength(windows);
  });
});
