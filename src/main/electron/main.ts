import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  safeStorage,
  session,
  shell,
} from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL } from '../../shared/ipc/bridge';
import { fail } from '../../shared/ipc/result';
import { WorkerCore } from '../core-worker/worker-core';
import { resolveNetwork, type ResolvedNetwork } from '../core/network-config';
import { ProxyUrlError } from '../network/proxy';
import { ensureProfileDir } from '../core/profile';
import { rendererDistDir } from '../host/paths';
import { catalogs, pickLanguage } from '../../shared/i18n';
import { SettingsStore } from '../core/settings-store';
import { appMenuTemplate } from './app-menu';
import { parseLaunchArgs } from './launch-args';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { setupDesktop, type Desktop } from './desktop';
import { setupSpellcheck } from './spellcheck';
import { hardenSession, hardenWebContents } from './harden';
import { APP_ORIGIN, isAppUrl, mainWindowOptions } from './window-options';

/** The Electron main process: a thin shell around VeilCore. Everything else is in the core. */
// A package runs on Session's network: the embedded devnet is for development (npm start) only;
// it runs from the checkout as a process of its own (src/main/embedded-devnet/), never packaged.
const launch = parseLaunchArgs(
  process.argv.slice(1),
  app.getPath('userData'),
  app.isPackaged ? 'mainnet' : 'devnet',
);
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | undefined;
  let core: WorkerCore | undefined;
  let resolved: ResolvedNetwork | undefined;
  let desktop: Desktop | undefined;

  // A second launch (or the launcher clicked while Veil sits in the tray) shows the window.
  app.on('second-instance', () => {
    desktop?.show();
  });

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, launch.devTools);
  });

  void app.whenReady().then(async () => {
    if (app.isPackaged && launch.network === 'devnet') {
      const text = catalogs[pickLanguage([app.getLocale()])].launch;
      dialog.showErrorBox(text.devnetUnavailableTitle, text.devnetUnavailable);
      app.quit();
      return;
    }
    const profileDir = ensureProfileDir(launch.profileDir);
    try {
      resolved = await resolveNetwork(launch.network, profileDir);
    } catch (error) {
      // A malformed VEIL_PROXY: said in words, and never a start without the proxy asked for.
      if (!(error instanceof ProxyUrlError)) throw error;
      const text = catalogs[pickLanguage([app.getLocale()])].launch;
      dialog.showErrorBox(text.devnetUnavailableTitle, text.badProxy.replace('{{reason}}', error.message));
      app.quit();
      return;
    }
    // SQLite, decryption and polling run in the core's worker thread; this thread keeps the
    // window, menus, tray, notifications and safeStorage: it unwraps the profile's key and hands
    // it to the worker once, then only wraps a key the core switches to (core-worker/keychain-host.ts).
    // The core opens while the window loads its page (calls wait for the open; issue #15).
    const activeCore = WorkerCore.launch({
      safeStorage,
      networkConfig: resolved.config,
      profileDir,
      host: 'electron',
      network: launch.network,
      openExternal: (url) => shell.openExternal(url),
      log: (line) => {
        console.error(line);
      },
    });
    core = activeCore;
    // The window below asks for its first state first (core/first-screen.ts).
    activeCore.expectWindow();
    // A core that cannot open answers `unavailable`: the window says the core is unreachable.
    activeCore.opened.catch((error: unknown) => {
      console.error(`the core could not open: ${error instanceof Error ? error.message : String(error)}`);
    });
    const chosen = new SettingsStore(profileDir).get().language;
    const text = catalogs[chosen === 'system' ? pickLanguage([app.getLocale()]) : chosen].appMenu;
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        appMenuTemplate(text, {
          devTools: launch.devTools,
          mac: process.platform === 'darwin',
          showShortcuts: () => desktop?.command({ type: 'showShortcuts' }),
        }),
      ),
    );
    hardenSession(session.defaultSession);
    serveRenderer(rendererDistDir());

    ipcMain.handle(ELECTRON_INVOKE_CHANNEL, (event, name: unknown, args: unknown) => {
      // Only our own bundle may call the core, never a frame that navigated elsewhere.
      if (!event.senderFrame || !isAppUrl(event.senderFrame.url)) {
        return fail('unauthorized', 'caller is not the Veil window');
      }
      // Save as…: the native dialog belongs to this process; the core only proposes the name.
      // The dialogs' modules check answers against the IPC contract: loaded on first use, so this
      // process does not build every schema of the contract at launch (issue #15, cold start).
      if (name === 'attachments.saveAs')
        return import('./save-attachment').then(({ saveAttachmentWithDialog }) =>
          saveAttachmentWithDialog(
            {
              dispatch: (n, a) => activeCore.dispatch(n, a),
              defaultDir: app.getPath('downloads'),
              chooseFile: async (defaultPath) => {
                const owner = BrowserWindow.fromWebContents(event.sender);
                const r = owner
                  ? await dialog.showSaveDialog(owner, { defaultPath })
                  : await dialog.showSaveDialog({ defaultPath });
                return r.canceled || r.filePath === '' ? undefined : r.filePath;
              },
            },
            args,
          ),
        );
      // Export / import files: the native dialogs, and the file in pieces to or from the core.
      if (name === 'portability.exportSave' || name === 'portability.importChoose') {
        const owner = BrowserWindow.fromWebContents(event.sender) ?? undefined;
        const deps = {
          dispatch: (n: string, a: unknown) => activeCore.dispatch(n, a),
          defaultDir: app.getPath('documents'),
          chooseSavePath: async (defaultPath: string) => {
            const r = owner
              ? await dialog.showSaveDialog(owner, { defaultPath })
              : await dialog.showSaveDialog({ defaultPath });
            return r.canceled || r.filePath === '' ? undefined : r.filePath;
          },
          chooseOpenPath: async () => {
            const options = { properties: ['openFile' as const] };
            const r = owner
              ? await dialog.showOpenDialog(owner, options)
              : await dialog.showOpenDialog(options);
            return r.canceled ? undefined : r.filePaths[0];
          },
        };
        const dialogs = import('./portability-dialogs');
        return name === 'portability.exportSave'
          ? dialogs.then((d) => d.saveExportWithDialog(deps, args))
          : dialogs.then((d) => d.chooseImportWithDialog(deps, args));
      }
      return activeCore.dispatch(name, args);
    });

    const preload = join(fileURLToPath(new URL('.', import.meta.url)), 'preload.cjs');
    window = new BrowserWindow(mainWindowOptions(preload, nativeTheme.shouldUseDarkColors, launch.devTools));
    const win = window;
    const desk = setupDesktop(activeCore, win, process.argv);
    const stopSpellcheck = setupSpellcheck(activeCore, win, () => {
      const lang = new SettingsStore(profileDir).get().language;
      return catalogs[lang === 'system' ? pickLanguage([app.getLocale()]) : lang].spellcheck;
    });
    desktop = desk;
    const unsubscribe = activeCore.subscribe((name, payload) => {
      if (!win.isDestroyed()) win.webContents.send(ELECTRON_EVENT_CHANNEL, name, payload);
    });
    win.once('ready-to-show', () => {
      if (!desk.startHidden) win.show();
    });
    win.on('closed', () => {
      unsubscribe();
      stopSpellcheck();
      desk.dispose();
      desktop = undefined;
      window = undefined;
    });
    void win.loadURL(`${APP_ORIGIN}/index.html`);
  });

  app.on('window-all-closed', () => {
    // Close the database and the network cleanly before quitting: nothing half-written.
    void (async () => {
      await core?.close();
      await resolved?.devnet?.stop();
    })().finally(() => {
      app.quit();
    });
  });
}
