/**
 * Issue #19 item 3 in the app, on a large room: a room of 10 000 posts (seeded through the devnet
 * control API, as the bench does) opens at its newest page, pages older posts in as the reader
 * scrolls back — from the database, then from the server — and the composer keeps taking what is
 * typed while a page is on its way. The room's image (set by the server's operator) shows in the
 * list and the header, and is read again when the operator changes it. English light, French dark.
 * No timings here: opening time is the bench's row.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Devnet } from '../../devnet/index';
import { testPng } from '../main/files/images';
import { joinFromRoomsList } from './community-steps';
import {
  VARIANTS,
  cspViolations,
  devnetControl,
  openPage,
  screenshot,
  startApp,
  useWorld,
  waitConnected,
} from './harness';

const POSTS = 10_000;

async function setRoomImage(devnet: Devnet, token: string, png: Uint8Array): Promise<string> {
  const r = await devnetControl(devnet, `sogs/rooms/${token}/image`, {
    data: Buffer.from(png).toString('base64'),
  });
  return String(z.object({ imageId: z.number() }).parse(r).imageId);
}

/** The numbers of the seeded posts in the DOM ("Backlog post N"; only visible rows are there). */
async function shownNumbers(page: Page): Promise<number[]> {
  const bodies = await page.getByTestId('post-body').allTextContents();
  return bodies.flatMap((b) => {
    const m = /^Backlog post (\d+)$/.exec(b.trim());
    return m ? [Number(m[1])] : [];
  });
}

const imageIdOf = (image: Locator) => image.getAttribute('data-image-id');

describe('a 10 000-post room in the app (devnet)', () => {
  const world = useWorld();

  for (const { lang, locale, dark, theme, catalog } of VARIANTS) {
    it(`opens at the newest page, pages back on scroll, stays responsive; the room image (${lang}, ${theme})`, async () => {
      const { devnet, browser, apps } = world;
      const token = `big-${lang}`;
      await devnetControl(devnet, 'sogs/rooms', { token, name: lang === 'fr' ? 'Grande salle' : 'Big room' });
      await devnetControl(devnet, `sogs/rooms/${token}/seed`, { count: POSTS, text: 'Backlog post' });
      const firstImage = await setRoomImage(devnet, token, testPng(64, 2));
      const url = devnet.community.joinUrl.replace('/lobby?', `/${token}?`);

      const app = await startApp({ displayName: 'Alice Martin', seedUrl: devnet.seedUrl });
      apps.push(app);
      const page = await openPage(browser, app, { locale, dark });
      await waitConnected(page);

      await joinFromRoomsList(page, url, 60_000);

      // The newest page: the last seeded post, at the bottom of the list.
      const list = page.getByTestId('post-list');
      await page
        .getByTestId('post-body')
        .filter({ hasText: `Backlog post ${POSTS}` })
        .waitFor({ timeout: 45_000 });
      await expect
        .poll(() => list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 80))
        .toBe(true);
      expect(Math.max(...(await shownNumbers(page)))).toBe(POSTS);

      // The room image, in the list and the header (a data: URL from the core, no CSP violation).
      const listImage = page.getByTestId(`community-${token}`).getByTestId('room-image');
      const headerImage = page.getByTestId('room-view').getByTestId('room-image');
      await expect.poll(() => imageIdOf(listImage), { timeout: 30_000 }).toBe(firstImage);
      await expect.poll(() => imageIdOf(headerImage)).toBe(firstImage);
      expect(await headerImage.locator('img').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      await screenshot(page, `communities-large-${lang}-${theme}-1-newest-page`);

      // The server answers slowly from now on, so a page from it is seen on its way.
      await devnetControl(devnet, 'sogs/faults', { latencyMs: 3000 });
      const composer = page.getByTestId('room-composer');
      const busyList = page.locator('[data-testid="post-list"][aria-busy="true"]');
      let typed = '';
      let oldest = Math.min(...(await shownNumbers(page)));
      let typedWhilePaging = 0;
      // Scroll back page after page: older posts come in (the first from the database, the
      // next ones from the server) while the composer keeps what is typed.
      for (let round = 0; round < 4; round++) {
        await list.evaluate((el) => {
          el.scrollTop = 0;
        });
        const paging = await busyList.waitFor({ timeout: 5_000 }).then(
          () => true,
          () => false,
        );
        const word = `${lang}${round} `;
        await composer.pressSequentially(word);
        typed += word;
        expect(await composer.inputValue()).toBe(typed);
        if (paging && (await busyList.count()) === 1) {
          if (typedWhilePaging === 0) {
            // A zero-height sticky line (its text overflows it): present, as the screenshot shows.
            expect(
              await page.getByRole('status').filter({ hasText: catalog.communities.loadingOlder }).count(),
            ).toBe(1);
            await screenshot(page, `communities-large-${lang}-${theme}-2-paging-back`);
          }
          typedWhilePaging++;
        }
        const before = oldest;
        await expect
          .poll(
            async () => {
              await list.evaluate((el) => {
                el.scrollTop = 0;
              });
              return Math.min(...(await shownNumbers(page)));
            },
            { timeout: 60_000 },
          )
          .toBeLessThan(before);
        oldest = Math.min(...(await shownNumbers(page)));
      }
      // At least one page came from the server while the composer was being typed into.
      expect(typedWhilePaging).toBeGreaterThan(0);
      // Four pages back of 50: the newest 200 posts are behind us, give or take the window's edge.
      // The shown rows are the virtualised window, not all that is loaded: the topmost one can sit
      // a row or two below the oldest loaded post (a fresh clone saw 9801 after four pages).
      expect(oldest).toBeLessThan(POSTS - 150);
      expect(await composer.inputValue()).toBe(typed);
      await screenshot(page, `communities-large-${lang}-${theme}-3-older-pages`);
      await devnetControl(devnet, 'sogs/faults', { latencyMs: 0 });

      // The operator changes the image: list and header read the new one.
      const secondImage = await setRoomImage(devnet, token, testPng(64, 5));
      await expect.poll(() => imageIdOf(listImage), { timeout: 45_000 }).toBe(secondImage);
      await expect.poll(() => imageIdOf(headerImage)).toBe(secondImage);
      await screenshot(page, `communities-large-${lang}-${theme}-4-new-image`);
      expect(await cspViolations(page)).toEqual([]);
      await page.context().close();
    }, 300_000);
  }
});
