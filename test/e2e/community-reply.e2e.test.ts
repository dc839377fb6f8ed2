/**
 * Replying to a community post, as to a 1-to-1 message: Reply first in the post's menu (right
 * click, Shift+F10), the composer's quote bar (Esc cancels), the quote in the reply on both
 * sides, named as Session names it (the quoted post's time and author); pressing the quote brings
 * the quoted post into view; a quote of a post not on this computer says so.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CommunityPost, CommunityRoom } from '../../src/shared/ipc/communities';
import { postWith } from './community-steps';
import { VARIANTS, devnetControl, screenshot, useWorld } from './harness';
import { call, openBoth, startTwoPeople } from './people';

const focusedTestId = (page: Page): Promise<string | null> =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

/** The posts (by id) whose action bar shows. */
const shownBars = (page: Page): Promise<string[]> =>
  page.locator('[data-testid="post"]').evaluateAll((posts) =>
    posts
      .filter((p) => {
        const bar = p.querySelector('.post-actions');
        return bar !== null && getComputedStyle(bar).display !== 'none';
      })
      .map((p) => p.getAttribute('data-id') ?? ''),
  );

const idOf = async (post: Locator): Promise<string> => (await post.getAttribute('data-id')) ?? '';

describe('community replies (devnet)', () => {
  const world = useWorld();

  for (const { lang, locale, dark, theme, catalog } of VARIANTS) {
    it(`Reply from a post's menu, the quote bar, the quote on both sides (${lang}, ${theme})`, async () => {
      const { devnet, browser, apps } = world;
      const url = devnet.community.joinUrl;
      const people = await startTwoPeople(devnet, apps);
      const { a, b } = await openBoth(browser, people, { locale, dark });
      const roomA = await call<CommunityRoom>(people.alice, 'communities.join', { url });
      const roomB = await call<CommunityRoom>(people.bob, 'communities.join', { url });
      const hello =
        lang === 'fr' ? 'Qui vient au piquenique dimanche ?' : 'Who is coming to the picnic on Sunday?';
      const answer = lang === 'fr' ? 'Moi, j’apporte la nappe.' : 'Me, I’ll bring the blanket.';
      const helloPost = await call<CommunityPost>(people.alice, 'communities.send', {
        roomId: roomA.id,
        body: hello,
      });
      await b.getByTestId('community-lobby').click();
      const quoted = postWith(b, hello);
      await quoted.waitFor({ timeout: 45_000 });

      // Bruno: Reply is the menu's first entry and takes focus; Enter starts the reply.
      await quoted.click({ button: 'right' });
      const menu = quoted.getByTestId('context-menu');
      await menu.waitFor();
      expect((await menu.getByRole('menuitem').allTextContents())[0]).toBe(catalog.messaging.reply);
      expect(await focusedTestId(b)).toBe('post-menu-reply');
      await b.keyboard.press('Enter');
      const bar = b.getByTestId('room-reply-bar');
      await bar.waitFor();
      expect(await bar.textContent()).toContain('Alice Martin');
      expect(await bar.textContent()).toContain(hello);
      expect(await focusedTestId(b)).toBe('room-composer');
      await screenshot(b, `community-reply-${lang}-${theme}-1-quote-bar`);
      // Escape in the composer cancels; Shift+F10 on the post and Enter start it again.
      await b.keyboard.press('Escape');
      await expect.poll(() => bar.count()).toBe(0);
      await quoted.focus();
      await b.keyboard.press('Shift+F10');
      await menu.waitFor();
      await b.keyboard.press('Enter');
      await bar.waitFor();
      await b.keyboard.type(answer);
      await b.keyboard.press('Enter');
      await expect.poll(() => bar.count()).toBe(0);
      const mine = postWith(b, answer);
      await mine.waitFor();
      const quoteB = mine.getByTestId('post-quote');
      expect(await quoteB.getAttribute('data-found')).toBe('true');
      expect(await quoteB.textContent()).toContain('Alice Martin');
      expect(await quoteB.textContent()).toContain(hello);

      // On the wire: Session's quote of the post, (its time in ms, its poster's blinded ID).
      const bobsView = await call<CommunityPost[]>(people.bob, 'communities.posts', {
        roomId: roomB.id,
        before: null,
        limit: 10,
      });
      const sent = bobsView.find((p) => p.body === answer);
      expect(sent?.quote).toMatchObject({ id: helloPost.sentAt, author: roomA.blindedId });

      // Alice sees the reply quoting her post ("You"); pressing the quote goes to her post.
      await a.getByTestId('community-lobby').click();
      const reply = postWith(a, answer);
      await reply.waitFor({ timeout: 45_000 });
      const quoteA = reply.getByTestId('post-quote');
      expect(await quoteA.getAttribute('data-found')).toBe('true');
      expect(await quoteA.locator('.quote-author').textContent()).toBe(catalog.communities.you);
      expect(await quoteA.locator('.quote-text').textContent()).toBe(hello);
      expect(await quoteA.getAttribute('aria-label')).toContain(catalog.communities.you);
      await screenshot(a, `community-reply-${lang}-${theme}-2-reply-received`);
      await quoteA.click();
      await expect.poll(() => a.evaluate(() => document.activeElement?.textContent ?? '')).toContain(hello);
      // (By id: the reply holds the quoted text too.)
      const original = a.locator(`[data-testid="post"][data-id="${helloPost.id}"]`);
      expect(await original.getAttribute('class')).toContain('bubble-highlight');
      expect(await original.evaluate((el) => el === document.activeElement)).toBe(true);
      await screenshot(a, `community-reply-${lang}-${theme}-3-jumped`);
      // One action bar at a time: the pointer over another post shows its bar only, while the post
      // jumped to keeps the focus (focus and hover each showed one: two bars).
      const replyId = await idOf(reply);
      await reply.hover();
      await expect.poll(() => shownBars(a)).toEqual([replyId]);
      expect(await original.evaluate((el) => el === document.activeElement)).toBe(true);
      await screenshot(a, `community-reply-${lang}-${theme}-4-hover-after-jump`);
      // The keyboard moves the focus on from under the pointer: the focused post's bar only.
      await original.hover();
      await expect.poll(() => shownBars(a)).toEqual([String(helloPost.id)]);
      await a.keyboard.press('ArrowDown');
      // The list moves the focus after its render (a fresh clone's run read it before).
      const focused = () => a.evaluate(() => document.activeElement?.getAttribute('data-id') ?? '');
      await expect.poll(focused).not.toBe(String(helloPost.id));
      const focusedId = await focused();
      expect(focusedId).not.toBe('');
      await expect.poll(() => shownBars(a)).toEqual([focusedId]);

      // A reply to a post no one here has (another time of Alice's): who, and that it is not here.
      const seeded = await devnetControl(devnet, 'sogs/rooms/lobby/seed', {
        count: 1,
        text: lang === 'fr' ? 'Réponse à un vieux message' : 'Reply to an old post',
        quote: { id: helloPost.sentAt - 86_400_000, author: roomA.blindedId },
      });
      expect(seeded).toBeTruthy();
      const orphan = postWith(b, lang === 'fr' ? 'Réponse à un vieux message' : 'Reply to an old post');
      await orphan.waitFor({ timeout: 45_000 });
      const missing = orphan.getByTestId('post-quote');
      expect(await missing.getAttribute('data-found')).toBe('false');
      expect(await missing.textContent()).toContain(catalog.messaging.quoteMissing);
      expect(await missing.evaluate((el) => el.tagName)).toBe('DIV');
      await screenshot(b, `community-reply-${lang}-${theme}-5-quote-not-here`);

      await a.context().close();
      await b.context().close();
    }, 300_000);
  }
});
