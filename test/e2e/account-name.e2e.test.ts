/**
 * Issue 14 item 5 in the window: Settings → Account changes the display name after onboarding
 * (main refuses empty and over-long names, whatever the page sends) and sets a picture on a
 * devnet known only by its seed URL, as `--network <seed URL>` opens it. English and French,
 * light and dark.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../devnet/index';
import { VeilCore } from '../../src/main/core/core';
import { resolveNetwork } from '../../src/main/core/network-config';
import { catalogs } from '../../src/shared/i18n';
import {
  cspViolations,
  openPage,
  screenshot,
  serveCore,
  startWorld,
  stopWorld,
  type RunningApp,
} from './harness';

/** The app as `veil --network <seed URL> host` runs it: only the seed URL is known. */
async function startOnSeed(devnet: Devnet, displayName: string): Promise<RunningApp> {
  const profileDir = mkdtempSync(join(tmpdir(), 'veil-e2e-name-'));
  const { config } = await resolveNetwork(devnet.seedUrl, profileDir, {});
  const core = await VeilCore.open({
    profileDir,
    host: 'browser',
    network: devnet.seedUrl,
    networkConfig: { ...config, localDevnet: true, pollIntervalMs: 100 },
  });
  return serveCore(core, profileDir, displayName);
}

function picture(): Buffer {
  const size = 200;
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) {
    const [x, y] = [i % size, Math.floor(i / size)];
    png.data.set([40 + x, 90 + y / 2, 200 - x / 2, 255], i * 4);
  }
  return PNG.sync.write(png);
}

async function saveName(page: Page, name: string): Promise<void> {
  await page.getByTestId('name-input').fill(name);
  await page.getByTestId('name-save').click();
}

describe('Settings → Account: display name and picture after onboarding', () => {
  let browser: Browser;
  let devnet: Devnet;

  beforeAll(async () => {
    ({ devnet, browser } = await startWorld());
  }, 60_000);
  afterAll(() => stopWorld({ devnet, browser }));

  for (const lang of ['en', 'fr'] as const) {
    it(`changes the name (1–100 characters, checked by main) and sets a picture (${lang})`, async () => {
      const text = catalogs[lang];
      const app = await startOnSeed(devnet, 'Alice Martin');
      try {
        const page = await openPage(browser, app, { locale: lang === 'fr' ? 'fr-FR' : 'en-US' });
        await page.keyboard.press('Control+3');
        await page.getByTestId('settings-account').click();
        const card = page.getByTestId('name-card');
        expect(await card.getByTestId('name-value').textContent()).toBe('Alice Martin');
        await card.getByTestId('name-edit').click();
        expect(await card.getByTestId('name-input').inputValue()).toBe('Alice Martin');

        await saveName(page, '   ');
        expect(await card.getByTestId('name-error').textContent()).toBe(text.reasons.name.empty);
        // The page does not count; main does, and says why in the user's language.
        await saveName(page, 'é'.repeat(101));
        await expect
          .poll(() => card.getByTestId('name-error').textContent())
          .toBe(text.reasons.name['too-long'].replace('{{max}}', '100'));
        await screenshot(page, `account-name-${lang}-1-too-long`);
        expect(app.core.account.show().displayName).toBe('Alice Martin');

        await saveName(page, '  Alice Dupont  ');
        await card.getByTestId('name-saved').waitFor();
        expect(await card.getByTestId('name-value').textContent()).toBe('Alice Dupont');
        expect(await page.getByTestId('account-heading').textContent()).toBe('Alice Dupont');
        expect(app.core.account.show().displayName).toBe('Alice Dupont');

        // A picture, on a network whose file server only its seed names.
        await page.getByTestId('avatar-file').setInputFiles({
          name: 'face.png',
          mimeType: 'image/png',
          buffer: picture(),
        });
        await page.getByTestId('avatar-status').waitFor({ timeout: 30_000 });
        expect(await page.getByTestId('avatar-error').count()).toBe(0);
        await page.getByTestId('avatar-card').getByTestId('avatar-picture').waitFor();
        await screenshot(page, `account-name-${lang}-2-saved-light`);
        await page.emulateMedia({ colorScheme: 'dark' });
        await screenshot(page, `account-name-${lang}-3-saved-dark`);

        // Hostile text in one's own name is text: no element, no reordering of our words.
        await card.getByTestId('name-edit').click();
        const hostile = '<img src=x onerror=alert(1)>\u202eevil';
        await saveName(page, hostile);
        await card.getByTestId('name-saved').waitFor();
        expect(await card.getByTestId('name-value').textContent()).toBe(hostile);
        expect(await card.locator('img').count()).toBe(0);

        // After a reload the name is the one main kept.
        await page.reload();
        await page.getByTestId('shell').waitFor();
        await page.keyboard.press('Control+3');
        await page.getByTestId('settings-account').click();
        expect(await page.getByTestId('name-value').textContent()).toBe(hostile);
        expect(await cspViolations(page)).toEqual([]);
        await page.context().close();
      } finally {
        await app.close();
      }
    }, 120_000);
  }
});
