import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../devnet/index';
import {
  openPage,
  screenshot,
  sessionIdOf,
  startApp,
  startWorld,
  stopWorld,
  type RunningApp,
} from './harness';

/** What the page asked the browser to show, recorded instead of shown (headless has no daemon). */
interface Shown {
  readonly title: string;
  readonly body: string;
}

/**
 * The page behind another window: `document.hasFocus()` false, and a recording Notification
 * with the permission granted. The decision itself is the core's; this checks the whole path.
 */
async function openInBackground(browser: Browser, app: RunningApp): Promise<Page> {
  const page = await openPage(browser, app);
  await page.context().addInitScript(() => {
    const shown: { title: string; body: string; click?: () => void }[] = [];
    (window as unknown as { veilShown: typeof shown }).veilShown = shown;
    document.hasFocus = () => false;
    class Recording {
      static permission = 'granted';
      static requestPermission() {
        return Promise.resolve('granted');
      }
      onclick: (() => void) | null = null;
      constructor(title: string, options: { body: string }) {
        const entry: (typeof shown)[number] = { title, body: options.body };
        entry.click = () => this.onclick?.();
        shown.push(entry);
      }
      close() {
        /* nothing on screen */
      }
    }
    (window as unknown as { Notification: unknown }).Notification = Recording;
  });
  await page.reload();
  await page.getByTestId('shell').waitFor();
  return page;
}

const shown = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { veilShown: Shown[] }).veilShown.map((n) => ({ title: n.title, body: n.body })),
  );

describe('notifications decided by the core, shown by the page', () => {
  let devnet: Devnet;
  let browser: Browser;
  let alice: RunningApp;
  let bob: RunningApp;

  beforeAll(async () => {
    ({ devnet, browser } = await startWorld());
    alice = await startApp({ displayName: 'Alice Notif', seedUrl: devnet.seedUrl });
    bob = await startApp({ displayName: 'Bob Notif', seedUrl: devnet.seedUrl });
  }, 90_000);
  afterAll(async () => {
    await stopWorld({ devnet, browser }, [alice, bob]);
  });

  it('a new message notifies with the title count; a click opens it; a muted conversation stays quiet', async () => {
    const aliceId = sessionIdOf(alice);
    const bobId = sessionIdOf(bob);
    const page = await openInBackground(browser, alice);
    await bob.core.dispatcher.dispatch('conversations.open', { sessionId: aliceId });
    const sent = await bob.core.dispatcher.dispatch('messages.send', {
      conversationId: aliceId,
      body: 'zq-NOTIF première',
    });
    expect(sent.ok).toBe(true);
    await expect
      .poll(() => shown(page), { timeout: 30_000 })
      .toEqual([{ title: 'Bob Notif', body: 'zq-NOTIF première' }]);
    await expect.poll(() => page.title()).toBe('(1) Veil');
    await screenshot(page, 'notifications-1-unread-title');

    // The click opens the conversation (a request, from a stranger).
    await page.evaluate(() => {
      (window as unknown as { veilShown: { click?: () => void }[] }).veilShown[0]?.click?.();
    });
    await page.getByTestId('request-bar').waitFor();
    expect(await page.locator('.conversation-header-title').textContent()).toBe('Bob Notif');
    await page.getByTestId('request-accept').click();

    // Muted for 1 hour: the next message counts as unread but says nothing.
    await page.getByTestId('mute-button').click();
    await page.getByTestId('mute-1h').click();
    await expect.poll(() => page.getByTestId('mute-button').textContent()).toContain('Muted until');
    await page.keyboard.press('Control+2'); // away from the conversation, so it stays unread
    await bob.core.dispatcher.dispatch('messages.send', { conversationId: aliceId, body: 'zq-NOTIF muette' });
    await expect
      .poll(
        async () => {
          const r = await alice.core.dispatcher.dispatch('conversations.list', {});
          return r.ok
            ? (r.value as { id: string; unread: number }[]).find((c) => c.id === bobId)?.unread
            : -1;
        },
        { timeout: 30_000 },
      )
      .toBe(1);
    await expect.poll(() => page.title()).toBe('(1) Veil');
    expect(await shown(page)).toHaveLength(1);

    // Back on, at the "name" level: the sender only, never the text.
    await alice.core.dispatcher.dispatch('conversations.setMute', { conversationId: bobId, mute: 'off' });
    await alice.core.dispatcher.dispatch('settings.update', { notifications: 'name' });
    await bob.core.dispatcher.dispatch('messages.send', {
      conversationId: aliceId,
      body: 'zq-NOTIF secrète',
    });
    await expect
      .poll(() => shown(page), { timeout: 30_000 })
      .toContainEqual({ title: 'Veil', body: 'New message from Bob Notif' });
    expect(JSON.stringify(await shown(page))).not.toContain('secrète');
    await page.context().close();
  });
});
