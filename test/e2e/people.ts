import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Devnet } from '../../devnet/index';
import { VeilCore } from '../../src/main/core/core';
import { openPage, serveCore, sessionIdOf, startApp, waitConnected, type RunningApp } from './harness';

/**
 * The people of the suites where two accounts write to each other: Alice Martin and Bruno Lefèvre
 * (an accent in a name, on purpose), each a real core behind a real browser host on the devnet.
 */

/** An app on the devnet with its file server (attachments can leave), with or without an account. */
export async function startAppWithFiles(devnet: Devnet, displayName?: string): Promise<RunningApp> {
  const profileDir = mkdtempSync(join(tmpdir(), 'veil-e2e-files-'));
  const core = await VeilCore.open({
    profileDir,
    host: 'browser',
    network: 'devnet',
    networkConfig: {
      seedUrls: [devnet.seedUrl],
      localDevnet: true,
      pollIntervalMs: 100,
      fileServer: devnet.fileServer,
    },
  });
  return serveCore(core, profileDir, displayName);
}

export interface TwoPeople {
  readonly alice: RunningApp;
  readonly bob: RunningApp;
  readonly aliceId: string;
  readonly bobId: string;
}

/**
 * Alice and Bruno with their accounts, fresh for each call (nothing carried over from another
 * run); `files` gives them the devnet's file server. They are pushed onto `apps`, which the suite
 * hands to `stopWorld`, so they are closed even when the test fails half-way.
 */
export async function startTwoPeople(
  devnet: Devnet,
  apps: RunningApp[],
  options: { readonly files?: boolean } = {},
): Promise<TwoPeople> {
  const start = (displayName: string) =>
    options.files === true
      ? startAppWithFiles(devnet, displayName)
      : startApp({ displayName, seedUrl: devnet.seedUrl });
  const alice = await start('Alice Martin');
  apps.push(alice);
  const bob = await start('Bruno Lefèvre');
  apps.push(bob);
  return { alice, bob, aliceId: sessionIdOf(alice), bobId: sessionIdOf(bob) };
}

/** A window on each app, in the same language and theme, once each has its onion paths up. */
export async function openBoth(
  browser: Browser,
  people: TwoPeople,
  options: { readonly locale: string; readonly dark?: boolean },
): Promise<{ readonly a: Page; readonly b: Page }> {
  const a = await openPage(browser, people.alice, options);
  const b = await openPage(browser, people.bob, options);
  await waitConnected(a);
  await waitConnected(b);
  return { a, b };
}

/** A dispatcher call that must succeed: its value, or the error thrown with the call's name. */
export async function call<T>(app: RunningApp, name: string, args: unknown): Promise<T> {
  const r = await app.core.dispatcher.dispatch(name, args);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as T;
}
