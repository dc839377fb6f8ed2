/**
 * Profile pictures in the app (identity-and-messages.md §6.4): Alice picks a picture in
 * Settings → Account (a wrong file is refused first), it is re-encoded in the renderer,
 * encrypted and uploaded by main; her message brings it to Bob, whose conversation list shows it.
 */
import type { Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../devnet/index';
import {
  cspViolations,
  openPage,
  screenshot,
  sessionIdOf,
  startWorld,
  stopWorld,
  waitConnected,
} from './harness';
import { startAppWithFiles } from './people';

/** An 800×800 picture (bigger than the 640 px the picker keeps): a sun over hills. */
function picture(): Buffer {
  const size = 800;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const sun = Math.hypot(x - 400, y - 330) < 170;
      const hill = y > 560 + 60 * Math.sin(x / 90);
      const [r, g, b] = sun ? [250, 196, 40] : hill ? [46, 140, 87] : [90 + y / 8, 160 + y / 10, 235];
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = 255;
    }
  return PNG.sync.write(png);
}

describe('profile pictures in the app', () => {
  let browser: Browser;
  let devnet: Devnet;

  beforeAll(async () => {
    ({ devnet, browser } = await startWorld());
  }, 60_000);
  afterAll(() => stopWorld({ devnet, browser }));

  for (const lang of ['en', 'fr'] as const) {
    it(`A sets a picture in Settings → Account, B sees it in the conversation list (${lang})`, async () => {
      const locale = lang === 'fr' ? 'fr-FR' : 'en-US';
      const alice = await startAppWithFiles(devnet, 'Alice Martin');
      const bob = await startAppWithFiles(devnet, 'Bruno Lefèvre');
      try {
        const a = await openPage(browser, alice, { locale });
        const b = await openPage(browser, bob, { locale });
        await waitConnected(a);
        const aliceId = sessionIdOf(alice);
        const bobId = sessionIdOf(bob);

        // A: Settings → Account; a text file is refused, then the picture is set.
        await a.keyboard.press('Control+3');
        await a.getByTestId('settings-account').click();
        await a.getByTestId('avatar-file').setInputFiles({
          name: 'notes.txt',
          mimeType: 'text/plain',
          buffer: Buffer.from('not a picture'),
        });
        await a.getByTestId('avatar-error').waitFor();
        await a.getByTestId('avatar-file').setInputFiles({
          name: 'sun.png',
          mimeType: 'image/png',
          buffer: picture(),
        });
        await a.getByTestId('avatar-status').waitFor({ timeout: 30_000 });
        const card = a.getByTestId('avatar-card');
        await card.getByTestId('avatar-picture').waitFor();
        const own = await card.getByTestId('avatar-picture').getAttribute('src');
        expect(own).toMatch(/^data:image\/webp;base64,/);
        // Re-encoded to 640 px at most.
        const width = await card
          .getByTestId('avatar-picture')
          .evaluate((img) => (img as HTMLImageElement).naturalWidth);
        expect(width).toBe(640);
        await screenshot(a, `avatar-${lang}-1-settings-account`);

        // A writes to B; B's conversation list shows A's picture, the same bytes.
        const opened = await alice.core.dispatcher.dispatch('conversations.open', { sessionId: bobId });
        expect(opened.ok).toBe(true);
        const sent = await alice.core.dispatcher.dispatch('messages.send', {
          conversationId: bobId,
          body: lang === 'fr' ? 'Voici ma nouvelle photo !' : 'Here is my new picture!',
        });
        expect(sent.ok).toBe(true);
        await b.getByTestId('requests-banner').click({ timeout: 45_000 });
        await b.getByTestId(`conversation-${aliceId}`).click();
        await b.getByTestId('request-accept').click();
        const row = b.getByTestId(`conversation-${aliceId}`);
        await row.getByTestId('avatar-picture').waitFor({ timeout: 30_000 });
        expect(await row.getByTestId('avatar-picture').getAttribute('src')).toBe(own);
        await screenshot(b, `avatar-${lang}-2-b-conversations`);

        expect(await cspViolations(a)).toEqual([]);
        expect(await cspViolations(b)).toEqual([]);
        await a.context().close();
        await b.context().close();
      } finally {
        await alice.close();
        await bob.close();
      }
    }, 120_000);
  }
});
