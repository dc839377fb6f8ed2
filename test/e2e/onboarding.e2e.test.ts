import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, screenshot, startApp, type RunningApp } from './harness';

async function decodeQr(page: Page): Promise<string | undefined> {
  const png = PNG.sync.read(await page.getByTestId('session-id-qr').screenshot());
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

/** Creates an account through the UI and returns its Session ID and the phrase the user saw. */
async function createThroughUi(page: Page, lang: string): Promise<{ sessionId: string; phrase: string }> {
  await screenshot(page, `onboarding-${lang}-1-welcome`);
  await page.getByTestId('start-create').click();
  await page.getByTestId('name-submit').click();
  expect(await page.getByRole('alert').textContent()).toBeTruthy(); // empty name refused
  await page.getByTestId('display-name').fill('Camille Dupont');
  await screenshot(page, `onboarding-${lang}-2-name`);
  await page.getByTestId('name-submit').click();

  await page.getByTestId('onboarding-created').waitFor();
  const sessionId = (await page.getByTestId('session-id').textContent()) ?? '';
  expect(sessionId).toMatch(/^05[0-9a-f]{64}$/);
  await page.getByTestId('session-id-qr').waitFor();
  expect(await decodeQr(page)).toBe(sessionId);
  await screenshot(page, `onboarding-${lang}-3-session-id`);
  await page.getByTestId('id-next').click();

  await page.getByTestId('phrase-words').waitFor();
  const words = await page.locator('.phrase-text').allTextContents();
  expect(words).toHaveLength(13);
  await screenshot(page, `onboarding-${lang}-4-recovery-password`);
  await page.getByTestId('backup-next').click();

  // Wrong words are refused with an explanation; the right ones finish.
  await page.getByTestId('confirm-word-0').fill('zzz');
  await page.getByTestId('confirm-word-1').fill('zzz');
  await page.getByTestId('confirm-submit').click();
  await page.getByTestId('confirm-error').waitFor();
  await screenshot(page, `onboarding-${lang}-5-confirm-wrong`);
  // A word with the right first letters but not whole ("padles" for "paddles") is refused too.
  for (const i of [0, 1]) {
    const field = page.getByTestId(`confirm-word-${i}`);
    const word = words[Number(await field.getAttribute('data-position')) - 1] ?? '';
    await field.fill(i === 0 ? word.slice(0, -1) : word);
  }
  await page.getByTestId('confirm-submit').click();
  await page.getByTestId('confirm-error').waitFor();
  for (const i of [0, 1]) {
    const field = page.getByTestId(`confirm-word-${i}`);
    const position = Number(await field.getAttribute('data-position'));
    await field.fill(words[position - 1] ?? '');
  }
  await page.getByTestId('confirm-submit').click();
  await page.getByTestId('shell').waitFor();
  return { sessionId, phrase: words.join(' ') };
}

describe('account onboarding', () => {
  let browser: Browser;
  const apps: RunningApp[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
    for (const a of apps) await a.close();
  });

  for (const { locale, lang } of [
    { locale: 'en-US', lang: 'en' },
    { locale: 'fr-FR', lang: 'fr' },
  ]) {
    it(`creates an account, backs up the phrase, and restores it in a second profile (${lang})`, async () => {
      const first = await startApp();
      const second = await startApp();
      apps.push(first, second);
      const page = await openPage(browser, first, { locale, waitFor: 'onboarding-welcome' });
      const { sessionId, phrase } = await createThroughUi(page, lang);

      // Settings → Account shows the same ID and a QR code that decodes to it.
      await page.keyboard.press('Control+3');
      await page.getByTestId('settings-account').click();
      expect(await page.getByTestId('session-id').textContent()).toBe(sessionId);
      await page.getByTestId('session-id-qr').waitFor();
      expect(await decodeQr(page)).toBe(sessionId);
      expect(await page.getByTestId('protection').textContent()).toBeTruthy();
      await screenshot(page, `settings-${lang}-account`);
      // The phrase is shown only on request.
      await page.getByTestId('settings-recovery').click();
      expect(await page.getByTestId('phrase-words').count()).toBe(0);
      await page.getByTestId('reveal-phrase').click();
      await page.getByTestId('phrase-words').waitFor();
      expect((await page.locator('.phrase-text').allTextContents()).join(' ')).toBe(phrase);
      await screenshot(page, `settings-${lang}-recovery-shown`);

      // Second computer: restore with the phrase, with a typo first.
      const other = await openPage(browser, second, { locale, waitFor: 'onboarding-welcome' });
      await other.getByTestId('start-restore').click();
      const words = phrase.split(' ');
      await other
        .getByTestId('restore-word-1')
        .fill(`${words.slice(0, 2).join(' ')} qqqq ${words.slice(3).join(' ')}`);
      await expect.poll(() => other.getByTestId('restore-status').textContent()).toContain('qqqq');
      await screenshot(other, `onboarding-${lang}-6-restore-unknown-word`);
      await other.getByTestId('restore-word-3').fill(words[2] ?? '');
      await other.getByTestId('restore-word-3').blur();
      await expect.poll(() => other.getByTestId('restore-status').getAttribute('role')).toBe('status');
      await screenshot(other, `onboarding-${lang}-7-restore-ready`);
      await other.getByTestId('restore-submit').click();
      await other.getByTestId('display-name').fill('Camille');
      await other.getByTestId('name-submit').click();
      await other.getByTestId('shell').waitFor();
      await other.keyboard.press('Control+3');
      await other.getByTestId('settings-account').click();
      expect(await other.getByTestId('session-id').textContent()).toBe(sessionId);
      await page.context().close();
      await other.context().close();
    });
  }

  it('explains a wrong checksum and a wrong word count', async () => {
    const app = await startApp();
    apps.push(app);
    const page = await openPage(browser, app, { waitFor: 'onboarding-welcome' });
    await page.getByTestId('start-restore').click();
    // 13 valid words whose checksum word is wrong.
    const phrase = 'amaze buffet cake entrance symptoms tiger lamb maze nestle python dusted faxed amaze';
    await page.getByTestId('restore-word-1').fill(phrase);
    await page.getByTestId('restore-word-1').blur();
    await expect
      .poll(() => page.getByTestId('restore-status').textContent())
      .toMatch(/check out|wrong place/);
    await page.getByTestId('restore-word-13').fill('');
    await page.getByTestId('restore-submit').click();
    await expect.poll(() => page.getByTestId('restore-status').textContent()).toContain('12 words');
    await screenshot(page, 'onboarding-en-8-restore-word-count');
    await page.context().close();
  });
});
