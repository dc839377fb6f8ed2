import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Devnet } from '../../devnet/index';
import { VeilCore } from '../../src/main/core/core';
import { openPage, serveCore, sessionIdOf, startApp, waitConnected, type RunningApp } from './harness';

/**
 * The people of the suites where accounts write to each other: Alice Martin and Bruno Lefèvre
 * (an accent in a name, on purpose), and Chloé Petit where a group or community needs a third;
 * each a real core behind a real browser host on the devnet.
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

/** Alice and Bruno, and Chloé Petit: the third account of the group and community suites. */
export interface ThreePeople extends TwoPeople {
  readonly chloe: RunningApp;
  readonly chloeId: string;
}

type PeopleOptions = { readonly files?: boolean };

/** One account on the devnet, pushed onto `apps` at once so `stopWorld` closes it on failure. */
async function startPerson(
  devnet: Devnet,
  apps: RunningApp[],
  displayName: string,
  options: PeopleOptions,
): Promise<RunningApp> {
  const app =
    options.files === true
      ? await startAppWithFiles(devnet, displayName)
      : await startApp({ displayName, seedUrl: devnet.seedUrl });
  apps.push(app);
  return app;
}

/**
 * Alice and Bruno with their accounts, fresh for each call (nothing carried over from another
 * run); `files` gives them the devnet's file server. They are pushed onto `apps`, which the suite
 * hands to `stopWorld`, so they are closed even when the test fails half-way.
 */
export async function startTwoPeople(
  devnet: Devnet,
  apps: RunningApp[],
  options: PeopleOptions = {},
): Promise<TwoPeople> {
  const alice = await startPerson(devnet, apps, 'Alice Martin', options);
  const bob = await startPerson(devnet, apps, 'Bruno Lefèvre', options);
  return { alice, bob, aliceId: sessionIdOf(alice), bobId: sessionIdOf(bob) };
}

/** Alice, Bruno and Chloé, as `startTwoPeople` starts two (accents in two names, on purpose). */
export async function startThreePeople(
  devnet: Devnet,
  apps: RunningApp[],
  options: PeopleOptions = {},
): Promise<ThreePeople> {
  const two = await startTwoPeople(devnet, apps, options);
  const chloe = await startPerson(devnet, apps, 'Chloé Petit', options);
  return { ...two, chloe, chloeId: sessionIdOf(chloe) };
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

/** A window on each of the three apps, like `openBoth`, once each has its onion paths up. */
export async function openThree(
  browser: Browser,
  people: ThreePeople,
  options: { readonly locale: string; readonly dark?: boolean },
): Promise<{ readonly a: Page; readonly b: Page; readonly c: Page }> {
  const { a, b } = await openBoth(browser, people, options);
  const c = await openPage(browser, people.chloe, options);
  await waitConnected(c);
  return { a, b, c };
}

/** A dispatcher call that must succeed: its value, or the error thrown with the call's name. */
export async function call<T>(app: RunningApp, name: string, args: unknown): Promise<T> {
  const r = await app.core.dispatcher.dispatch(name, args);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as T;
}

/**
 * How many entries of the list pane lead to `id` (its conversation row, or any other list of it):
 * a group shows once, as Session shows it, as its conversation.
 */
export async function listPaneEntriesOf(page: Page, id: string): Promise<number> {
  return page.locator('.list-pane').locator(`[data-testid$="-${id}"]`).count();
}

/** The ID of the (only) group in the conversation list of `page`, once its row is there. */
export async function groupIdInList(page: Page): Promise<string> {
  const row = page.locator('.list-pane [data-testid^="conversation-03"]');
  await row.waitFor({ timeout: 60_000 });
  return ((await row.getAttribute('data-testid')) ?? '').replace(/^conversation-/, '');
}

/**
 * Opens a conversation by Account ID from the window, as a user does (New → the ID → Open). A
 * conversation opened and never written to is listed only while it is open (as in Session), so
 * one made by the core alone is not in the list to click.
 */
export async function openById(page: Page, sessionId: string): Promise<void> {
  await page.getByTestId('new-conversation-button').click();
  await page.getByTestId('new-session-id').fill(sessionId);
  await page.getByTestId('new-submit').click();
  await page.getByTestId(`conversation-${sessionId}`).waitFor();
  await page.getByTestId('composer').waitFor();
}
