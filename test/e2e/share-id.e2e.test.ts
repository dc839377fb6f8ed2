/**
 * Issue 21 item 4: our Account ID shared as a plain-text line (no link scheme) in the page's
 * language, and its QR code saved as a PNG that decodes back to the ID. EN light, FR dark.
 */
import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cspViolations,
  launchChromium,
  openPage,
  screenshot,
  sessionIdOf,
  startApp,
  type RunningApp,
} from './harness';

describe('sharing our Account ID', () => {
  let browser: Browser;
  const apps: RunningApp[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser.close();
    for (const a of apps) await a.close();
  });

  for (const { lang, dark, line } of [
    { lang: 'en', dark: false, line: (id: string) => `Add me on Session: ${id}` },
    { lang: 'fr', dark: true, line: (id: string) => `Ajoutez-moi sur Session\u202f: ${id}` },
  ] as const) {
    it(`copies the share line and saves the QR as a PNG (${lang}, ${dark ? 'dark' : 'light'})`, async () => {
      const app = await startApp({ displayName: 'Alice Martin' });
      apps.push(app);
      const id = sessionIdOf(app);
      const page = await openPage(browser, app, { locale: lang === 'fr' ? 'fr-FR' : 'en-US', dark });
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.host.url });
      await page.keyboard.press('Control+3');
      await page.getByTestId('settings-account').click();
      await page.getByTestId('copy-share-line').click();
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(line(id));
      await screenshot(page, `share-id-${lang}-${dark ? 'dark' : 'light'}`);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('save-qr').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^veil-account-id-05[0-9a-f]{8}\.png$/);
      const png = PNG.sync.read(readFileSync(await download.path()));
      expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(id);
      expect(await cspViolations(page)).toEqual([]);
      await page.context().close();
    });
  }
});
