import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WorkerCore } from '../core-worker/worker-core';
import { proxyFromEnv, resolveNetwork } from '../core/network-config';
import type { SocksProxy } from '../network/proxy';
import { ensureProfileDir } from '../core/profile';
import { startBrowserHost } from '../host/browser-host';
import { openInDefaultBrowser } from '../host/open-browser';
import { openSecretUrl, type PrivateOpen } from '../host/open-private';
import { rendererDistDir } from '../host/paths';
import type { CliIo } from './context';
import { UsageError } from './context';
import { fillCatalog } from './id-words';

export interface HostCommandOptions {
  readonly profileDir: string;
  readonly network: string;
  /** `--proxy` (VEIL_PROXY is read where the network is resolved). */
  readonly proxy?: SocksProxy;
  readonly port: number;
  readonly open: boolean;
  /** Why the window is not used, shown to the user (empty when the host was asked for directly). */
  readonly reason?: string;
}

/** Runs Veil behind the browser host until SIGINT/SIGTERM/SIGHUP. */
export async function runBrowserHost(io: CliIo, options: HostCommandOptions): Promise<void> {
  const staticDir = rendererDistDir();
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new UsageError(io.words.cliErrors.notBuilt);
  }
  const profileDir = ensureProfileDir(options.profileDir);
  const { config, devnet } = await resolveNetwork(
    options.network,
    profileDir,
    process.env,
    options.proxy ?? proxyFromEnv(process.env),
  );
  // The core runs in a worker thread: the host's thread only serves pages, calls and events.
  // It opens while the page loads (calls wait for it): the window never waits for the core.
  const core = WorkerCore.launch({
    networkConfig: config,
    profileDir,
    host: 'browser',
    network: options.network,
    openExternal: async (url) => {
      await openInDefaultBrowser(url);
    },
    log: (line) => {
      io.err(line);
    },
  });
  let launch: PrivateOpen | undefined;
  const host = await startBrowserHost({
    core,
    staticDir,
    port: options.port,
    onAuthorised: () => launch?.done(),
  });
  const words = io.words.cliHost;
  io.out(
    options.reason ? fillCatalog(words.browserModeBecause, { reason: options.reason }) : words.browserMode,
  );
  // The user's own terminal may show the token; nothing else may (see open-private.ts).
  io.out(fillCatalog(words.runningAt, { url: host.url }));
  io.out(fillCatalog(words.profile, { dir: core.profileDir }));
  if (devnet) io.out(fillCatalog(words.embeddedDevnet, { seed: devnet.seedUrl }));
  else io.out(fillCatalog(words.network, { network: options.network }));
  if (options.open) {
    launch = await openSecretUrl(host.url);
    if (!launch.opened) io.out(words.noBrowser);
  }
  try {
    await core.opened;
  } catch (error) {
    // The page says the core is unreachable; the command says why and stops.
    launch?.done();
    await host.close();
    await devnet?.stop();
    throw error;
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // A closed terminal: stop as cleanly (profile closed, embedded devnet stopped).
    process.once('SIGHUP', stop);
  });
  launch?.done();
  await host.close();
  await core.close();
  await devnet?.stop();
}
