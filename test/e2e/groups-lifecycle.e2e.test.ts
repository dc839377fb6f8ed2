/**
 * Issue #18's "Done when", in the app: three people on one devnet, each a real core behind the
 * browser host with its own Chromium window. Alice creates a group with Bruno and Chloé from the
 * New group form; both accept the invitation from their message requests (which say who invited
 * them); they chat both ways; Alice removes Chloé, whose window then shows she is no longer a
 * member and never shows what Alice writes next; Alice renames the group and Bruno sees the new
 * name; a second computer of Alice, restored from her recovery phrase, shows the group with its
 * name and members; Bruno leaves and Alice's window says so. EN light and FR dark.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { VARIANTS, openPage, screenshot, startApp, useWorld, waitConnected } from './harness';
import { call, groupIdInList, listPaneEntriesOf, openThree, startThreePeople } from './people';

const fill = (template: string, values: Record<string, string>): string =>
  Object.entries(values).reduce((s, [k, v]) => s.split(`{{${k}}}`).join(v), template);

/** The text of every message bubble in the open conversation. */
const bubbles = (page: Page): Promise<string[]> => page.getByTestId('message').allTextContents();
/** The text of every notice ("Alice removed Chloé.") in the open conversation, without bidi isolates. */
const notices = async (page: Page): Promise<string[]> =>
  (await page.getByTestId('group-notice').allTextContents()).map((t) => t.replace(/[\u2068\u2069]/g, ''));
/** How a notice names someone the Members config gives no name yet: the short ID (groups-media names them). */
const shortOf = (id: string): string => `${id.slice(0, 6)}…${id.slice(-4)}`;
/**
 * The notice `template` names `id` by `name` or, until names are in the Members config, by short
 * ID (names are isolated for bidi: the isolates are left out of the comparison).
 */
const namesEither = (template: string, key: string, name: string, id: string) => (texts: string[]) =>
  texts
    .map((t) => t.replace(/[\u2068\u2069]/g, ''))
    .some((t) => t === fill(template, { [key]: name }) || t === fill(template, { [key]: shortOf(id) }));
const memberState = (page: Page, id: string) =>
  page.getByTestId(`group-member-${id}`).getByTestId('group-member-state').textContent();

async function write(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer').fill(text);
  await page.getByTestId('composer').press('Enter');
}

/** Until a bubble with `text` is in the open conversation of `page` (polled from its swarm). */
async function sees(page: Page, text: string): Promise<void> {
  await expect
    .poll(async () => (await bubbles(page)).some((b) => b.includes(text)), { timeout: 60_000 })
    .toBe(true);
}

describe('a private group’s life in the app, three people on devnet', () => {
  const world = useWorld();

  for (const { lang, locale, dark, theme, catalog } of VARIANTS) {
    const shot = (page: Page, step: string) => screenshot(page, `groups-lifecycle-${lang}-${theme}-${step}`);

    it(`create, accept, chat, remove, rename, restore, leave (${lang}, ${theme})`, async () => {
      const g = catalog.groups;
      const chat = catalog.groupChat;
      const { devnet, browser, apps } = world;
      const people = await startThreePeople(devnet, apps);
      const { aliceId, bobId: brunoId, chloeId } = people;
      const { a, b, c } = await openThree(browser, people, { locale, dark });

      // Alice creates the group from the New group form with Bruno's and Chloé's pasted IDs.
      const name = lang === 'fr' ? 'Chorale du jeudi' : 'Thursday choir';
      await a.getByTestId('new-group-button').click();
      await a.getByTestId('new-group-name').fill(name);
      await a.getByTestId('new-group-paste').fill(`${brunoId}\n${chloeId}`);
      await expect.poll(() => a.getByTestId('new-group-counter').textContent()).toBe('3 / 100');
      await a.getByTestId('new-group-create').click();
      await expect
        .poll(() => a.getByTestId('group-panel-title').textContent(), { timeout: 60_000 })
        .toBe(name);
      const groupId = await groupIdInList(a);
      expect(groupId).toMatch(/^03[0-9a-f]{64}$/);
      // The group shows once in the list pane: its conversation (as Session shows it).
      expect(await listPaneEntriesOf(a, groupId)).toBe(1);

      // Bruno and Chloé each find the invitation among their requests, saying Alice invited them.
      for (const page of [b, c]) {
        await page.getByTestId('requests-banner').click({ timeout: 60_000 });
        await page.getByTestId(`conversation-${groupId}`).click();
        await expect.poll(() => page.getByTestId('group-invited-by').textContent()).toContain('Alice Martin');
        if (page === b) await shot(b, '1-invitation');
        await page.getByTestId('request-accept').click();
        await page.getByTestId('composer').waitFor();
      }
      // Alice sees both become members.
      await expect.poll(() => memberState(a, brunoId), { timeout: 60_000 }).toBe(g.role.member);
      await expect.poll(() => memberState(a, chloeId), { timeout: 60_000 }).toBe(g.role.member);
      await shot(a, '2-members-accepted');

      // Chat both ways: Alice writes from the group's conversation, Bruno and Chloé answer.
      await a.getByTestId(`conversation-${groupId}`).click();
      await a.getByTestId('composer').waitFor();
      const hello = lang === 'fr' ? 'Répétition à 19 h !' : 'Rehearsal at 7 pm!';
      await write(a, hello);
      await sees(b, hello);
      await sees(c, hello);
      const fromBruno = lang === 'fr' ? 'J’apporte les partitions.' : 'I’ll bring the scores.';
      await write(b, fromBruno);
      const fromChloe = lang === 'fr' ? 'Je serai là.' : 'I’ll be there.';
      await write(c, fromChloe);
      await sees(a, fromBruno);
      await sees(a, fromChloe);
      await sees(c, fromBruno);
      // Each bubble from someone else says who sent it (by name once the Members config carries
      // members' names: groups-media; until then, for people who are not contacts, a short ID).
      await expect.poll(() => a.getByTestId('group-sender').count()).toBeGreaterThanOrEqual(2);
      await shot(a, '3-chat');

      // Alice removes Chloé from the group's window (asked first).
      await a.getByTestId('group-details-button').click();
      await a.getByTestId(`group-member-${chloeId}`).getByTestId('group-member-remove').click();
      await a.getByTestId('group-remove-confirm').getByTestId('confirm-accept').click();
      await a.getByTestId(`group-member-${chloeId}`).waitFor({ state: 'detached', timeout: 60_000 });
      await a.getByTestId('group-panel-close').click();
      await a.getByTestId(`conversation-${groupId}`).click();
      const removed = namesEither(chat.notice.membersRemovedYou, 'members', 'Chloé Petit', chloeId);
      await expect.poll(async () => removed(await notices(a)), { timeout: 30_000 }).toBe(true);

      // Chloé's window says she was removed from the group, and the composer is gone.
      await c.getByTestId('group-not-member').waitFor({ timeout: 60_000 });
      expect((await c.getByTestId('group-not-member').textContent())?.replace(/[\u2068\u2069]/g, '')).toBe(
        fill(catalog.groupsLeft.removedFrom, { group: name }),
      );
      expect(await c.getByTestId('composer').count()).toBe(0);

      // What Alice writes next reaches Bruno and never Chloé: her core keeps polling (several
      // rounds after Bruno has it), and neither her window nor her database has it.
      const secret = lang === 'fr' ? 'Message après le départ de Chloé' : 'Written after Chloé was removed';
      await write(a, secret);
      await sees(b, secret);
      await c.getByTestId('group-not-member').waitFor();
      await c.getByTestId('message').filter({ hasText: fromBruno }).waitFor();
      await new Promise((r) => setTimeout(r, 3000));
      expect((await bubbles(c)).some((t) => t.includes(secret))).toBe(false);
      const chloeMessages = await call<{ body: string }[]>(people.chloe, 'messages.page', {
        conversationId: groupId,
        before: null,
        limit: 500,
      });
      expect(chloeMessages.some((m) => m.body === secret)).toBe(false);
      expect(chloeMessages.some((m) => m.body === fromBruno)).toBe(true);
      await shot(c, '4-removed');

      // Alice renames the group; Bruno sees the new name and the notice.
      const renamed = lang === 'fr' ? 'Chorale du vendredi' : 'Friday choir';
      await a.getByTestId('group-details-button').click();
      await a.getByTestId('group-rename-input').fill(renamed);
      await a.getByTestId('group-rename').click();
      await expect
        .poll(() => a.getByTestId('group-panel-title').textContent(), { timeout: 30_000 })
        .toBe(renamed);
      await expect
        .poll(() => b.locator('.conversation-header-title').textContent(), { timeout: 60_000 })
        .toBe(renamed);
      await expect
        .poll(() => notices(b), { timeout: 30_000 })
        .toContain(fill(chat.notice.renamed, { by: 'Alice Martin', name: renamed }));
      await shot(b, '5-renamed');

      // A second computer of Alice, restored from her phrase, shows the group: name and members.
      const { phrase } = await call<{ phrase: string }>(people.alice, 'account.revealPhrase', {});
      const laptop = await startApp({ seedUrl: devnet.seedUrl });
      apps.push(laptop);
      const l = await openPage(browser, laptop, { locale, dark, waitFor: 'onboarding-welcome' });
      await l.getByTestId('start-restore').click();
      await l.getByTestId('restore-word-1').fill(phrase);
      await expect.poll(() => l.getByTestId('restore-status').getAttribute('role')).toBe('status');
      await l.getByTestId('restore-submit').click();
      await l.getByTestId('shell').waitFor({ timeout: 30_000 });
      await waitConnected(l);
      const entry = l.getByTestId(`conversation-${groupId}`);
      await expect.poll(() => entry.textContent(), { timeout: 60_000 }).toContain(renamed);
      // Once in the list pane, as on the computer it was restored from.
      expect(await listPaneEntriesOf(l, groupId)).toBe(1);
      await entry.click();
      await l.getByTestId('group-details-button').click();
      await expect.poll(() => l.getByTestId('group-panel-title').textContent()).toBe(renamed);
      await l.getByTestId(`group-member-${brunoId}`).waitFor({ timeout: 60_000 });
      expect(await memberState(l, aliceId)).toBe(g.role.admin);
      expect(await memberState(l, brunoId)).toBe(g.role.member);
      expect(await l.getByTestId(`group-member-${chloeId}`).count()).toBe(0);
      // Restored as an admin: the admin operations are there.
      await l.getByTestId('group-admin').waitFor();
      await shot(l, '6-restored-computer');
      // Closing the panel goes back to the group's conversation, focus on what opened the panel.
      await l.getByTestId('group-panel-close').click();
      await l.getByTestId('composer').waitFor();
      await expect
        .poll(() => l.evaluate(() => document.activeElement?.getAttribute('data-testid')))
        .toBe('group-details-button');

      // Bruno leaves (asked first); Alice's window says he left, and his shows he is out.
      await b.getByTestId('group-details-button').click();
      await b.getByTestId('group-leave').click();
      await b.getByTestId('group-leave-confirm').getByTestId('confirm-accept').click();
      await b.getByTestId('group-leave').waitFor({ state: 'detached', timeout: 30_000 });
      // The Leave button that had the focus is gone: the panel's heading has it, not the page.
      await expect
        .poll(() => b.evaluate(() => document.activeElement?.getAttribute('data-testid')))
        .toBe('group-panel-title');
      // Alice's window still shows the group's panel (from the rename): back to its timeline.
      await a.getByTestId('group-panel-close').click();
      await a.getByTestId(`conversation-${groupId}`).click();
      const left = namesEither(chat.notice.memberLeft, 'member', 'Bruno Lefèvre', brunoId);
      await expect.poll(async () => left(await notices(a)), { timeout: 60_000 }).toBe(true);
      await shot(a, '7-member-left');

      for (const page of [a, b, c, l]) await page.context().close();
    }, 420_000);
  }
});
