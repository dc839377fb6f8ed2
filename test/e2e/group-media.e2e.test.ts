/**
 * Issue #18 in the app: a group's picture (set by its admin, Alice) shows on Bruno's side in the
 * conversation list, the group's header and its panel, in place of the initials; the panel names
 * Alice by the name the group's Members config gives (she is not Bruno's contact). Screenshots
 * EN light and FR dark.
 */
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import type { SessionId } from '../../src/crypto/keys';
import { groupSummarySchema } from '../../src/shared/ipc/groups';
import { testPng } from '../main/files/images';
import { VARIANTS, openPage, screenshot, useWorld, waitConnected } from './harness';
import { startTwoPeople } from './people';

describe('a group’s picture in the app (devnet)', () => {
  const world = useWorld();

  for (const { lang, locale, dark, theme } of VARIANTS) {
    it(`shows the picture Alice set, and her name from the group (${lang}, ${theme})`, async () => {
      // With the devnet's file server: the picture is uploaded there and downloaded from it.
      const {
        alice,
        bob: bruno,
        aliceId,
        bobId: brunoId,
      } = await startTwoPeople(world.devnet, world.apps, {
        files: true,
      });
      const aliceGroups = alice.core.ensureSession()?.groups;
      const brunoGroups = bruno.core.ensureSession()?.groups;
      if (!aliceGroups || !brunoGroups) throw new Error('no session');
      const name = lang === 'fr' ? 'Atelier photo' : 'Photo workshop';
      const groupId = await aliceGroups.create(name, [brunoId]);
      await aliceGroups.admin.setPicture(groupId, testPng(96, 5));

      // Bruno accepts the invitation from his swarm.
      await expect
        .poll(
          async () => {
            const r = await bruno.core.dispatcher.dispatch('groups.list', {});
            return (
              r.ok &&
              z
                .array(groupSummarySchema)
                .parse(r.value)
                .some((g) => g.groupId === groupId)
            );
          },
          { timeout: 60_000, interval: 250 },
        )
        .toBe(true);
      await brunoGroups.accept(groupId);

      const b = await openPage(world.browser, bruno, { locale, dark });
      await waitConnected(b);
      // The conversation list: the group's row shows its picture, not its initials.
      const row = b.getByTestId(`conversation-${groupId}`);
      await row.getByTestId('avatar-picture').waitFor({ timeout: 60_000 });
      expect(await row.getByTestId('avatar-picture').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      // Its preview names Alice as the group does ("Alice Martin changed the group picture.").
      await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain('Alice Martin');
      // The group's header.
      await row.click();
      const view = b.getByTestId('conversation-view');
      await view.locator('.conversation-header').getByTestId('avatar-picture').waitFor();
      await screenshot(b, `group-media-${lang}-${theme}-1-conversation`);

      // The group's panel: its picture, and Alice named by the group (she is no contact of his).
      await b.getByTestId('group-details-button').click();
      const panel = b.getByTestId('group-panel');
      await panel.waitFor();
      await panel.getByTestId('avatar-picture').first().waitFor();
      await expect
        .poll(() => b.getByTestId(`group-member-${aliceId}`).locator('.group-member-name').textContent(), {
          timeout: 30_000,
        })
        .toBe('Alice Martin');
      expect(bruno.core.ensureSession()?.db.conversations.getConversation(aliceId as SessionId)).toBe(
        undefined,
      );
      await screenshot(b, `group-media-${lang}-${theme}-2-panel`);
      await b.close();
    }, 240_000);
  }
});
