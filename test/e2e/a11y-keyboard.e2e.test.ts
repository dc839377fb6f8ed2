import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../devnet/index';
import { startAppWithFiles } from './people';
import {
  screenshot,
  openPage,
  sessionIdOf,
  startWorld,
  stopWorld,
  waitConnected,
  type RunningApp,
} from './harness';

const SETTINGS = ['account', 'recovery', 'privacy', 'network', 'storage', 'appearance', 'language', 'about'];

/** What has focus, described by its test id, else its tag and class. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    return el.getAttribute('data-testid') ?? `${el.tagName.toLowerCase()}.${el.className}`;
  });
}

/** Presses Tab (or Shift+Tab) until the focused element's test id is `testId`: the keyboard only. */
async function tabTo(page: Page, testId: string, back = false, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await focused(page)) === testId) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${testId} (now on ${await focused(page)})`);
}

describe('the keyboard alone, and what a screen reader is told', () => {
  let browser: Browser;
  let devnet: Devnet;
  let bob: RunningApp;
  let me: RunningApp;
  let page: Page;

  beforeAll(async () => {
    ({ devnet, browser } = await startWorld());
    bob = await startAppWithFiles(devnet, 'Bob Durand');
    await bob.core.dispatcher.dispatch('settings.update', { readReceipts: true });
    me = await startAppWithFiles(devnet);
  }, 90_000);
  afterAll(() => stopWorld({ devnet, browser }, [bob, me]));

  it('creates an account, opens a conversation, sends, replies and visits every setting with keys only', async () => {
    page = await openPage(browser, me, { waitFor: 'onboarding-welcome' });
    const kb = page.keyboard;
    // Each step starts with focus on its heading or its first field, never on <body>.
    expect(await focused(page)).toBe('h1.onboarding-title');
    await tabTo(page, 'start-create');
    await kb.press('Enter');
    expect(await focused(page)).toBe('display-name');
    await kb.type('Camille Petit');
    await kb.press('Enter');
    await page.getByTestId('onboarding-created').waitFor();
    expect(await focused(page)).toBe('h1.onboarding-title');
    await tabTo(page, 'id-next');
    await kb.press('Enter');
    await page.getByTestId('phrase-words').waitFor();
    expect(await focused(page)).toBe('h1.onboarding-title');
    const words = await page.locator('.phrase-text').allTextContents();
    await tabTo(page, 'backup-next');
    await kb.press('Enter');
    await page.getByTestId('confirm-word-0').waitFor();
    expect(await focused(page)).toBe('confirm-word-0');
    // A wrong word first: the error is tied to the fields.
    await kb.type('zzz');
    await kb.press('Enter');
    await page.getByTestId('confirm-error').waitFor();
    expect(await page.getByTestId('confirm-word-0').getAttribute('aria-describedby')).toContain(
      'confirm-error',
    );
    for (const i of [0, 1]) {
      const field = page.getByTestId(`confirm-word-${i}`);
      await tabTo(page, `confirm-word-${i}`, i === 0);
      await kb.press('Control+a');
      await kb.type(words[Number(await field.getAttribute('data-position')) - 1] ?? '');
    }
    await kb.press('Enter');
    await page.getByTestId('shell').waitFor();
    // Entering the main screen: focus on the list's heading.
    expect(await focused(page)).toBe('h1.list-pane-title');
    await waitConnected(page);

    // New: focus into the panel; Escape closes it and returns to the button.
    await tabTo(page, 'new-conversation-button');
    await kb.press('Enter');
    expect(await focused(page)).toBe('new-session-id');
    expect(await page.getByTestId('new-session-id').getAttribute('aria-describedby')).toBe(
      'new-session-id-status',
    );
    await kb.press('Escape');
    expect(await page.getByTestId('new-conversation').count()).toBe(0);
    expect(await focused(page)).toBe('new-conversation-button');

    // Bob writes; the request is opened and accepted from the keyboard; focus lands in the composer.
    const myId = sessionIdOf(me);
    const bobId = sessionIdOf(bob);
    await bob.core.dispatcher.dispatch('conversations.open', { sessionId: myId });
    await bob.core.dispatcher.dispatch('messages.send', { conversationId: myId, body: 'Hi Camille!' });
    await page.getByTestId('requests-banner').waitFor({ timeout: 45_000 });
    await tabTo(page, 'requests-banner', true);
    await kb.press('Enter');
    await tabTo(page, `conversation-${bobId}`);
    await kb.press('Enter');
    await tabTo(page, 'request-accept');
    await kb.press('Enter');
    await page.getByTestId('composer').waitFor();
    await expect.poll(() => focused(page)).toBe('composer');
    await kb.type('Hello Bob, how are you?');
    await kb.press('Enter');
    const mine = page.locator('.message-out [data-testid="message"]');
    await expect
      .poll(() => mine.last().getAttribute('data-status'), { timeout: 60_000 })
      .toMatch(/sent|read/);

    // Messages are one Tab stop: Shift+Tab from the composer reaches the newest, the arrows the others.
    await tabTo(page, 'message', true);
    const tabStops = await page
      .locator('[data-testid="message"]')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('tabindex')}:${e.textContent}`));
    expect(await page.locator(':focus').textContent(), tabStops.join(' | ')).toContain('Hello Bob');
    expect(await page.locator('[data-testid="message"][tabindex="0"]').count()).toBe(1);
    await kb.press('ArrowUp');
    await expect.poll(() => page.locator(':focus').textContent()).toContain('Hi Camille!');
    // Its menu from the keyboard (Shift+F10): Reply, focus back in the composer with the quote.
    await kb.press('Shift+F10');
    await page.getByTestId('context-menu').waitFor();
    await expect.poll(() => focused(page)).toBe('reply');
    await kb.press('Enter');
    await expect.poll(() => focused(page)).toBe('composer');
    await kb.type('Replying to you');
    await kb.press('Enter');
    await expect.poll(() => mine.last().textContent(), { timeout: 30_000 }).toContain('Replying to you');
    await expect
      .poll(() => mine.last().getAttribute('data-status'), { timeout: 60_000 })
      .toMatch(/sent|read/);
    await screenshot(page, 'a11y-keyboard-conversation');

    // Every setting, and back to the conversation.
    await kb.press('Control+3');
    for (const p of SETTINGS) {
      await tabTo(page, `settings-${p}`, p === 'account');
      await kb.press('Enter');
      expect(await page.getByTestId(`settings-${p}`).getAttribute('aria-current')).toBe('page');
    }
    await kb.press('Control+1');
    await tabTo(page, `conversation-${bobId}`, true);
    await kb.press('Enter');
    await expect.poll(() => mine.last().textContent()).toContain('Replying to you');
  }, 240_000);

  it('tells who wrote each message and its status, in words, in the accessibility tree', async () => {
    const myId = sessionIdOf(me);
    // Bob reads: the receipt turns our first message's status to Read.
    const mine = page.locator('.message-out [data-testid="message"]');
    await expect
      .poll(
        async () => {
          await bob.core.dispatcher.dispatch('conversations.markRead', { conversationId: myId });
          return mine.first().getAttribute('data-status');
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toBe('read');
    // Names are wrapped in bidi isolates (invisible, unspoken): compare without them.
    const tree = async (l: ReturnType<Page['locator']>) =>
      (await l.ariaSnapshot()).replace(/[\u2066-\u2069]/g, '');
    const theirs = await tree(page.locator('.message-in [data-testid="message"]').first());
    expect(theirs).toContain('Bob Durand:');
    expect(theirs).toContain('Hi Camille!');
    const ours = await tree(mine.first());
    expect(ours).toContain('You:');
    expect(ours).toMatch(/img "Read"/);
    const last = await tree(mine.last());
    expect(last).toMatch(/img "(Sent|Read)"/);
    // The glyphs themselves are not read ("check mark"): only the words.
    expect(ours).not.toContain('✓');
  }, 120_000);
});
