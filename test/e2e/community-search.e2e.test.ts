/**
 * The conversation list's search finds community posts (migration 0017's index): the room, who
 * posted and the words found, accents folded ("ecole" finds "école"). The list's keys work on
 * post hits as on the other results (Down, Up, Escape, Enter), and Enter opens the room at the
 * post, paging back to it when it is older than the first page, with the post focused.
 * English light, French dark.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { joinFromRoomsList, postWith } from './community-steps';
import { VARIANTS, devnetControl, openPage, screenshot, startApp, useWorld, waitConnected } from './harness';

/** More than one page (50) behind the old post, fewer than a first poll brings (100). */
const BACKLOG = 80;

const isSearchBox = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.activeElement?.matches('.list-pane input[type="search"]') === true);

describe('community posts in the list search (devnet)', () => {
  const world = useWorld();

  for (const { lang, locale, dark, theme, catalog } of VARIANTS) {
    it(`finds posts, keys move through them, Enter opens the room at the post (${lang}, ${theme})`, async () => {
      const { devnet, browser, apps } = world;
      const token = `search-${lang}`;
      const roomName = lang === 'fr' ? 'Gare centrale' : 'Central station';
      await devnetControl(devnet, 'sogs/rooms', { token, name: roomName });
      // Seeded posts end with their number: "<text> 1".
      const old = lang === 'fr' ? 'Rendez-vous devant l’école' : 'Meet at the école gate';
      const recent = lang === 'fr' ? 'Photos de la sortie École' : 'École trip photos';
      await devnetControl(devnet, `sogs/rooms/${token}/seed`, { count: 1, text: old });
      await devnetControl(devnet, `sogs/rooms/${token}/seed`, { count: BACKLOG, text: 'Backlog post' });
      await devnetControl(devnet, `sogs/rooms/${token}/seed`, { count: 1, text: recent });
      const url = devnet.community.joinUrl.replace('/lobby?', `/${token}?`);

      const app = await startApp({ displayName: 'Alice Martin', seedUrl: devnet.seedUrl });
      apps.push(app);
      const page = await openPage(browser, app, { locale, dark });
      await waitConnected(page);
      await joinFromRoomsList(page, url, 60_000);
      await postWith(page, `${recent} 1`).waitFor({ timeout: 45_000 });
      // The old post is stored but not on the first page.
      expect(await postWith(page, `${old} 1`).count()).toBe(0);

      const box = page.locator('.list-pane input[type="search"]');
      await box.fill('ecole');
      const hits = page.getByTestId('search-post');
      await expect.poll(() => hits.count(), { timeout: 15_000 }).toBe(2);
      await page
        .getByRole('heading', { name: catalog.communitySearch.groupPosts })
        .waitFor({ timeout: 5_000 });
      // Newest first; the room, the poster and the words around the match, the match marked.
      expect(await hits.nth(0).locator('.conversation-name').textContent()).toBe(roomName);
      expect(await hits.nth(0).locator('.search-snippet').textContent()).toContain(`${recent} 1`);
      expect(await hits.nth(0).locator('.search-poster').textContent()).toContain('Seeder');
      expect(await hits.nth(1).locator('mark').allTextContents()).toEqual(['école']);
      await screenshot(page, `community-search-${lang}-${theme}-1-hits`);

      // The list's keys: Down into the hits, Up back to the box, Escape back to the box.
      await box.press('ArrowDown');
      expect(await hits.nth(0).evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press('ArrowDown');
      expect(await hits.nth(1).evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      expect(await isSearchBox(page)).toBe(true);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Escape');
      expect(await isSearchBox(page)).toBe(true);

      // Enter on the old post: the room pages back to it, brings it into view and focuses it.
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      const target = postWith(page, `${old} 1`);
      await target.waitFor({ timeout: 15_000 });
      await expect
        .poll(() => target.evaluate((el) => el === document.activeElement), { timeout: 5_000 })
        .toBe(true);
      const list = await page.getByTestId('post-list').boundingBox();
      const shown = await target.boundingBox();
      expect(list && shown).toBeTruthy();
      if (!list || !shown) return;
      expect(shown.y).toBeGreaterThanOrEqual(list.y - 1);
      expect(shown.y + shown.height).toBeLessThanOrEqual(list.y + list.height + 1);
      await screenshot(page, `community-search-${lang}-${theme}-2-opened-at-post`);
      await page.context().close();
    }, 300_000);
  }
});
