import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../devnet/index';
import type { Contact } from '../../src/shared/ipc/messaging';
import {
  openPage,
  screenshot,
  sessionIdOf,
  startApp,
  startWorld,
  stopWorld,
  type RunningApp,
} from './harness';

// Issue #14: what a new user (and a hostile sender) hit in the conversation screens.

/** Each letter under 30 combining marks, above and below ("Zalgo" text). */
const ZALGO = ['H', 'E', 'L', 'L', 'O']
  .map(
    (ch, i) =>
      ch + Array.from({ length: 30 }, (_, k) => String.fromCodePoint(0x300 + ((i * 7 + k) % 0x70))).join(''),
  )
  .join('');

/** True when every pixel of the region is the same colour (nothing was drawn there). */
async function blank(
  page: Page,
  clip: { x: number; y: number; width: number; height: number },
): Promise<boolean> {
  const png = PNG.sync.read(await page.screenshot({ clip }));
  const first = png.data.readUInt32BE(0);
  for (let i = 0; i < png.data.length; i += 4) if (png.data.readUInt32BE(i) !== first) return false;
  return true;
}

/** Width of the search field's placeholder text against the room the field gives it. */
async function placeholderFits(page: Page): Promise<{ text: number; room: number }> {
  return page.locator('.search-field input').evaluate((el) => {
    const input = el as HTMLInputElement;
    const style = getComputedStyle(input);
    const ctx = document.createElement('canvas').getContext('2d');
    if (!ctx) throw new Error('no canvas');
    ctx.font = style.font;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return { text: ctx.measureText(input.placeholder).width, room };
  });
}

describe('conversation screens: hostile text, block confirmation, search', () => {
  let devnet: Devnet;
  let browser: Browser;
  let alice: RunningApp;
  let bob: RunningApp;
  let aliceId: string;

  beforeAll(async () => {
    ({ devnet, browser } = await startWorld());
    alice = await startApp({ displayName: 'Alice Zalgo', seedUrl: devnet.seedUrl });
    bob = await startApp({ displayName: 'Bob', seedUrl: devnet.seedUrl });
    aliceId = sessionIdOf(alice);
    const bobId = sessionIdOf(bob);
    const opened = await alice.core.dispatcher.dispatch('conversations.open', { sessionId: bobId });
    expect(opened.ok).toBe(true);
    const sent = await alice.core.dispatcher.dispatch('messages.send', {
      conversationId: bobId,
      body: ZALGO,
    });
    expect(sent.ok).toBe(true);
  }, 90_000);
  afterAll(() => stopWorld({ devnet, browser }, [alice, bob]));

  for (const { locale, lang, dark } of [
    { locale: 'en-US', lang: 'en', dark: false },
    { locale: 'fr-FR', lang: 'fr', dark: true },
    { locale: 'en-US', lang: 'en', dark: true },
    { locale: 'fr-FR', lang: 'fr', dark: false },
  ]) {
    const name = `${lang}-${dark ? 'dark' : 'light'}`;
    it(`keeps combining marks inside the bubble, fits the search placeholder and says when search finds nothing (${name})`, async () => {
      const page = await openPage(browser, bob, { locale, dark });
      const fit = await placeholderFits(page);
      expect(fit.text).toBeLessThanOrEqual(fit.room);

      await page.getByTestId('requests-banner').click({ timeout: 30_000 });
      await page.getByTestId(`conversation-${aliceId}`).click();
      const bubble = page.getByTestId('message').first();
      await bubble.waitFor();
      const box = await bubble.boundingBox();
      if (!box) throw new Error('no bubble');
      // The strips just above and below the bubble (past its shadow) stay empty.
      expect(await blank(page, { x: box.x, y: box.y - 9, width: box.width, height: 6 })).toBe(true);
      expect(await blank(page, { x: box.x, y: box.y + box.height + 4, width: box.width, height: 6 })).toBe(
        true,
      );
      await screenshot(page, `hardening-${name}-1-zalgo`);

      const search = page.locator('.search-field input');
      await search.fill('nobody-by-that-name');
      const empty = page.getByTestId('search-empty');
      await expect.poll(() => empty.textContent()).toContain('nobody-by-that-name');
      expect(await empty.textContent()).toMatch(lang === 'fr' ? /^Aucun résultat pour/ : /^No results for/);
      await screenshot(page, `hardening-${name}-2-search-empty`);
      await search.fill('alice');
      await page.getByTestId(`conversation-${aliceId}`).waitFor();
      expect(await empty.count()).toBe(0);

      // No keychain here (the browser host has none): Settings → Account says so.
      await page.keyboard.press('Control+3');
      await page.getByTestId('settings-account').click();
      const note = page.getByTestId('no-keychain');
      await note.waitFor();
      expect(await note.textContent()).toMatch(lang === 'fr' ? /^Aucun trousseau/ : /^No keychain/);
      await screenshot(page, `hardening-${name}-3-no-keychain`);
      await page.context().close();
    }, 90_000);
  }

  async function blocked(): Promise<boolean> {
    const r = await bob.core.dispatcher.dispatch('contacts.list', {});
    if (!r.ok) throw new Error(r.error.message);
    return (r.value as Contact[]).some((c) => c.sessionId === aliceId && c.blocked);
  }

  for (const { locale, lang, dark } of [
    { locale: 'fr-FR', lang: 'fr', dark: false },
    { locale: 'en-US', lang: 'en', dark: true },
  ]) {
    it(`asks before blocking; Esc and Cancel keep the contact (${lang}, ${dark ? 'dark' : 'light'})`, async () => {
      const page = await openPage(browser, bob, { locale, dark });
      await page.getByTestId('requests-banner').click({ timeout: 30_000 });
      await page.getByTestId(`conversation-${aliceId}`).click();
      const dialog = page.getByTestId('block-confirm');

      await page.getByTestId('request-block').click();
      await dialog.waitFor();
      expect(await dialog.getAttribute('open')).not.toBeNull();
      expect(await page.getByRole('dialog').getAttribute('aria-labelledby')).toBeTruthy();
      // Cancel has the focus: Enter on an unread dialog cancels.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
        'confirm-cancel',
      );
      await screenshot(page, `hardening-block-${lang}-${dark ? 'dark' : 'light'}`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      await page.getByTestId('request-block').click();
      await dialog.waitFor();
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'detached' });
      expect(await blocked()).toBe(false);

      if (lang === 'en') {
        // Tab reaches Block; only then does it block.
        await page.getByTestId('request-block').click();
        await dialog.waitFor();
        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
        await expect.poll(blocked).toBe(true);
        await expect.poll(() => page.getByTestId(`conversation-${aliceId}`).count()).toBe(0);
      }
      await page.context().close();
    }, 90_000);
  }
});
