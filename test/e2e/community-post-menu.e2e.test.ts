/**
 * A community post has what a 1-to-1 message has: the same context menu (right click, the menu
 * key, Shift+F10) with Reply, React, Copy text, Delete (ours, or any as a moderator), Ban and Lift the
 * ban (moderators) and Post info (who, when, the server's id); the keys C, I and Delete on a
 * focused post. Its hover actions sit beside the post, never over the day separator above it.
 * And the conversation list's search is reachable from the keyboard: Down from the box into the
 * results, Up and Down through them, Enter opens one, Escape goes back to the box.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CommunityPost, CommunityRoom } from '../../src/shared/ipc/communities';
import { postWith } from './community-steps';
import { VARIANTS, devnetControl, screenshot, useWorld } from './harness';
import { call, openBoth, startTwoPeople } from './people';

const focusedTestId = (page: Page): Promise<string | null> =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

const isSearchBox = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.activeElement?.matches('.list-pane input[type="search"]') === true);

describe('community post menu and list search keys (devnet)', () => {
  const world = useWorld();

  for (const { lang, locale, dark, theme, catalog } of VARIANTS) {
    const other = dark ? 'light' : 'dark';
    it(`a post's menu, info and keys; the search results by keyboard (${lang}, ${theme})`, async () => {
      const { devnet, browser, apps } = world;
      const url = devnet.community.joinUrl;
      const people = await startTwoPeople(devnet, apps);
      await devnetControl(devnet, 'sogs/rooms/lobby/moderators', { sessionId: people.aliceId });
      const { a, b } = await openBoth(browser, people, { locale, dark });
      await a
        .context()
        .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: people.alice.host.url });
      await b
        .context()
        .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: people.bob.host.url });

      // Both in the lobby (through the core: the join panel has its own suite); each posts.
      const roomA = await call<CommunityRoom>(people.alice, 'communities.join', { url });
      const roomB = await call<CommunityRoom>(people.bob, 'communities.join', { url });
      const hello = lang === 'fr' ? 'Bonjour à toutes et à tous !' : 'Hello everyone!';
      const reply = lang === 'fr' ? 'Salut Alice, ravi d’être là.' : 'Hi Alice, glad to be here.';
      const helloPost = await call<CommunityPost>(people.alice, 'communities.send', {
        roomId: roomA.id,
        body: hello,
      });
      await call<CommunityPost>(people.bob, 'communities.send', { roomId: roomB.id, body: reply });
      await b.getByTestId('community-lobby').click();
      await postWith(b, reply).waitFor({ timeout: 45_000 });
      await postWith(b, hello).waitFor({ timeout: 45_000 });

      // The hover actions of the day's first post sit beside it, below the day separator.
      const first = postWith(b, hello);
      await first.hover();
      const actions = first.locator('.post-actions');
      await actions.waitFor();
      const bar = await actions.boundingBox();
      const bubble = await first.boundingBox();
      const separator = await b.locator('.day-separator').first().boundingBox();
      expect(bar && bubble && separator).toBeTruthy();
      if (!bar || !bubble || !separator) return;
      expect(bar.y).toBeGreaterThanOrEqual(separator.y + separator.height - 0.5);
      expect(bar.x).toBeGreaterThanOrEqual(bubble.x + bubble.width); // Alice's post: on its right
      await screenshot(b, `community-post-menu-${lang}-${theme}-1-hover`);

      // Right click on Alice's post: Reply, React, Copy text, Post info; nothing of a moderator's.
      await first.click({ button: 'right' });
      const menu = first.getByTestId('context-menu');
      await menu.waitFor();
      expect(await menu.getByRole('menuitem').allTextContents()).toEqual([
        catalog.messaging.reply,
        catalog.communities.react,
        catalog.messaging.copyText,
        catalog.communityPost.info.title,
      ]);
      expect(await focusedTestId(b)).toBe('post-menu-reply');
      await screenshot(b, `community-post-menu-${lang}-${theme}-2-menu`);
      await b.keyboard.press('ArrowDown');
      expect(await focusedTestId(b)).toBe('post-menu-react');
      await b.keyboard.press('ArrowDown');
      expect(await focusedTestId(b)).toBe('post-menu-copy');
      await b.keyboard.press('Enter');
      await expect.poll(() => b.evaluate(() => navigator.clipboard.readText())).toBe(hello);
      expect(await menu.count()).toBe(0);
      expect(await focusedTestId(b)).toBe('post');

      // From the keyboard: I opens the post's info (who, when, the server's id and the room).
      await b.evaluate(() => navigator.clipboard.writeText(''));
      await b.keyboard.press('c');
      await expect.poll(() => b.evaluate(() => navigator.clipboard.readText())).toBe(hello);
      await b.keyboard.press('i');
      const info = b.getByTestId('post-info');
      await info.waitFor();
      expect(await info.getByTestId('post-info-poster').textContent()).toBe('Alice Martin');
      expect(await info.getByTestId('post-info-sender').textContent()).toBe(roomA.blindedId);
      expect(await info.getByTestId('post-info-id').textContent()).toBe(String(helloPost.id));
      expect(await info.getByTestId('post-info-room').textContent()).toBe('Lobby');
      await screenshot(b, `community-post-menu-${lang}-${theme}-3-info`);
      await b.emulateMedia({ colorScheme: other });
      await screenshot(b, `community-post-menu-${lang}-${other}-3-info`);
      await b.emulateMedia({ colorScheme: theme });
      await b.keyboard.press('Escape');
      await expect.poll(() => info.count()).toBe(0);

      // Bob's own post: Shift+F10 opens its menu, with Delete; Escape closes it; Delete asks first.
      const own = postWith(b, reply);
      await own.focus();
      await b.keyboard.press('Shift+F10');
      await own.getByTestId('context-menu').waitFor();
      expect(await own.getByTestId('post-delete').count()).toBe(1);
      expect(await own.getByTestId('post-ban').count()).toBe(0);
      await b.keyboard.press('Escape');
      await expect.poll(() => own.getByTestId('context-menu').count()).toBe(0);
      expect(await focusedTestId(b)).toBe('post');
      await b.keyboard.press('Delete');
      await b.getByTestId('post-delete-confirm').getByTestId('confirm-cancel').click();

      // Alice moderates from the menu of Bob's post: Delete, Ban, Lift the ban; she deletes it.
      await a.getByTestId('community-lobby').click();
      await postWith(a, reply).waitFor({ timeout: 45_000 });
      await postWith(a, reply).click({ button: 'right' });
      const modMenu = postWith(a, reply).getByTestId('context-menu');
      await modMenu.waitFor();
      for (const id of ['post-delete', 'post-ban', 'post-unban'])
        expect(await modMenu.getByTestId(id).count()).toBe(1);
      await screenshot(a, `community-post-menu-${lang}-${theme}-4-moderator-menu`);
      await modMenu.getByTestId('post-delete').click();
      await a.getByTestId('post-delete-confirm').getByTestId('confirm-accept').click();
      await expect.poll(() => b.getByTestId('post-deleted').count(), { timeout: 45_000 }).toBe(1);

      // The list's search by keyboard: two notes found, Down and Up through them, Enter opens one.
      await call(people.alice, 'conversations.open', { sessionId: people.aliceId });
      const word = lang === 'fr' ? 'piquenique' : 'picnic';
      await call(people.alice, 'messages.send', {
        conversationId: people.aliceId,
        body: `${word} on Sunday`,
      });
      await call(people.alice, 'messages.send', {
        conversationId: people.aliceId,
        body: `Bring the ${word} blanket`,
      });
      const box = a.locator('.list-pane input[type="search"]');
      await box.fill(word);
      const hits = a.getByTestId('search-message');
      await expect.poll(() => hits.count(), { timeout: 15_000 }).toBe(2);
      await box.press('ArrowDown');
      expect(await hits.nth(0).evaluate((el) => el === document.activeElement)).toBe(true);
      await a.keyboard.press('ArrowDown');
      expect(await hits.nth(1).evaluate((el) => el === document.activeElement)).toBe(true);
      await screenshot(a, `community-post-menu-${lang}-${theme}-5-search-keys`);
      await a.keyboard.press('ArrowUp');
      expect(await hits.nth(0).evaluate((el) => el === document.activeElement)).toBe(true);
      await a.keyboard.press('ArrowUp');
      expect(await isSearchBox(a)).toBe(true);
      await a.keyboard.press('ArrowDown');
      await a.keyboard.press('Escape');
      expect(await isSearchBox(a)).toBe(true);
      expect(await box.inputValue()).toBe(word);
      await a.keyboard.press('ArrowDown');
      await a.keyboard.press('ArrowDown');
      await a.keyboard.press('Enter');
      await a.getByTestId('conversation-view').waitFor();
      expect(await a.getByTestId('room-view').count()).toBe(0);

      await a.context().close();
      await b.context().close();
    }, 300_000);
  }
});
