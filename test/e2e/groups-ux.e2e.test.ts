/**
 * What a newcomer tripped over around groups (session 14), in the app, EN light and FR dark:
 * - a conversation opened by Account ID and never written to is listed only while it is open,
 *   is no contact in the New group member picker nor in the Contacts config other devices read;
 * - after "Create group" the new group is the selected conversation (the list marks it, not the
 *   one open before), and closing its panel shows its conversation with the focus there;
 * - after leaving a group, its panel and its conversation's header say so (no member count, no
 *   member list with us in it).
 */
import * as z from 'zod/mini';
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { groupSummarySchema } from '../../src/shared/ipc/groups';
import { VARIANTS, openPage, screenshot, useWorld, waitConnected, type RunningApp } from './harness';
import { call, groupIdInList, startTwoPeople } from './people';

const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
const current = (page: Page, id: string) =>
  page.getByTestId(`conversation-${id}`).getAttribute('aria-current', { timeout: 1_000 });

/** The group reached `app` as an invitation (polled from its swarm). */
async function waitInvited(app: RunningApp, groupId: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const r = await app.core.dispatcher.dispatch('groups.list', {});
        if (!r.ok) return undefined;
        return z
          .array(groupSummarySchema)
          .parse(r.value)
          .find((g) => g.groupId === groupId)?.status;
      },
      { timeout: 60_000, interval: 250 },
    )
    .toBe('invited');
}

describe('groups and new conversations, as a newcomer meets them (devnet)', () => {
  const world = useWorld();

  for (const { lang, locale, dark, theme, catalog } of VARIANTS) {
    const shot = (page: Page, step: string) => screenshot(page, `groups-ux-${lang}-${theme}-${step}`);

    it(`unused conversations, the new group selected, leaving said (${lang}, ${theme})`, async () => {
      const { browser } = world;
      const people = await startTwoPeople(world.devnet, world.apps);
      const { alice, bob: bruno, bobId: brunoId } = people;
      // Alice has written to Bruno: a conversation in use, and a contact.
      await call(alice, 'conversations.open', { sessionId: brunoId });
      await call(alice, 'messages.send', { conversationId: brunoId, body: lang === 'fr' ? 'Salut' : 'Hi' });
      const a = await openPage(browser, alice, { locale, dark });
      await waitConnected(a);

      // She opens a conversation by someone's Account ID, and leaves it without writing.
      const ghost = `05${randomBytes(32).toString('hex')}`;
      await a.getByTestId('new-conversation-button').click();
      await a.getByTestId('new-session-id').fill(ghost);
      await a.getByTestId('new-submit').click();
      await a.getByTestId('composer').waitFor();
      await a.getByTestId(`conversation-${ghost}`).waitFor();
      await shot(a, '1-opened-by-id');
      await a.getByTestId(`conversation-${brunoId}`).click();
      await a.getByTestId(`conversation-${ghost}`).waitFor({ state: 'detached' });
      // Gone from this computer too, not only hidden.
      await expect
        .poll(async () => (await call<{ id: string }[]>(alice, 'conversations.list', {})).map((c) => c.id))
        .not.toContain(ghost);

      // Opened again: the member picker offers Bruno, never the unused conversation.
      await a.getByTestId('new-conversation-button').click();
      await a.getByTestId('new-session-id').fill(ghost);
      await a.getByTestId('new-submit').click();
      await a.getByTestId('composer').waitFor();
      await a.getByTestId('new-group-button').click();
      await a.getByTestId(`new-group-contact-${brunoId}`).waitFor();
      expect(await a.getByTestId(`new-group-contact-${ghost}`).count()).toBe(0);
      // Nor is it a contact for Alice's other devices: Bruno is, in the Contacts config.
      const sync = alice.core.ensureSession()?.configSync;
      await expect.poll(() => sync?.configs.contacts.get(brunoId)?.approved).toBe(true);
      expect(sync?.configs.contacts.get(ghost)).toBeUndefined();
      await a.getByTestId('new-group-cancel').click();
      await a.getByTestId(`conversation-${brunoId}`).click();
      await a.getByTestId(`conversation-${ghost}`).waitFor({ state: 'detached' });

      // Creating a group from Bruno's conversation: the new group is the one marked in the list.
      expect(await current(a, brunoId)).toBe('true');
      const name = lang === 'fr' ? 'Club de lecture' : 'Book club';
      await a.getByTestId('new-group-button').click();
      await a.getByTestId('new-group-name').fill(name);
      await a.getByTestId('new-group-paste').fill(brunoId);
      await expect.poll(() => a.getByTestId('new-group-counter').textContent()).toBe('2 / 100');
      await a.getByTestId('new-group-create').click();
      await expect
        .poll(() => a.getByTestId('group-panel-title').textContent(), { timeout: 60_000 })
        .toBe(name);
      const groupId = await groupIdInList(a);
      await expect.poll(() => current(a, groupId)).toBe('true');
      expect(await current(a, brunoId)).toBeNull();
      await shot(a, '2-created-selected');
      // Closing the panel shows the group's conversation (not Bruno's), focus on its details button.
      await a.getByTestId('group-panel-close').click();
      await a.getByTestId('composer').waitFor();
      await expect.poll(() => a.locator('.conversation-header-title').textContent()).toBe(name);
      await expect.poll(() => focused(a)).toBe('group-details-button');
      expect(await current(a, groupId)).toBe('true');

      // Each conversation keeps its own unsent text: the group's draft is not carried into
      // Bruno's conversation (where Enter would send it to him), and is there on coming back.
      const draft = lang === 'fr' ? 'Brouillon pour le club' : 'Draft for the club';
      await a.getByTestId('composer').fill(draft);
      await a.getByTestId(`conversation-${brunoId}`).click();
      await expect.poll(() => a.locator('.conversation-header-title').textContent()).not.toBe(name);
      expect(await a.getByTestId('composer').inputValue()).toBe('');
      await a.getByTestId(`conversation-${groupId}`).click();
      await expect.poll(() => a.getByTestId('composer').inputValue()).toBe(draft);

      // Bruno accepts, then leaves from his window: panel and header say he left.
      await waitInvited(bruno, groupId);
      await bruno.core.ensureSession()?.groups.accept(groupId);
      const b = await openPage(browser, bruno, { locale, dark });
      await waitConnected(b);
      await b.getByTestId(`conversation-${groupId}`).click();
      await b.getByTestId('group-details-button').click();
      await b.getByTestId('group-leave').click();
      await b.getByTestId('group-leave-confirm').getByTestId('confirm-accept').click();
      await b.getByTestId('group-leave').waitFor({ state: 'detached', timeout: 30_000 });
      await expect.poll(() => b.getByTestId('group-panel-count').textContent()).toBe(catalog.groups.left);
      expect(await b.getByTestId(`group-member-${brunoId}`).count()).toBe(0);
      // No "the description arrives with the next update": none will come to a left group.
      expect(await b.getByTestId('group-description').count()).toBe(0);
      await shot(b, '3-left-panel');
      await b.getByTestId('group-panel-close').click();
      await b.getByTestId('group-not-member').waitFor();
      await expect.poll(() => b.getByTestId('group-member-count').textContent()).toBe(catalog.groups.left);
      await shot(b, '4-left-header');

      await a.context().close();
      await b.context().close();
    }, 300_000);
  }
});
