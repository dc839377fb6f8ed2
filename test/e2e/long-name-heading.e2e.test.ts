/**
 * Settings → Account's heading is the display name (found by the newcomer check): a name of 100
 * characters with no space (main allows it) ran past the card's right edge, cut off by the page.
 * It must wrap inside the card, in English and French, light and dark.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, screenshot, startApp, VARIANTS, type RunningApp } from './harness';
import { boxOf } from './layout';

const LONG_NAME = 'Bartholomew'.repeat(9); // 99 characters, one word

describe('a long one-word display name in Settings → Account', () => {
  let browser: Browser;
  let app: RunningApp;

  beforeAll(async () => {
    browser = await launchChromium();
    // No network needed for this page: a seed nobody answers keeps the app offline.
    app = await startApp({ displayName: LONG_NAME, seedUrl: 'http://127.0.0.1:9/' });
  }, 60_000);
  afterAll(async () => {
    await browser.close();
    await app.close();
  });

  for (const v of VARIANTS) {
    it(`wraps inside its card (${v.lang}, ${v.theme})`, async () => {
      const page = await openPage(browser, app, { locale: v.locale, dark: v.dark });
      await page.keyboard.press('Control+3');
      await page.getByTestId('settings-account').click();
      const heading = page.getByTestId('account-heading');
      expect(await heading.textContent()).toBe(LONG_NAME);
      const [title, card] = [await boxOf(heading), await boxOf(heading.locator('xpath=..'))];
      await screenshot(page, `long-name-heading-${v.lang}-${v.theme}`);
      expect(title.x + title.width).toBeLessThanOrEqual(card.x + card.width);
      expect(await heading.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
      await page.context().close();
    }, 60_000);
  }
});
