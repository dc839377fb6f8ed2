import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspViolations, launchChromium, openPage, screenshot, startApp, type RunningApp } from './harness';

/** Collects what must never happen in the app: console errors, CSP violations, page crashes. */
async function watchProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.evaluate(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return problems;
}

describe('app shell', () => {
  let browser: Browser;
  let app: RunningApp;

  beforeAll(async () => {
    browser = await launchChromium();
    app = await startApp({ displayName: 'Alice' });
  });
  afterAll(async () => {
    await browser.close();
    await app.close();
  });

  for (const { locale, lang, dark } of [
    { locale: 'en-US', lang: 'en', dark: false },
    { locale: 'en-US', lang: 'en', dark: true },
    { locale: 'fr-FR', lang: 'fr', dark: false },
    { locale: 'fr-FR', lang: 'fr', dark: true },
  ]) {
    const theme = dark ? 'dark' : 'light';
    it(`walks the three sections in ${lang}, ${theme} (following the OS)`, async () => {
      const page = await openPage(browser, app, { locale, dark });
      const problems = await watchProblems(page);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);

      await expect.poll(() => page.getByTestId('conversations-empty').isVisible()).toBe(true);
      expect(await page.locator('.list-pane-title').textContent()).toBe('Conversations');
      await screenshot(page, `shell-${lang}-${theme}-conversations`);

      await page.getByTestId('nav-contacts').click();
      await expect.poll(() => page.getByTestId('contacts-empty').isVisible()).toBe(true);
      await screenshot(page, `shell-${lang}-${theme}-contacts`);

      await page.getByTestId('nav-settings').click();
      expect(await page.locator('.list-pane-title').textContent()).toBe(
        lang === 'fr' ? 'Paramètres' : 'Settings',
      );
      await screenshot(page, `shell-${lang}-${theme}-settings`);
      await page.getByTestId('settings-about').click();
      expect(await page.getByTestId('about-version').textContent()).toMatch(/^Version \d+\.\d+\.\d+$/);
      await screenshot(page, `shell-${lang}-${theme}-about`);

      expect(problems).toEqual([]);
      expect(await cspViolations(page)).toEqual([]);
      await page.context().close();
    });
  }

  it('is usable from the keyboard: section shortcuts, arrow keys in the rail, visible focus, zoom', async () => {
    const page = await openPage(browser, app);
    const problems = await watchProblems(page);
    await page.keyboard.press('Control+2');
    expect(await page.getByTestId('shell').getAttribute('data-section')).toBe('contacts');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-contacts');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByTestId('shell').getAttribute('data-section')).toBe('settings');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByTestId('shell').getAttribute('data-section')).toBe('conversations');
    // The focused tab shows a visible outline.
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    );
    expect(outline).not.toBe('none');

    const fontSize = () =>
      page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    const base = await fontSize();
    await page.keyboard.press('Control+Equal');
    await expect.poll(fontSize).toBeGreaterThan(base);
    await page.keyboard.press('Control+0');
    await expect.poll(fontSize).toBe(base);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('switches theme and language from Settings, and remembers them', async () => {
    const page = await openPage(browser, app, { locale: 'en-US' });
    await page.keyboard.press('Control+3');
    await page.getByTestId('settings-appearance').click();
    await page.getByTestId('theme-dark').check();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.getByTestId('settings-language').click();
    await page.getByTestId('language-fr').check();
    await expect.poll(() => page.locator('.list-pane-title').textContent()).toBe('Paramètres');
    await screenshot(page, 'shell-settings-language-fr');
    // French typography: a no-break space between the number and “%”.
    await page.getByTestId('settings-appearance').click();
    await expect.poll(() => page.getByTestId('zoom-value').textContent()).toBe('100\u00a0%');
    await screenshot(page, 'shell-settings-appearance-fr');

    const again = await openPage(browser, app, { locale: 'en-US' });
    expect(await again.evaluate(() => document.documentElement.lang)).toBe('fr');
    expect(await again.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await app.core.dispatcher.dispatch('settings.update', { theme: 'system', language: 'system' });
    await page.context().close();
    await again.context().close();
  });

  it('gives the page no Node access and no way to the API without the token', async () => {
    const page = await openPage(browser, app);
    const globals = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return { require: typeof w.require, process: typeof w.process, module: typeof w.module };
    });
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined' });
    // The token left the address bar as soon as the app read it.
    expect(page.url()).not.toContain('token=');
    const status = await page.evaluate(
      async () => (await fetch('/api/invoke', { method: 'POST', body: '{}' })).status,
    );
    expect(status).toBe(401);
    await page.context().close();
  });
});
