/**
 * Where focus goes after an action taken from the keyboard, in a conversation: a newcomer using
 * Tab/Enter/Escape was left on <body> (focus at the top of the page, the next Tab from the skip
 * link) after Copy text or Message info from a message's menu, after cancelling or confirming
 * "Delete for everyone?", and after sending or cancelling a voice message; Enter pressed right
 * after pasting an Account ID did nothing. Each step below failed before its fix.
 *
 * Accept's answer moves focus to the composer only if focus was lost with the Accept button: a
 * user who went on to the search field before the answer came (CI, session 13) kept typing into
 * nothing, the composer having taken the focus mid-word.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page, type Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index';
import { spokenWav } from './attachment-fixtures';
import { CHROMIUM_ARGS, openPage, stopWorld, waitConnected, type RunningApp } from './harness';
import { startTwoPeople } from './people';

/** The focused element's test id, "body" when focus fell to the page. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return 'body';
    return e.getAttribute('data-testid') ?? e.tagName.toLowerCase();
  });

const bubble = (page: Page, text: string) =>
  page.getByTestId('message').filter({ has: page.locator('.bubble-body', { hasText: text }) });

describe('keyboard focus after message actions', () => {
  let browser: Browser;
  let devnet: Devnet;
  let dir: string;
  const apps: RunningApp[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'veil-focus-e2e-'));
    const wav = join(dir, 'voice.wav');
    writeFileSync(wav, spokenWav(3));
    devnet = await startDevnet({ nodes: 12 });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [
        ...CHROMIUM_ARGS,
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-audio-capture=${wav}`,
      ],
    });
  }, 90_000);
  afterAll(async () => {
    await stopWorld({ devnet, browser }, apps);
    rmSync(dir, { recursive: true, force: true });
  });

  it('stays on the message or the composer, and Enter right after pasting an ID opens it', async () => {
    const { alice, bobId } = await startTwoPeople(devnet, apps, { files: true });
    const a = await openPage(browser, alice);
    await waitConnected(a);
    const kb = a.keyboard;

    // New conversation: the whole ID at once, then Enter before its check has come back (the
    // check is held back a second, as on a busy computer).
    const slowCheck = async (route: Route) => {
      if (route.request().postData()?.includes('"sessionId.check"') === true) {
        await new Promise((r) => setTimeout(r, 1000));
      }
      await route.continue();
    };
    await a.route('**/api/invoke', slowCheck);
    await a.getByTestId('new-conversation-button').click();
    await a.getByTestId('new-session-id').fill(bobId);
    await a.getByTestId('new-session-id').press('Enter');
    await expect.poll(() => a.getByTestId('new-conversation').count(), { timeout: 10_000 }).toBe(0);
    await a.getByTestId(`conversation-${bobId}`).waitFor();
    await a.unroute('**/api/invoke', slowCheck);

    const text = 'Focus stays with me';
    await a.getByTestId('composer').fill(text);
    await a.getByTestId('composer').press('Enter');
    const mine = bubble(a, text);
    await expect.poll(() => mine.getAttribute('data-status'), { timeout: 45_000 }).toBe('sent');

    // The message's menu from the keyboard: Copy text, then Message info closed with Escape.
    const menuItem = async (testId: string) => {
      await mine.focus();
      await kb.press('Shift+F10');
      await a.getByTestId('context-menu').waitFor();
      await a.getByTestId(testId).focus();
      await kb.press('Enter');
    };
    await menuItem('copy');
    await expect.poll(() => focused(a)).toBe('message');
    await menuItem('info');
    await a.getByTestId('message-info').waitFor();
    await kb.press('Escape');
    await expect.poll(() => a.getByTestId('message-info').count()).toBe(0);
    await expect.poll(() => focused(a)).toBe('message');

    // Delete for everyone: Escape on the question, then the message once more.
    await menuItem('unsend');
    await a.getByTestId('unsend-confirm').waitFor();
    expect(await focused(a)).toBe('confirm-cancel');
    await kb.press('Escape');
    await expect.poll(() => a.getByTestId('unsend-confirm').count()).toBe(0);
    await expect.poll(() => focused(a)).toBe('message');
    expect(await mine.count()).toBe(1);

    // A voice message: Escape cancels, Enter on Send sends; the text field has the focus again.
    await a.getByTestId('voice-record').focus();
    await kb.press('Enter');
    await a.getByTestId('voice-recording').waitFor();
    await kb.press('Escape');
    await expect.poll(() => focused(a), { timeout: 10_000 }).toBe('composer');
    await a.getByTestId('voice-record').focus();
    await kb.press('Enter');
    await expect
      .poll(() => a.getByTestId('voice-timer').textContent(), { timeout: 10_000 })
      .toMatch(/^0:0[1-9]/);
    expect(await focused(a)).toBe('voice-send');
    await kb.press('Enter');
    await expect.poll(() => focused(a), { timeout: 20_000 }).toBe('composer');
    await a.getByTestId('voice-message').last().waitFor({ timeout: 30_000 });

    // Confirming Delete for everyone leaves focus on what is now "This message was deleted".
    await menuItem('unsend');
    await a.getByTestId('unsend-confirm').getByTestId('confirm-accept').click();
    await expect.poll(() => focused(a)).toBe('message');
  }, 240_000);

  it('leaves focus where the user went while Accept was on its way', async () => {
    const { alice, bob, aliceId, bobId } = await startTwoPeople(devnet, apps);
    await alice.core.dispatcher.dispatch('conversations.open', { sessionId: bobId });
    await alice.core.dispatcher.dispatch('messages.send', { conversationId: bobId, body: 'Bonjour' });
    const b = await openPage(browser, bob);
    await waitConnected(b);
    await b.getByTestId('requests-banner').click({ timeout: 45_000 });
    await b.getByTestId(`conversation-${aliceId}`).click();

    // The answer to Accept is held until the user is in the search field.
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    const holdAccept = async (route: Route) => {
      if (route.request().postData()?.includes('"requests.accept"') === true) await held;
      await route.continue();
    };
    await b.route('**/api/invoke', holdAccept);
    await b.getByTestId('request-accept').click();
    const search = b.locator('.list-pane input[type=search]');
    await search.click();
    await b.keyboard.type('bonj');
    release();
    await b.getByTestId('composer').waitFor({ timeout: 10_000 });
    // The composer's arrival is when focus would have been taken: give the effect its turn.
    await b.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
    await b.keyboard.type('our');
    expect(await search.inputValue()).toBe('bonjour');
    expect(await b.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('search');
    await b.unroute('**/api/invoke', holdAccept);
  }, 120_000);
});
