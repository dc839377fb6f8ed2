import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../devnet/index';
import { identityFromSeed } from '../../src/crypto/keys';
import {
  openPage,
  screenshot,
  startApp,
  startWorld,
  stopWorld,
  waitConnected,
  type RunningApp,
} from './harness';
import { expectNoAxeViolations } from './axe';
import { openById } from './people';

/** The shortened minute: a tried message not accepted this long after is failed. */
const FAIL_AFTER_MS = 8_000;

const lastMessage = (page: Page) => page.getByTestId('message').last();
const shownStatus = (page: Page) =>
  lastMessage(page).getByTestId('message-status').getAttribute('data-shown');

describe('a message sent into a dead network', () => {
  let browser: Browser;
  let devnet: Devnet;
  let app: RunningApp;

  beforeAll(async () => {
    ({ devnet, browser } = await startWorld());
    app = await startApp({
      displayName: 'Alice Martin',
      seedUrl: devnet.seedUrl,
      sendFailAfterMs: FAIL_AFTER_MS,
    });
  }, 60_000);
  afterAll(() => stopWorld({ devnet, browser }, [app]));

  it('waits for the network, becomes failed in red, offers Resend and Delete (menu, keys, info panel)', async () => {
    const bob = identityFromSeed(new Uint8Array(randomBytes(16))).sessionId;
    // The same app in English (light) and in French (dark).
    const en = await openPage(browser, app, { locale: 'en-US' });
    const fr = await openPage(browser, app, { locale: 'fr-FR', dark: true });
    for (const page of [en, fr]) {
      await waitConnected(page);
      await openById(page, bob);
    }

    // Every node dies; the app still believes it is online when the message goes.
    for (const n of devnet.nodes()) await devnet.kill(n.index);
    await en.getByTestId('composer').fill('Are you there?');
    await en.getByTestId('composer').press('Enter');
    await expect.poll(() => shownStatus(en), { timeout: FAIL_AFTER_MS }).toBe('waiting');
    await expect.poll(() => shownStatus(fr)).toBe('waiting');
    expect(await lastMessage(en).textContent()).toContain('Waiting for network');
    expect(await lastMessage(fr).textContent()).toContain('En attente du réseau');
    await screenshot(en, 'send-failure-en-1-waiting');
    await screenshot(fr, 'send-failure-fr-dark-1-waiting');
    // The status marks are text on the bubble: contrast checked in light and dark (issue #23).
    await expectNoAxeViolations(en, 'a waiting message (light)');
    await expectNoAxeViolations(fr, 'a waiting message (French, dark)');

    await expect.poll(() => lastMessage(en).getAttribute('data-status'), { timeout: 20_000 }).toBe('failed');
    expect(await lastMessage(fr).textContent()).toContain('Échec de l’envoi');
    await screenshot(en, 'send-failure-en-2-failed');
    await screenshot(fr, 'send-failure-fr-dark-2-failed');
    await expectNoAxeViolations(en, 'a failed message (light)');
    await expectNoAxeViolations(fr, 'a failed message (French, dark)');

    // The context menu: Resend, Delete, Copy text, Message info.
    for (const page of [en, fr]) {
      await lastMessage(page).click({ button: 'right' });
      await expect.poll(() => page.getByRole('menuitem').count()).toBe(4);
    }
    expect(await en.getByRole('menuitem').allTextContents()).toEqual([
      'Resend',
      'Delete',
      'Copy text',
      'Message info',
    ]);
    expect(await fr.getByRole('menuitem').allTextContents()).toEqual([
      'Renvoyer',
      'Supprimer',
      'Copier le texte',
      'Informations sur le message',
    ]);
    await screenshot(en, 'send-failure-en-3-menu');
    await screenshot(fr, 'send-failure-fr-dark-3-menu');
    for (const page of [en, fr]) await page.keyboard.press('Escape');

    // The info panel from the keyboard (I), in both languages.
    for (const page of [en, fr]) {
      await lastMessage(page).focus();
      await page.keyboard.press('i');
      await page.getByTestId('message-info').waitFor();
    }
    // Enter in the panel resends; it never deletes.
    expect(await en.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('info-resend');
    expect(await en.getByTestId('info-status').textContent()).toBe('Failed to send');
    expect(await en.getByTestId('info-reason').textContent()).toMatch(/minute|network|swarm/);
    expect(await en.getByTestId('info-hash').textContent()).toBe('Not stored by a swarm yet');
    expect(await fr.getByTestId('info-status').textContent()).toBe('Échec de l’envoi');
    await screenshot(en, 'send-failure-en-4-info');
    await screenshot(fr, 'send-failure-fr-dark-4-info');

    // Back up: a failed message is not retried until the user asks.
    for (const n of devnet.nodes()) await devnet.restart(n.index);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await lastMessage(en).getAttribute('data-status')).toBe('failed');
    await en.getByTestId('info-resend').click();
    await expect.poll(() => lastMessage(en).getAttribute('data-status'), { timeout: 100_000 }).toBe('sent');
    const hash = await en.getByTestId('info-hash').textContent();
    expect(hash).toMatch(/^[A-Za-z0-9+/]{43}$/);
    await screenshot(en, 'send-failure-en-5-resent');
    await en.getByTestId('info-close').click();
    await fr.keyboard.press('Escape');

    // Delete from the keyboard: a second message fails, Delete removes it from both windows.
    for (const n of devnet.nodes()) await devnet.kill(n.index);
    await en.getByTestId('composer').fill('Gone soon');
    await en.getByTestId('composer').press('Enter');
    await expect.poll(() => lastMessage(en).getAttribute('data-status'), { timeout: 30_000 }).toBe('failed');
    await lastMessage(en).focus();
    await en.keyboard.press('Delete');
    for (const page of [en, fr])
      await expect
        .poll(() => page.getByTestId('message').allTextContents())
        .not.toContainEqual(expect.stringContaining('Gone soon'));
    expect(await en.getByTestId('message').count()).toBe(1);
    for (const n of devnet.nodes()) await devnet.restart(n.index);
    await en.context().close();
    await fr.context().close();
  }, 240_000);
});
