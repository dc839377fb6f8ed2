/**
 * Issue #18 items 2, 3 and 5 in the app: Alice creates a private group with Bruno and Chloé from
 * the New group form (a pasted ID with a mistake is told by its line first), sees the members with
 * their role and invitation status in words, sees Bruno's acceptance arrive, and finds the admin
 * operations (which answer in words while they are not available); a member sees none of them.
 * Keyboard: Escape closes the form (focus back on "New group") and the panel (focus on the new
 * group's conversation). Screenshots EN/FR, light/dark.
 */
import * as z from 'zod/mini';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { groupSummarySchema } from '../../src/shared/ipc/groups';
import { VARIANTS, openPage, screenshot, useWorld, waitConnected, type RunningApp } from './harness';
import { boxOf } from './layout';
import { groupIdInList, listPaneEntriesOf, startThreePeople } from './people';

/** Pixels between the left edges and between the right edges of two boxes (the larger one). */
async function edgesOff(a: Locator, b: Locator): Promise<number> {
  const [x, y] = [await boxOf(a), await boxOf(b)];
  return Math.max(Math.abs(x.x - y.x), Math.abs(x.x + x.width - (y.x + y.width)));
}

/** The invitation reached `app` (polled from its swarm): its group ID. */
async function invitationOf(app: RunningApp, name: string): Promise<string> {
  let found: string | undefined;
  await expect
    .poll(
      async () => {
        const r = await app.core.dispatcher.dispatch('groups.list', {});
        if (!r.ok) return undefined;
        found = z
          .array(groupSummarySchema)
          .parse(r.value)
          .find((g) => g.name === name && g.status === 'invited')?.groupId;
        return found;
      },
      { timeout: 60_000, interval: 250 },
    )
    .toBeDefined();
  return found ?? '';
}

const stateOf = (page: Page, id: string) =>
  page.getByTestId(`group-member-${id}`).getByTestId('group-member-state').textContent();

describe('private groups in the app (devnet)', () => {
  const world = useWorld();

  for (const { lang, locale, dark, theme, catalog } of VARIANTS) {
    it(`creates a group with two people and shows its members and statuses (${lang}, ${theme})`, async () => {
      const g = catalog.groups;
      const { browser } = world;
      const people = await startThreePeople(world.devnet, world.apps);
      const { alice, bob: bruno, aliceId, bobId: brunoId, chloeId } = people;
      const a = await openPage(browser, alice, { locale, dark });
      await waitConnected(a);

      // The form: Escape closes it and focus returns to "New group".
      await a.getByTestId('new-group-button').click();
      await a.getByTestId('new-group-name').waitFor();
      expect(await a.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
        'new-group-name',
      );
      await a.keyboard.press('Escape');
      await a.getByTestId('new-group').waitFor({ state: 'detached' });
      expect(await a.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
        'new-group-button',
      );

      // Again, keyboard only: a name, a description, and pasted IDs with one mistake per line.
      await a.keyboard.press('Enter');
      await a.getByTestId('new-group-name').waitFor();
      const name = lang === 'fr' ? 'Randonnée du dimanche' : 'Sunday hikes';
      await a.keyboard.type(name);
      await a.getByTestId('new-group-description').fill(lang === 'fr' ? 'Départ à 9 h' : 'We leave at 9');
      await a
        .getByTestId('new-group-paste')
        .fill([brunoId, `${chloeId.slice(0, 30)}xyz`, brunoId, aliceId].join('\n'));
      const problems = a.getByTestId('new-group-paste-status').locator('li');
      await expect.poll(() => problems.count()).toBe(3);
      const texts = await problems.allTextContents();
      expect(texts[0]).toContain(lang === 'fr' ? 'Ligne 2' : 'Line 2');
      expect(texts[1]).toBe(g.idDuplicate.replace('{{line}}', '3'));
      expect(texts[2]).toBe(g.idSelf.replace('{{line}}', '4'));
      // The problems line up with the field they are about (a list's default indent pushed them
      // 40 pixels to the right of it).
      const left = async (l: Locator) => (await l.boundingBox())?.x ?? NaN;
      expect(
        Math.abs((await left(problems.first())) - (await left(a.getByTestId('new-group-paste')))),
      ).toBeLessThan(2);
      await expect.poll(() => a.getByTestId('new-group-counter').textContent()).toBe('2 / 100');
      // The members box lines up with the fields above it (a fieldset's browser margins set it
      // 2 pixels in on each side).
      expect(
        await edgesOff(a.getByTestId('new-group-members'), a.getByTestId('new-group-description')),
      ).toBeLessThan(0.5);
      await screenshot(a, `groups-${lang}-${theme}-1-new-group-errors`);
      // Corrected: three members with Alice.
      await a.getByTestId('new-group-paste').fill(`${brunoId}\n${chloeId}`);
      await expect.poll(() => problems.count()).toBe(0);
      await expect.poll(() => a.getByTestId('new-group-counter').textContent()).toBe('3 / 100');
      await screenshot(a, `groups-${lang}-${theme}-2-new-group`);
      await a.getByTestId('new-group-create').click();

      // The panel: Alice (admin), Bruno and Chloé invited; the description could not be set while
      // the admin operations are not in this build, and the panel says so.
      const panel = a.getByTestId('group-panel');
      await panel.waitFor({ timeout: 60_000 });
      await expect.poll(() => a.getByTestId('group-panel-title').textContent()).toBe(name);
      await a.getByTestId(`group-member-${brunoId}`).waitFor();
      expect(await stateOf(a, aliceId)).toBe(g.role.admin);
      expect(await stateOf(a, brunoId)).toBe(`${g.role.member} · ${g.status.sent}`);
      expect(await stateOf(a, chloeId)).toBe(`${g.role.member} · ${g.status.sent}`);
      // The members line up with their heading (no list indent).
      expect(
        Math.abs(
          (await left(a.getByTestId(`group-member-${aliceId}`))) -
            (await left(a.locator('#group-members-title'))),
        ),
      ).toBeLessThan(2);
      // The group shows once in the list pane: its conversation (as Session shows it).
      expect(await listPaneEntriesOf(a, await groupIdInList(a))).toBe(1);
      // The description needs the admin operations: said in words while they are not here.
      const notice = (await a.getByTestId('group-action-status').textContent()) ?? '';
      if (notice !== '') expect(notice).toContain(g.partDescription);
      await screenshot(a, `groups-${lang}-${theme}-3-panel-invited`);

      // Bruno accepts (the invitation came through his swarm); Alice sees him become a member.
      const groupId = await invitationOf(bruno, name);
      await bruno.core.ensureSession()?.groups.accept(groupId);
      await expect.poll(() => stateOf(a, brunoId), { timeout: 60_000 }).toBe(g.role.member);
      expect(await stateOf(a, chloeId)).toBe(`${g.role.member} · ${g.status.sent}`);

      // Admin operations: each is offered; until they exist in this build they answer in words.
      await a.getByTestId('group-admin').waitFor();
      // The panel's members box spans its form, as the fields of the forms under it do.
      expect(await edgesOff(a.getByTestId('group-add-members'), a.getByTestId('group-add'))).toBeLessThan(
        0.5,
      );
      await a.getByTestId('group-rename-input').fill(`${name} 2`);
      await a.getByTestId('group-rename').click();
      const status = a.getByTestId('group-action-status');
      await expect
        .poll(async () => {
          const text = (await status.textContent()) ?? '';
          return text !== '' && !text.includes(g.working) && text !== notice;
        })
        .toBe(true);
      if ((await a.getByTestId('group-action-error').count()) > 0)
        expect(await a.getByTestId('group-action-error').textContent()).toBe(g.errors['admin-unavailable']);
      else await expect.poll(() => a.getByTestId('group-panel-title').textContent()).toBe(`${name} 2`);
      // Remove asks first, with the choice to delete their messages; Esc cancels the dialog only.
      await a.getByTestId(`group-member-${chloeId}`).getByTestId('group-member-remove').click();
      await a.getByTestId('group-remove-confirm').waitFor();
      await a.getByTestId('group-remove-delete-messages').waitFor();
      await screenshot(a, `groups-${lang}-${theme}-4-remove-confirm`);
      await a.keyboard.press('Escape');
      await a.getByTestId('group-remove-confirm').waitFor({ state: 'detached' });
      expect(await panel.isVisible()).toBe(true);
      await a.getByTestId('group-panel-title').focus();
      await screenshot(a, `groups-${lang}-${theme}-5-panel`);

      // Bruno, a member, sees the members and Leave, and no admin operation.
      const b = await openPage(browser, bruno, { locale, dark });
      await waitConnected(b);
      await b.getByTestId(`conversation-${groupId}`).click();
      expect(await listPaneEntriesOf(b, groupId)).toBe(1);
      await b.getByTestId('group-details-button').click();
      await b.getByTestId('group-panel').waitFor();
      await b.getByTestId(`group-member-${aliceId}`).waitFor();
      expect(await b.getByTestId('group-admin').count()).toBe(0);
      expect(await b.getByTestId('group-member-remove').count()).toBe(0);
      expect(await b.getByTestId('group-leave').isVisible()).toBe(true);
      await screenshot(b, `groups-${lang}-${theme}-6-member-panel`);

      // Escape closes Alice's panel: the new group is her open conversation, focus on the button
      // that opens its panel again.
      await a.getByTestId('group-panel-title').focus();
      await a.keyboard.press('Escape');
      await panel.waitFor({ state: 'detached' });
      await expect
        .poll(() => a.evaluate(() => document.activeElement?.getAttribute('data-testid')))
        .toBe('group-details-button');
      await a.close();
      await b.close();
    }, 240_000);
  }
});
