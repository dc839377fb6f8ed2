import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index';
import { VeilCore } from '../../src/main/core/core';
import { startBrowserHost, type BrowserHost } from '../../src/main/host/browser-host';
import { rendererDistDir } from '../../src/main/host/paths';
import { en } from '../../src/shared/i18n/en';
import { fr } from '../../src/shared/i18n/fr';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** What most suites share: a 12-node devnet and one Chromium. */
export interface E2eWorld {
  readonly devnet: Devnet;
  readonly browser: Browser;
}

export async function startWorld(): Promise<E2eWorld> {
  const devnet = await startDevnet({ nodes: 12 });
  const browser = await launchChromium();
  return { devnet, browser };
}

/** A POST to the devnet's control API (rooms, seeded posts, faults) that must succeed: its JSON answer. */
export async function devnetControl(devnet: Devnet, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(new URL(path, devnet.controlUrl), { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`control ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

/** Closes the browser, then each app in turn, then the devnet they ran on. */
export async function stopWorld(world: E2eWorld, apps: readonly RunningApp[] = []): Promise<void> {
  await world.browser.close();
  for (const app of apps) await app.close();
  await world.devnet.stop();
}

/** The two ways most suites run each test: English in the light theme, French in the dark. */
export const VARIANTS = [
  { lang: 'en', locale: 'en-US', dark: false, theme: 'light', catalog: en },
  { lang: 'fr', locale: 'fr-FR', dark: true, theme: 'dark', catalog: fr },
] as const;

/** A suite's world (`useWorld`): the devnet, Chromium, and the apps to close with them. */
export interface SuiteWorld extends E2eWorld {
  /** Apps pushed here (as `startTwoPeople` does) are closed after the suite, even when it fails. */
  readonly apps: RunningApp[];
}

/**
 * Starts the world before the suite's tests (then `setUp`, e.g. a second room on the devnet) and
 * stops it after them with every app in `apps`. Call it in a `describe`; read `devnet` and
 * `browser` inside the tests (they are there once `beforeAll` has run).
 */
export function useWorld(
  options: { readonly setUp?: (world: E2eWorld) => Promise<void>; readonly timeoutMs?: number } = {},
): SuiteWorld {
  let world: E2eWorld | undefined;
  const apps: RunningApp[] = [];
  beforeAll(async () => {
    world = await startWorld();
    await options.setUp?.(world);
  }, options.timeoutMs ?? 90_000);
  afterAll(async () => {
    if (world !== undefined) await stopWorld(world, apps);
  });
  const started = (): E2eWorld => {
    if (world === undefined) throw new Error('the e2e world is read before beforeAll started it');
    return world;
  };
  return {
    get devnet() {
      return started().devnet;
    },
    get browser() {
      return started().browser;
    },
    apps,
  };
}

export interface RunningApp {
  readonly core: VeilCore;
  readonly host: BrowserHost;
  readonly profileDir: string;
  close(): Promise<void>;
}

/** A real core behind a real browser host on a fresh profile, as `npm start` runs it. */
export async function startApp(
  options: {
    readonly displayName?: string;
    readonly profileDir?: string;
    readonly seedUrl?: string;
    /** Shortens the minute after which a tried message is failed. */
    readonly sendFailAfterMs?: number;
  } = {},
): Promise<RunningApp> {
  const profileDir = options.profileDir ?? mkdtempSync(join(tmpdir(), 'veil-e2e-'));
  const core = await VeilCore.open({
    profileDir,
    host: 'browser',
    network: 'devnet',
    ...(options.seedUrl !== undefined
      ? { networkConfig: { seedUrls: [options.seedUrl], localDevnet: true, pollIntervalMs: 100 } }
      : {}),
    ...(options.sendFailAfterMs !== undefined ? { sendFailAfterMs: options.sendFailAfterMs } : {}),
  });
  return serveCore(core, profileDir, options.displayName);
}

/**
 * An opened core behind a real browser host, with an account named `displayName` when one is
 * given; closing it closes both and removes the profile. For suites that open the core their own
 * way (another network config, a log file).
 */
export async function serveCore(
  core: VeilCore,
  profileDir: string,
  displayName?: string,
): Promise<RunningApp> {
  if (displayName !== undefined) {
    const created = await core.dispatcher.dispatch('account.create', { displayName });
    if (!created.ok) throw new Error(`could not create the test account: ${created.error.message}`);
  }
  const host = await startBrowserHost({ core, staticDir: rendererDistDir() });
  return {
    core,
    host,
    profileDir,
    async close() {
      await host.close();
      await core.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

export async function openPage(
  browser: Browser,
  app: Pick<RunningApp, 'host'>,
  options: { locale?: string; dark?: boolean; waitFor?: string } = {},
): Promise<Page> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    colorScheme: options.dark ? 'dark' : 'light',
    viewport: { width: 1200, height: 760 },
    deviceScaleFactor: 1,
  });
  // Record CSP violations from the very first script on: the app must cause none.
  await context.addInitScript(() => {
    const list: string[] = [];
    (window as unknown as { veilCspViolations: string[] }).veilCspViolations = list;
    document.addEventListener('securitypolicyviolation', (e) => {
      list.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  await page.goto(app.host.url);
  await page.getByTestId(options.waitFor ?? 'shell').waitFor();
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** CSP violations the page reported since it loaded. */
export function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { veilCspViolations?: string[] }).veilCspViolations ?? []);
}

/** The Session ID of an app's account (created by `startApp({ displayName })`). */
export function sessionIdOf(app: RunningApp): string {
  const s = app.core.account.status();
  if (s.state !== 'ready') throw new Error('no account');
  return s.sessionId;
}

/** Waits until the path indicator says the onion paths are up. */
export async function waitConnected(page: Page): Promise<void> {
  await expect
    .poll(() => page.getByTestId('path-indicator').getAttribute('data-state'), { timeout: 30_000 })
    .toBe('connected');
}
