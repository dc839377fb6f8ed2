/**
 * Issue #20 items 4 and 7 in the window: Settings → Network sets a SOCKS5 proxy; a dead one shows
 * the error naming it and the network stays offline (never direct); a working one (started here)
 * carries the connections again at once; bad input is refused in the form. Settings → Language
 * chooses the spell-check languages. Screenshots in English and French.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../devnet/index';
import { deadPort, startSocksServer, type TestSocksServer } from '../main/network/socks-server';
import {
  openPage,
  screenshot,
  startApp,
  startWorld,
  stopWorld,
  waitConnected,
  type RunningApp,
} from './harness';

describe('Settings → Network: the proxy', () => {
  let devnet: Devnet;
  let browser: Browser;
  const apps: RunningApp[] = [];
  let proxy: TestSocksServer;

  beforeAll(async () => {
    ({ devnet, browser } = await startWorld());
    proxy = await startSocksServer();
  });
  afterAll(async () => {
    await proxy.close();
    await stopWorld({ devnet, browser }, apps);
  });

  for (const lang of ['en', 'fr'] as const) {
    it(`sets a dead proxy (error naming it), then a working one, in ${lang}`, async () => {
      const app = await startApp({ displayName: 'Proxy user', seedUrl: devnet.seedUrl });
      apps.push(app);
      const page = await openPage(browser, app, {
        locale: lang === 'fr' ? 'fr-FR' : 'en-US',
        dark: lang === 'fr',
      });
      await waitConnected(page);
      await page.keyboard.press('Control+3');
      await page.getByTestId('settings-network').click();
      await expect.poll(() => page.getByTestId('proxy-in-use').textContent()).toMatch(/direct|directes/);

      // Bad input is refused before anything is saved.
      await page.getByTestId('proxy-mode-socks5').check();
      await page.getByTestId('proxy-host').fill('127.0.0.1');
      await page.getByTestId('proxy-port').fill('70000');
      await page.getByTestId('proxy-save').click();
      await page.getByTestId('proxy-error-port').waitFor();

      const dead = await deadPort();
      await page.getByTestId('proxy-port').fill(String(dead));
      await page.getByTestId('proxy-save').click();
      await page.getByTestId('proxy-saved').waitFor();
      await expect.poll(() => page.getByTestId('proxy-in-use').textContent()).toContain(`127.0.0.1:${dead}`);
      // The old direct paths may still answer a moment; the next connections go to the dead proxy.
      await app.core.network?.stop();
      void app.core.network?.start();
      await expect
        .poll(() => page.getByTestId('network-reason').textContent(), { timeout: 30_000 })
        .toContain(`127.0.0.1:${dead}`);
      // The reason and the state are two renders: the state may follow a moment later.
      await expect
        .poll(() => page.getByTestId('network-state').getAttribute('class'), { timeout: 30_000 })
        .toContain('path-offline');
      await page.getByTestId('network-reason').scrollIntoViewIfNeeded();
      await screenshot(page, `settings-${lang}-proxy-dead`);

      const before = proxy.connections;
      await page.getByTestId('proxy-port').fill(String(proxy.port));
      await page.getByTestId('proxy-save').click();
      await expect
        .poll(() => page.getByTestId('network-state').getAttribute('class'), { timeout: 60_000 })
        .toContain('path-connected');
      expect(proxy.connections).toBeGreaterThan(before);
      expect(app.core.http.proxy()).toEqual({ host: '127.0.0.1', port: proxy.port });
      await screenshot(page, `settings-${lang}-proxy-working`);

      // Spell-check languages, through the settings.
      await page.getByTestId('settings-language').click();
      await page.getByTestId('spellcheck-fr').uncheck();
      await expect
        .poll(() => app.core.dispatch('settings.get', {}))
        .toMatchObject({
          ok: true,
          value: { spellcheckLanguages: ['en'] },
        });
      await screenshot(page, `settings-${lang}-spellcheck`);
      await page.context().close();
    });
  }
});
