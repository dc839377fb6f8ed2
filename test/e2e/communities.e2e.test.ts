/**
 * Issue #19 in the app: two people on a devnet join its community server's `lobby` by the link,
 * see the server's other rooms, post, read each other's posts under their display names, react,
 * see unread counts, delete their own post, and the moderator gets moderator actions. A bad link
 * and an unknown room each say what is wrong, in English and French. Screenshots in both languages
 * and both themes.
 */
import { describe, expect, it } from 'vitest';
import { addDevelopersRoom, joinFromRoomsList, postWith } from './community-steps';
import { VARIANTS, devnetControl, screenshot, useWorld } from './harness';
import { openBoth, startTwoPeople } from './people';

describe('communities in the app (devnet)', () => {
  // A second room, so joining offers the server's rooms list.
  const world = useWorld({ setUp: ({ devnet }) => addDevelopersRoom(devnet) });

  for (const { lang, locale, dark, theme, catalog } of VARIANTS) {
    const other = dark ? 'light' : 'dark';
    it(`two people join the lobby, post, read, react and moderate (${lang}, ${theme})`, async () => {
      const c = catalog.communities;
      const { devnet, browser, apps } = world;
      const url = devnet.community.joinUrl;
      const people = await startTwoPeople(devnet, apps);
      // Alice moderates the lobby (recorded for her blinded IDs, applied when she first signs).
      await devnetControl(devnet, 'sogs/rooms/lobby/moderators', { sessionId: people.aliceId });
      const { a, b } = await openBoth(browser, people, { locale, dark });

      // Alice: the join panel; a link without its key, then an unknown room, each said in words.
      await a.getByTestId('join-community-button').click();
      await a.getByTestId('join-url').waitFor();
      await screenshot(a, `communities-${lang}-${theme}-1-join`);
      const status = a.getByTestId('join-status');
      await a.getByTestId('join-url').fill(url.split('?')[0] ?? url);
      await a.getByTestId('join-submit').click();
      await expect.poll(() => status.textContent()).toBe(c.errors['missing-public-key']);
      expect(await status.getAttribute('role')).toBe('alert');
      expect(await a.getByTestId('join-url').getAttribute('aria-invalid')).toBe('true');
      await a.getByTestId('join-url').fill(url.replace('/lobby?', '/nosuchroom?'));
      await a.getByTestId('join-submit').click();
      await expect.poll(() => status.textContent(), { timeout: 45_000 }).toBe(c.errors['unknown-room']);
      await screenshot(a, `communities-${lang}-${theme}-2-join-error`);

      // The real link: joined, and the server's other room offered.
      await a.getByTestId('join-url').fill(url);
      await a.getByTestId('join-submit').click();
      await a.getByTestId('server-rooms').waitFor({ timeout: 45_000 });
      await a.getByTestId('server-room-join-devs').waitFor();
      await screenshot(a, `communities-${lang}-${theme}-3-joined-rooms-list`);
      await a.getByTestId('join-open').click();
      await a.getByTestId('room-view').waitFor();
      await expect.poll(() => a.getByTestId('room-title').textContent()).toBe('Lobby');
      await expect
        .poll(() => a.getByTestId('room-composer').evaluate((el) => el === document.activeElement))
        .toBe(true);
      await expect.poll(() => a.getByTestId('moderator-mark').isVisible(), { timeout: 30_000 }).toBe(true);
      expect(await a.getByTestId('community-lobby').isVisible()).toBe(true);

      // Alice posts; Bob joins the same way and reads it under her display name.
      const hello = lang === 'fr' ? 'Bonjour à toutes et à tous !' : 'Hello everyone!';
      await a.getByTestId('room-composer').fill(hello);
      await a.getByTestId('room-composer').press('Enter');
      await postWith(a, hello).waitFor({ timeout: 45_000 });
      expect(await a.getByTestId('room-composer').inputValue()).toBe('');
      await joinFromRoomsList(b, url);
      await postWith(b, hello).waitFor({ timeout: 45_000 });
      expect(await postWith(b, hello).getByTestId('post-sender').textContent()).toBe('Alice Martin');
      expect(await postWith(a, hello).getByTestId('post-sender').textContent()).toBe(c.you);

      // Bob answers; Alice reads it.
      const reply = lang === 'fr' ? 'Salut Alice, ravi d’être là.' : 'Hi Alice, glad to be here.';
      await b.getByTestId('room-composer').fill(reply);
      await b.getByTestId('room-send').click();
      await postWith(a, reply).waitFor({ timeout: 45_000 });
      expect(await postWith(a, reply).getByTestId('post-sender').textContent()).toBe('Bruno Lefèvre');

      // Bob reacts to Alice's post from the keyboard-reachable React button; Alice sees the count.
      await postWith(b, hello).hover();
      await postWith(b, hello).getByTestId('post-react').click();
      await b.getByTestId('post-reaction-bar').waitFor();
      await screenshot(b, `communities-${lang}-${theme}-4-reaction-bar`);
      const emoji = (await b.getByTestId('post-reaction-option').first().getAttribute('data-emoji')) ?? '';
      await b.getByTestId('post-reaction-option').first().click();
      const chipB = postWith(b, hello).locator('xpath=../..').getByTestId('post-reaction-chip');
      await expect.poll(() => chipB.getAttribute('aria-pressed'), { timeout: 45_000 }).toBe('true');
      const chipA = a.getByTestId('post-reaction-chip').filter({ hasText: emoji });
      await expect.poll(() => chipA.first().textContent(), { timeout: 45_000 }).toBe(`${emoji}1`);
      expect(await chipA.first().getAttribute('aria-pressed')).toBe('false');

      // Alice moderates: the menu of Bob's post offers Delete, Ban and Lift the ban to her (not to him).
      await postWith(a, reply).click({ button: 'right' });
      await expect.poll(() => postWith(a, reply).getByTestId('post-ban').isVisible()).toBe(true);
      expect(await postWith(a, reply).getByTestId('post-delete').isVisible()).toBe(true);
      await screenshot(a, `communities-${lang}-${theme}-5-room-moderator`);
      await a.emulateMedia({ colorScheme: other });
      await screenshot(a, `communities-${lang}-${other}-5-room-moderator`);
      await a.emulateMedia({ colorScheme: theme });
      await a.keyboard.press('Escape');
      await postWith(b, hello).click({ button: 'right' });
      await postWith(b, hello).getByTestId('context-menu').waitFor();
      expect(await postWith(b, hello).getByTestId('post-ban').count()).toBe(0);
      expect(await postWith(b, hello).getByTestId('post-delete').count()).toBe(0);
      await b.keyboard.press('Escape');

      // Bob steps away from the room; Alice's next post is unread in his list.
      await b.getByTestId('join-community-button').click();
      await b.getByTestId('join-cancel').click();
      const later = lang === 'fr' ? 'On commence à 19 h.' : 'We start at 7 pm.';
      await a.getByTestId('room-composer').fill(later);
      await a.getByTestId('room-composer').press('Enter');
      const badge = b.getByTestId('community-lobby').getByTestId('community-unread');
      await expect.poll(() => badge.textContent(), { timeout: 45_000 }).toBe('1');
      expect(await badge.getAttribute('aria-label')).toBe(c.unread_one.replace('{{count}}', '1'));
      await screenshot(b, `communities-${lang}-${theme}-6-list-unread`);
      await b.getByTestId('community-lobby').click();
      await postWith(b, later).waitFor();
      await expect.poll(() => badge.count(), { timeout: 30_000 }).toBe(0);

      // Bob deletes his own post (after confirming); both see it deleted.
      await postWith(b, reply).click({ button: 'right' });
      await postWith(b, reply).getByTestId('post-delete').click();
      await b.getByTestId('post-delete-confirm').getByTestId('confirm-accept').click();
      const deletedA = a.getByTestId('post-deleted');
      await expect.poll(() => deletedA.count(), { timeout: 45_000 }).toBe(1);
      expect(await deletedA.first().textContent()).toBe(c.deleted);
      await expect.poll(() => b.getByTestId('post-deleted').count(), { timeout: 45_000 }).toBe(1);
      await screenshot(b, `communities-${lang}-${theme}-7-room`);
      await b.emulateMedia({ colorScheme: other });
      await screenshot(b, `communities-${lang}-${other}-7-room`);

      // Bob leaves: the room goes from his list.
      await b.getByTestId('leave-community').click();
      await b.getByTestId('leave-confirm').getByTestId('confirm-accept').click();
      await expect.poll(() => b.getByTestId('community-lobby').count(), { timeout: 30_000 }).toBe(0);
      expect(await b.getByTestId('room-view').count()).toBe(0);

      await a.context().close();
      await b.context().close();
    }, 300_000);
  }
});
