/**
 * Issue #20 item 5 in the app (browser host, Chromium): Settings → Export / import writes the
 * profile with a progress bar and hands it to the browser's download; a new profile's welcome
 * screen offers "Import a profile", refuses the wrong password with a clear message and nothing
 * written, then imports and opens the same account with its conversation. English light and
 * French dark, each screenshot also in the other scheme.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSeed16, identityFromSeed } from '../../src/crypto/keys';
import { launchChromium, openPage, screenshot, startApp, type RunningApp } from './harness';

const PASSWORD = 'export-passw0rd';

async function shots(page: Page, name: string, dark: boolean): Promise<void> {
  await screenshot(page, `${name}-${dark ? 'dark' : 'light'}`);
  await page.emulateMedia({ colorScheme: dark ? 'light' : 'dark' });
  await screenshot(page, `${name}-${dark ? 'light' : 'dark'}`);
  await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
}

describe('export and import in the app', () => {
  let browser: Browser;
  const apps: RunningApp[] = [];
  const downloads = mkdtempSync(join(tmpdir(), 'veil-e2e-dl-'));

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
    for (const a of apps) await a.close();
    rmSync(downloads, { recursive: true, force: true });
  });

  for (const { locale, lang, dark } of [
    { locale: 'en-US', lang: 'en', dark: false },
    { locale: 'fr-FR', lang: 'fr', dark: true },
  ]) {
    it(`exports from Settings and imports on a new profile's welcome screen (${lang})`, async () => {
      const source = await startApp({ displayName: 'Camille' });
      apps.push(source);
      // A conversation with a message in it (offline: it stays in the history as not sent).
      const peer = identityFromSeed(generateSeed16()).sessionId;
      const opened = await source.core.dispatch('conversations.open', { sessionId: peer });
      expect(opened.ok).toBe(true);
      // Files as a profile has them (many, up to 10 MB each): the export takes long enough to watch.
      const stagedIds: string[] = [];
      for (let i = 0; i < 3; i++) {
        const staged = await source.core.dispatch('attachments.stage', {
          fileName: `scan-${i}.bin`,
          contentType: 'application/octet-stream',
          data: randomBytes(4_000_000).toString('base64'),
        });
        if (!staged.ok) throw new Error(staged.error.message);
        stagedIds.push((staged.value as { stagedId: string }).stagedId);
      }
      const sent = await source.core.dispatch('messages.send', {
        conversationId: peer,
        body: 'Rendez-vous à midi',
        attachments: stagedIds,
      });
      expect(sent.ok).toBe(true);

      const page = await openPage(browser, source, { locale, dark });
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('settings-portability').click();
      await page.getByTestId('portability-page').waitFor();
      await shots(page, `portability-${lang}-1-settings`, dark);

      // Too short, then two different passwords: refused before anything starts.
      await page.getByTestId('export-password').fill('abc');
      await page.getByTestId('export-password-repeat').fill('abc');
      await page.getByTestId('export-start').click();
      await page.getByTestId('export-error').waitFor();
      await page.getByTestId('export-password').fill(PASSWORD);
      await page.getByTestId('export-password-repeat').fill(`${PASSWORD}!`);
      await page.getByTestId('export-start').click();
      await expect.poll(() => page.getByTestId('export-error').textContent()).toBeTruthy();

      await page.getByTestId('export-password-repeat').fill(PASSWORD);
      await page.getByTestId('export-start').click();
      // Argon2id takes a moment: the bar is there meanwhile, with Cancel.
      await page.getByTestId('export-progress').waitFor();
      // A fast machine may finish before a percentage is shown: done counts as progress too.
      const percent = async () => {
        if (await page.getByTestId('export-ready').isVisible()) return 100;
        const shown = page.getByTestId('export-progress-percent');
        if ((await shown.count()) === 0) return 0;
        return Number.parseInt((await shown.textContent({ timeout: 1_000 })) ?? '0', 10);
      };
      await expect
        .poll(percent, {
          timeout: 60_000,
          interval: 50,
        })
        .toBeGreaterThan(0);
      await shots(page, `portability-${lang}-2-exporting`, dark);
      await page.getByTestId('export-ready').waitFor({ timeout: 60_000 });
      await shots(page, `portability-${lang}-3-ready`, dark);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('export-save').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^veil-profile-\d{4}-\d{2}-\d{2}\.veilexport$/);
      const file = join(downloads, `${lang}.veilexport`);
      await download.saveAs(file);
      await page.getByTestId('export-saved').waitFor();
      const bytes = readFileSync(file);
      expect(bytes.subarray(0, 8).toString('ascii')).toBe('VEILEXPT');
      expect(bytes.indexOf(Buffer.from('Rendez-vous'))).toBe(-1);
      // Saved: the copy inside the profile is gone.
      await expect.poll(() => readdirCount(join(source.profileDir, 'transfers'))).toBe(0);

      const target = await startApp();
      apps.push(target);
      const welcome = await openPage(browser, target, { locale, dark, waitFor: 'onboarding-welcome' });
      await shots(welcome, `portability-${lang}-4-welcome`, dark);
      await welcome.getByTestId('start-import').click();
      await welcome.getByTestId('import-step').waitFor();
      await welcome.getByTestId('import-file-input').setInputFiles(file);
      await expect
        .poll(() => welcome.getByTestId('import-file-name').textContent())
        .toBe(`${lang}.veilexport`);
      await welcome.getByTestId('import-password').fill('not the password');
      await welcome.getByTestId('import-start').click();
      await welcome.getByTestId('import-error').waitFor({ timeout: 60_000 });
      expect(await welcome.getByTestId('import-error').textContent()).toMatch(
        lang === 'en' ? /password is wrong/ : /mot de passe est faux/,
      );
      expect(target.core.account.status().state).toBe('none');
      await shots(welcome, `portability-${lang}-5-wrong-password`, dark);

      await welcome.getByTestId('import-password').fill(PASSWORD);
      await welcome.getByTestId('import-start').click();
      await welcome.getByTestId('shell').waitFor({ timeout: 60_000 });
      const status = target.core.account.status();
      expect(status).toMatchObject({ state: 'ready', displayName: 'Camille' });
      expect(status.state === 'ready' ? status.sessionId : '').toBe(source.core.account.show().sessionId);
      const found = await target.core.dispatch('messages.search', { text: 'midi' });
      expect(JSON.stringify(found)).toContain('Rendez-vous à midi');
      // The conversation is in the list.
      await welcome.getByTestId('nav-conversations').click();
      await welcome.getByText('Rendez-vous à midi').first().waitFor({ timeout: 10_000 });
      await shots(welcome, `portability-${lang}-6-imported`, dark);
    }, 240_000);
  }
});

function readdirCount(dir: string): number {
  return existsSync(dir) ? readdirSync(dir).length : 0;
}
