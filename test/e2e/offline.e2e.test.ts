import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, screenshot, startApp, type RunningApp } from './harness';

/** No seed answers (as with mainnet on a machine without internet): a clear, translated message. */
describe('network unreachable', () => {
  let browser: Browser;
  let app: RunningApp;

  beforeAll(async () => {
    browser = await launchChromium();
    app = await startApp({ displayName: 'Hors Ligne', seedUrl: 'http://127.0.0.1:9/' });
  });
  afterAll(async () => {
    await browser.close();
    await app.close();
  });

  for (const lang of ['en', 'fr'] as const) {
    it(`says the network cannot be reached, in words (${lang})`, async () => {
      const page = await openPage(browser, app, { locale: lang === 'fr' ? 'fr-FR' : 'en-US' });
      await expect
        .poll(() => page.getByTestId('path-indicator').getAttribute('data-state'), { timeout: 30_000 })
        .toBe('offline');
      await page.getByTestId('path-indicator').click();
      const reason = await page.getByTestId('network-reason').textContent();
      expect(reason).toMatch(lang === 'fr' ? /injoignable|connexion/ : /reach|connection/);
      expect(reason).not.toMatch(/Error|at |\.ts/);
      await screenshot(page, `network-${lang}-offline`);
      await page.context().close();
    }, 60_000);
  }
});
