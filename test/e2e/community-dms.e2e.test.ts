/**
 * Issue #19 item 4 in the app: two people in the devnet's `lobby` post and read each other under
 * their community (blinded) IDs; Bob clicks Alice's name and writes to her ("Message"); his DM
 * reaches Alice as a message request that says which community it came through; she accepts and
 * replies, and Bob reads the reply. The request screen passes axe. Screenshots in English (light)
 * and French (dark), each also in the other theme.
 *
 * Then the leftovers: a blocked community DM sender is listed in Settings → Privacy with the
 * community, and unblocked there; with "message requests from communities" off, Alice's posts say
 * so (DataMessage 106) and Bob's "Message" is disabled, with the reason.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './axe';
import { addDevelopersRoom, joinFromRoomsList, postWith } from './community-steps';
import { VARIANTS, screenshot, useWorld } from './harness';
import { openBoth, startTwoPeople } from './people';

const messageWith = (page: Page, text: string) => page.getByTestId('message').filter({ hasText: text });
/** Without the bidi isolation marks the UI puts around names. */
const plain = (s: string | null) => (s ?? '').replace(/[\u2066-\u2069]/g, '');

describe('community DMs in the app (devnet)', () => {
  // A second room, so that joining shows the server's rooms list (and its Open button).
  const world = useWorld({ setUp: ({ devnet }) => addDevelopersRoom(devnet) });

  /** Alice and Bruno, each in a window with the lobby open (joined from the rooms list). */
  async function twoInTheLobby(locale: string, dark: boolean): Promise<{ a: Page; b: Page }> {
    const { devnet, browser, apps } = world;
    const { a, b } = await openBoth(browser, await startTwoPeople(devnet, apps), { locale, dark });
    await joinFromRoomsList(a, devnet.community.joinUrl);
    await joinFromRoomsList(b, devnet.community.joinUrl);
    return { a, b };
  }

  for (const { lang, locale, dark, theme, catalog } of VARIANTS) {
    const other = dark ? 'light' : 'dark';
    it(`a poster is written to from the room, the DM is a request naming the community, accepted and answered (${lang}, ${theme})`, async () => {
      const c = catalog.communities;
      const { a, b } = await twoInTheLobby(locale, dark);

      // Alice posts; Bob reads it under her name, whose title is her 15-blinded ID (not her 05).
      const hello = lang === 'fr' ? 'Qui vient samedi ?' : 'Who is coming on Saturday?';
      await a.getByTestId('room-composer').fill(hello);
      await a.getByTestId('room-composer').press('Enter');
      await postWith(b, hello).waitFor({ timeout: 45_000 });
      const sender = postWith(b, hello).getByTestId('post-sender');
      expect(await sender.textContent()).toBe('Alice Martin');
      const aliceBlinded = (await sender.getAttribute('title')) ?? '';
      expect(aliceBlinded).toMatch(/^15[0-9a-f]{64}$/);

      // Our own posts offer no "Message"; Bob clicks Alice's name: "Message Alice Martin".
      expect(await postWith(a, hello).getByRole('button', { name: 'Alice Martin' }).count()).toBe(0);
      await sender.click();
      const messageButton = postWith(b, hello).getByTestId('post-message');
      expect(plain(await messageButton.textContent())).toBe(
        c.messagePoster.replace('{{name}}', 'Alice Martin'),
      );
      await screenshot(b, `community-dms-${lang}-${theme}-1-message-poster`);
      await messageButton.click();
      await b.getByTestId('conversation-view').waitFor({ timeout: 30_000 });
      expect(plain(await b.getByTestId('conversation-community-header').textContent())).toBe(
        c.dmVia.replace('{{name}}', 'Lobby'),
      );
      // Text only through a community: no attachments, no disappearing timer.
      expect(await b.getByTestId('disappearing-button').count()).toBe(0);
      expect(await b.getByTestId('attach').count()).toBe(0);

      const dm =
        lang === 'fr' ? 'Bonjour Alice, je viendrai avec un ami.' : 'Hi Alice, I will come with a friend.';
      await b.getByTestId('composer').fill(dm);
      await b.getByTestId('composer').press('Enter');
      await messageWith(b, dm).waitFor();
      await expect
        .poll(() => messageWith(b, dm).getByTestId('message-status').getAttribute('data-shown'), {
          timeout: 45_000,
        })
        .toBe('sent');

      // Alice: a message request, from Bruno (the name his DM carried), via Lobby.
      const banner = a.getByTestId('requests-banner');
      await banner.waitFor({ timeout: 60_000 });
      await banner.click();
      const request = a.locator('.conversation-item').filter({ hasText: 'Bruno Lefèvre' });
      await request.waitFor();
      expect(plain(await request.getByTestId('conversation-community').textContent())).toBe(
        c.dmVia.replace('{{name}}', 'Lobby'),
      );
      await request.click();
      await messageWith(a, dm).waitFor();
      await a.getByTestId('request-bar').waitFor();
      expect(plain(await a.getByTestId('request-bar').locator('p').textContent())).toBe(
        c.dmRequestExplain.replace('{{name}}', 'Lobby'),
      );
      await screenshot(a, `community-dms-${lang}-${theme}-2-request`);
      await expectNoAxeViolations(a, `community DM request (${lang}, ${theme})`);
      await a.emulateMedia({ colorScheme: other });
      await screenshot(a, `community-dms-${lang}-${other}-2-request`);
      await a.emulateMedia({ colorScheme: theme });

      // Accepted: an ordinary conversation; Alice replies through the server's inbox.
      await a.getByTestId('request-accept').click();
      await a.getByTestId('composer').waitFor();
      const answer = lang === 'fr' ? 'Avec plaisir, à samedi !' : 'Great, see you on Saturday!';
      await a.getByTestId('composer').fill(answer);
      await a.getByTestId('composer').press('Enter');
      await messageWith(a, answer).waitFor();

      // Bob reads the reply in the same conversation; it was unread until he looked.
      await messageWith(b, answer).waitFor({ timeout: 60_000 });
      await screenshot(b, `community-dms-${lang}-${theme}-3-conversation`);
      await b.emulateMedia({ colorScheme: other });
      await screenshot(b, `community-dms-${lang}-${other}-3-conversation`);
      const row = b.getByTestId(`conversation-${aliceBlinded}`);
      expect(await row.getByTestId('conversation-community').count()).toBe(1);

      await a.context().close();
      await b.context().close();
    }, 300_000);

    it(`a blocked sender is unblocked from Settings; a poster with requests off cannot be written to (${lang}, ${theme})`, async () => {
      const m = catalog.communityDmMore;
      const { a, b } = await twoInTheLobby(locale, dark);

      // Bob writes to Alice from her post; Alice blocks the request.
      const first = lang === 'fr' ? 'Quelqu’un a un vélo ?' : 'Anyone got a bike?';
      await a.getByTestId('room-composer').fill(first);
      await a.getByTestId('room-composer').press('Enter');
      await postWith(b, first).waitFor({ timeout: 45_000 });
      await postWith(b, first).getByTestId('post-sender').click();
      await postWith(b, first).getByTestId('post-message').click();
      await b.getByTestId('composer').waitFor({ timeout: 30_000 });
      const dm = lang === 'fr' ? 'Moi, je te le prête.' : 'I can lend you mine.';
      await b.getByTestId('composer').fill(dm);
      await b.getByTestId('composer').press('Enter');
      await expect
        .poll(() => messageWith(b, dm).getByTestId('message-status').getAttribute('data-shown'), {
          timeout: 45_000,
        })
        .toBe('sent');
      await a.getByTestId('requests-banner').waitFor({ timeout: 60_000 });
      await a.getByTestId('requests-banner').click();
      await a.locator('.conversation-item').filter({ hasText: 'Bruno Lefèvre' }).click();
      await messageWith(a, dm).waitFor();
      await a.getByTestId('request-block').click();
      await a.getByTestId('block-confirm').waitFor();
      await a.keyboard.press('Tab');
      await a.keyboard.press('Enter');
      await expect
        .poll(() => a.locator('.conversation-item').filter({ hasText: 'Bruno Lefèvre' }).count())
        .toBe(0);

      // Settings → Privacy lists him with the community; Unblock brings the request back.
      await a.keyboard.press('Control+3');
      await a.getByTestId('settings-privacy').click();
      const row = a.getByTestId('blocked-card').locator('.blocked-item').filter({ hasText: 'Bruno Lefèvre' });
      await row.waitFor();
      expect(plain(await row.getByTestId('blocked-via').textContent()).trim()).toBe(
        m.blockedVia.replace('{{room}}', 'Lobby'),
      );
      expect(await row.locator('span').first().getAttribute('title')).toMatch(/^15[0-9a-f]{64}$/);
      await screenshot(a, `community-dms-${lang}-${theme}-4-blocked-list`);
      await expectNoAxeViolations(a, `blocked community sender (${lang}, ${theme})`);
      await row.getByTestId('blocked-unblock').click();
      await expect.poll(() => row.count()).toBe(0);
      expect(await a.getByTestId('blocked-card').textContent()).toContain(catalog.contacts.blockedEmpty);

      // Requests from communities off: Alice's next post says so, and Bob cannot write to her.
      await a.getByTestId('community-requests').click();
      expect(await a.getByTestId('community-requests').isChecked()).toBe(false);
      await a.keyboard.press('Control+1');
      // The list was left on the requests (where the unblocked request is again).
      const back = a.locator('.requests-banner').filter({ hasText: catalog.messaging.backToConversations });
      if ((await back.count()) > 0) await back.click();
      await a.getByTestId('community-lobby').click();
      const second = lang === 'fr' ? 'Plus de messages privés, merci.' : 'No private messages, thanks.';
      await a.getByTestId('room-composer').fill(second);
      await a.getByTestId('room-composer').press('Enter');
      await b.getByTestId('community-lobby').click();
      await postWith(b, second).waitFor({ timeout: 45_000 });
      await postWith(b, second).getByTestId('post-sender').click();
      const message = postWith(b, second).getByTestId('post-message');
      expect(await message.isDisabled()).toBe(true);
      expect(plain(await postWith(b, second).getByTestId('post-requests-off').textContent())).toBe(
        m.requestsOff.replace('{{name}}', 'Alice Martin'),
      );
      await screenshot(b, `community-dms-${lang}-${theme}-5-requests-off`);
      await expectNoAxeViolations(b, `requests off (${lang}, ${theme})`);
      await b.emulateMedia({ colorScheme: other });
      await screenshot(b, `community-dms-${lang}-${other}-5-requests-off`);

      await a.context().close();
      await b.context().close();
    }, 300_000);
  }
});
