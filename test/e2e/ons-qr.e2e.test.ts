/**
 * Issue 21 in the app: "New conversation" takes a registered ONS name (a spinner while three
 * nodes are asked, then the conversation), says so precisely for an unknown or malformed name,
 * and reads a QR code from a picked, pasted or dropped image the test draws. EN and FR, light and dark.
 */
import QRCode from 'qrcode';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../devnet/index';
import { en } from '../../src/shared/i18n/en';
import { fr } from '../../src/shared/i18n/fr';
import {
  cspViolations,
  openPage,
  screenshot,
  sessionIdOf,
  startApp,
  startWorld,
  stopWorld,
  waitConnected,
  type RunningApp,
} from './harness';

async function startNew(page: Page, text: string): Promise<void> {
  await page.getByTestId('new-conversation-button').click();
  await page.getByTestId('new-session-id').fill(text);
}

async function landedWith(page: Page, id: string): Promise<void> {
  await page.getByTestId('conversation-view').waitFor();
  await expect
    .poll(() => page.getByTestId(`conversation-${id}`).getAttribute('aria-current'), { timeout: 20_000 })
    .toBe('true');
}

describe('New conversation by ONS name or QR code', () => {
  let browser: Browser;
  let devnet: Devnet;
  const apps: RunningApp[] = [];

  beforeAll(async () => {
    ({ devnet, browser } = await startWorld());
  }, 60_000);
  afterAll(() => stopWorld({ devnet, browser }, apps));

  for (const { lang, dark } of [
    { lang: 'en', dark: false },
    { lang: 'fr', dark: true },
    { lang: 'en', dark: true },
    { lang: 'fr', dark: false },
  ] as const) {
    const look = `${lang}-${dark ? 'dark' : 'light'}`;
    it(`a name, an unknown name, a malformed name, a QR image (${look})`, async () => {
      const strings = lang === 'fr' ? fr : en;
      const alice = await startApp({ displayName: 'Alice Martin', seedUrl: devnet.seedUrl });
      const bob = await startApp({ displayName: 'Bruno Lefèvre', seedUrl: devnet.seedUrl });
      const carol = await startApp({ displayName: 'Carole Petit', seedUrl: devnet.seedUrl });
      apps.push(alice, bob, carol);
      const bobId = sessionIdOf(bob);
      const carolId = sessionIdOf(carol);
      const name = `Bruno_${look.replace('-', '_')}`;
      devnet.registerOns(name, bobId);
      const page = await openPage(browser, alice, { locale: lang === 'fr' ? 'fr-FR' : 'en-US', dark });
      await waitConnected(page);

      // Malformed: said at once, nothing asked of the network.
      await startNew(page, 'bruno lefèvre');
      await expect
        .poll(() => page.getByTestId('new-session-id-status').textContent())
        .toBe(strings.reasons.ons.invalid);
      await expect.poll(() => page.getByTestId('new-submit').isEnabled()).toBe(false);
      await screenshot(page, `ons-${look}-1-malformed`);

      // Unknown: every node says no one has it.
      await page.getByTestId('new-session-id').fill('nobody_at_all');
      await expect.poll(() => page.getByTestId('new-submit').isEnabled()).toBe(true);
      await page.getByTestId('new-session-id').press('Enter');
      await expect
        .poll(() => page.getByTestId('new-session-id-status').textContent(), { timeout: 30_000 })
        .toBe(strings.reasons.ons.unknown.replace('{{name}}', 'nobody_at_all'));
      await screenshot(page, `ons-${look}-2-unknown`);

      // Registered, typed in another case: a spinner while the (slowed) nodes answer, then Bruno.
      await page.getByTestId('new-session-id').fill(name.toUpperCase());
      await expect
        .poll(() => page.getByTestId('new-session-id-status').textContent())
        .toBe(strings.messaging.onsReady.replace('{{name}}', name.toLowerCase()));
      await screenshot(page, `ons-${look}-3-ready`);
      for (const n of devnet.nodes()) devnet.setFaults(n.index, { latencyMs: 700 });
      try {
        await page.getByTestId('new-submit').click();
        await page.getByTestId('ons-spinner').waitFor({ timeout: 5_000 });
        await screenshot(page, `ons-${look}-4-resolving`);
        await landedWith(page, bobId);
      } finally {
        devnet.clearFaults();
      }
      await screenshot(page, `ons-${look}-5-conversation`);

      // A QR code of Carole's ID, drawn as a PNG: picked with the file button.
      const png = await QRCode.toBuffer(carolId, { errorCorrectionLevel: 'M', margin: 2, width: 360 });
      await page.getByTestId('new-conversation-button').click();
      await page
        .getByTestId('qr-file')
        .setInputFiles({ name: 'carole.png', mimeType: 'image/png', buffer: png });
      await landedWith(page, carolId);

      // A screenshot of Bruno's QR pasted into the field (clipboard holding an image).
      const bobPng = await QRCode.toBuffer(bobId, { errorCorrectionLevel: 'M', margin: 4, width: 420 });
      await page.getByTestId('new-conversation-button').click();
      await page.getByTestId('new-session-id').focus();
      await page.evaluate((b64) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], 'capture.png', { type: 'image/png' }));
        document
          .querySelector('[data-testid="new-session-id"]')
          ?.dispatchEvent(
            new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }),
          );
      }, bobPng.toString('base64'));
      await landedWith(page, bobId);

      // A dropped screenshot that holds no Account ID: said so.
      const other = await QRCode.toBuffer('https://example.invalid/not-an-id', { width: 300 });
      await page.getByTestId('new-conversation-button').click();
      await page.evaluate((b64) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], 'shot.png', { type: 'image/png' }));
        const form = document.querySelector('[data-testid="new-conversation"]');
        form?.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, other.toString('base64'));
      await expect
        .poll(() => page.getByTestId('new-session-id-status').textContent())
        .toBe(strings.messaging.qrNotId);
      await screenshot(page, `ons-${look}-6-qr-not-an-id`);
      expect(await cspViolations(page)).toEqual([]);
      await page.context().close();
    });
  }
});
