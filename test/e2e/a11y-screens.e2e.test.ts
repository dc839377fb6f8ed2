import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../devnet/index';
import { communityRoomSchema } from '../../src/shared/ipc/communities';
import { picture } from './attachment-fixtures';
import { startAppWithFiles } from './people';
import { axeViolations, describeViolations } from './axe';
import { gapBelow, headerProblem } from './layout';
import {
  openPage,
  screenshot,
  sessionIdOf,
  startWorld,
  stopWorld,
  waitConnected,
  type RunningApp,
} from './harness';

const PASSWORD = 'a11y password 1';
const VARIANTS = [
  { lang: 'en', locale: 'en-US', dark: false },
  { lang: 'en', locale: 'en-US', dark: true },
  { lang: 'fr', locale: 'fr-FR', dark: false },
] as const;

/**
 * Issue #23: every screen, in light, dark and French, has no WCAG 2.2 A/AA violation that axe-core
 * finds. Each screen is checked where it stands (failures are gathered, so one run lists them all)
 * and photographed, so the look is checked with the same walk.
 */
describe('accessibility of every screen (axe-core, WCAG 2.2 A/AA)', () => {
  let browser: Browser;
  let devnet: Devnet;
  let bob: RunningApp;
  const apps: RunningApp[] = [];

  beforeAll(async () => {
    ({ devnet, browser } = await startWorld());
    bob = await startAppWithFiles(devnet, 'Bob Durand');
    await bob.core.dispatcher.dispatch('settings.update', { readReceipts: true });
    // A community post for the community screens (issue #19).
    const lobby = await bob.core.dispatcher.dispatch('communities.join', { url: devnet.community.joinUrl });
    if (!lobby.ok) throw new Error(`Bob could not join the lobby: ${lobby.error.message}`);
    await bob.core.dispatcher.dispatch('communities.send', {
      roomId: communityRoomSchema.parse(lobby.value).id,
      body: 'Bonjour, hello!',
    });
  }, 90_000);
  afterAll(() => stopWorld({ devnet, browser }, [bob, ...apps]));

  for (const { lang, locale, dark } of VARIANTS) {
    const variant = `${lang}-${dark ? 'dark' : 'light'}`;
    it(`has no violation on any screen (${variant})`, async () => {
      const me = await startAppWithFiles(devnet);
      apps.push(me);
      const failures: string[] = [];
      const check = async (page: Page, screen: string) => {
        await screenshot(page, `a11y-${variant}-${screen}`);
        const violations = await axeViolations(page);
        if (violations.length > 0) failures.push(`— ${screen}:\n${describeViolations(violations)}`);
      };
      const page = await openPage(browser, me, { locale, dark, waitFor: 'onboarding-welcome' });

      // Onboarding: welcome, restore (with a problem), name (with a problem), ID, phrase, confirm.
      await check(page, 'onboarding-welcome');
      await page.getByTestId('start-restore').click();
      await page.getByTestId('restore-word-1').waitFor();
      await check(page, 'onboarding-restore');
      await page.getByTestId('restore-word-1').fill('amaze buffet qqqq');
      await expect.poll(() => page.getByTestId('restore-status').getAttribute('role')).toBe('alert');
      await check(page, 'onboarding-restore-error');
      await page.getByTestId('restore-back').click();
      await page.getByTestId('start-create').click();
      await page.getByTestId('name-submit').click();
      await page.getByRole('alert').waitFor();
      await check(page, 'onboarding-name-error');
      await page.getByTestId('display-name').fill('Camille Petit');
      await page.getByTestId('name-submit').click();
      await page.getByTestId('session-id-qr').waitFor();
      await check(page, 'onboarding-session-id');
      await page.getByTestId('id-next').click();
      await page.getByTestId('phrase-words').waitFor();
      const words = await page.locator('.phrase-text').allTextContents();
      await check(page, 'onboarding-backup');
      await page.getByTestId('backup-next').click();
      await page.getByTestId('confirm-word-0').waitFor();
      await check(page, 'onboarding-confirm');
      await page.getByTestId('confirm-word-0').fill('zzz');
      await page.getByTestId('confirm-submit').click();
      await page.getByTestId('confirm-error').waitFor();
      await check(page, 'onboarding-confirm-error');
      for (const i of [0, 1]) {
        const field = page.getByTestId(`confirm-word-${i}`);
        await field.fill(words[Number(await field.getAttribute('data-position')) - 1] ?? '');
      }
      await page.getByTestId('confirm-submit').click();
      await page.getByTestId('shell').waitFor();
      await waitConnected(page);
      await expect.poll(() => page.getByTestId('conversations-empty').isVisible()).toBe(true);
      await check(page, 'conversations-empty');
      // "Open Note to Self" stands apart from the text above it, like the links under it.
      expect
        .soft(await gapBelow(page.locator('.list-empty-body'), page.getByTestId('note-to-self')))
        .toBeGreaterThan(8);

      // New conversation, empty and with a malformed ID.
      await page.getByTestId('new-conversation-button').click();
      await check(page, 'new-conversation');
      await page.getByTestId('new-session-id').fill(`${sessionIdOf(bob).slice(0, 20)}zz`);
      await expect.poll(() => page.getByTestId('new-session-id-status').getAttribute('role')).toBe('alert');
      await check(page, 'new-conversation-error');
      await page.keyboard.press('Escape');

      // New group (issue #18): the form, a malformed pasted ID, then the panel of a group with Bob.
      await page.getByTestId('new-group-button').click();
      await page.getByTestId('new-group-name').waitFor();
      await check(page, 'new-group');
      await page.getByTestId('new-group-name').fill(lang === 'fr' ? 'Club de lecture' : 'Book club');
      await page.getByTestId('new-group-paste').fill(`${sessionIdOf(bob).slice(0, 20)}zz`);
      await page.getByTestId('new-group-paste-status').locator('.field-error').waitFor();
      await check(page, 'new-group-error');
      await page.getByTestId('new-group-paste').fill(sessionIdOf(bob));
      await page.getByTestId('new-group-create').click();
      await page.getByTestId(`group-member-${sessionIdOf(bob)}`).waitFor({ timeout: 45_000 });
      await check(page, 'group-panel');
      // "Add members" comes right under the card's title: no empty space nor rule between them.
      const admin = page.getByTestId('group-admin');
      const addTitle = admin.getByTestId('group-add').locator('.group-form-title');
      expect.soft(await gapBelow(admin.locator('.card-title'), addTitle)).toBeLessThan(24);
      await page.keyboard.press('Escape');
      await page.getByTestId('group-panel').waitFor({ state: 'detached' });

      // A message request from Bob, accepted; a reply, a picture; Bob reads them.
      const myId = sessionIdOf(me);
      const bobId = sessionIdOf(bob);
      await bob.core.dispatcher.dispatch('conversations.open', { sessionId: myId });
      await bob.core.dispatcher.dispatch('messages.send', {
        conversationId: myId,
        body: lang === 'fr' ? 'Salut Camille, on se voit demain ?' : 'Hi Camille, see you tomorrow?',
      });
      await page.getByTestId('requests-banner').waitFor({ timeout: 45_000 });
      await check(page, 'requests-banner');
      await page.getByTestId('requests-banner').click();
      await page.getByTestId(`conversation-${bobId}`).waitFor();
      await check(page, 'requests-list');
      // "Demandes de message" stays on one line and clear of "Nouveau".
      expect
        .soft(
          await headerProblem(page.locator('.list-pane-title'), page.getByTestId('new-conversation-button')),
        )
        .toBeUndefined();
      await page.getByTestId(`conversation-${bobId}`).click();
      await page.getByTestId('request-bar').waitFor();
      await check(page, 'request');
      await page.getByTestId('request-accept').click();
      await page.getByTestId('composer').waitFor();
      await page.getByTestId('composer').fill(lang === 'fr' ? 'Oui, à 18 h !' : 'Yes, at 6 pm!');
      await page.getByTestId('composer').press('Enter');
      await page.getByTestId('attach-input').setInputFiles({
        name: 'plage.png',
        mimeType: 'image/png',
        buffer: picture(320, 240, 200),
      });
      // Staging reads and thumbnails the file first; Enter before it ends would send nothing.
      await expect
        .poll(() => page.locator('[data-testid="staged-item"][data-staged="true"]').count(), {
          timeout: 30_000,
        })
        .toBe(1);
      await page.getByTestId('composer').press('Enter');
      await page.getByTestId('attachment-open').last().waitFor({ timeout: 60_000 });
      await bob.core.dispatcher.dispatch('requests.accept', { conversationId: myId });
      const mine = page.locator('.message-out [data-testid="message"]');
      await expect
        .poll(() => mine.last().getAttribute('data-status'), { timeout: 60_000 })
        .toMatch(/sent|read/);
      await expect
        .poll(
          async () => {
            await bob.core.dispatcher.dispatch('conversations.markRead', { conversationId: myId });
            return mine.first().getAttribute('data-status');
          },
          { timeout: 60_000, interval: 1000 },
        )
        .toBe('read');
      await check(page, 'conversation');
      await page.getByTestId('message').first().click({ button: 'right' });
      await page.getByTestId('context-menu').waitFor();
      await check(page, 'message-menu');
      await page.getByTestId('info').click();
      await page.getByTestId('message-info').waitFor();
      await check(page, 'message-info');
      await page.getByTestId('info-close').click();
      // Screens that came with later issues: the media viewer, the reaction bar and emoji picker.
      await page.getByTestId('attachment-open').last().click();
      await page.getByTestId('lightbox-image').waitFor();
      await check(page, 'lightbox');
      await page.keyboard.press('Escape');
      await page.getByTestId('lightbox').waitFor({ state: 'detached' });
      await page.locator('.message-in [data-testid="message"]').first().click({ button: 'right' });
      await page.getByTestId('react').click();
      await page.getByTestId('reaction-bar').waitFor();
      await check(page, 'reaction-bar');
      await page.getByTestId('reaction-more').click();
      await page.getByTestId('emoji-picker').waitFor();
      await check(page, 'emoji-picker');
      await page.keyboard.press('Escape');

      // Communities (issue #19): the join panel, a bad link, the lobby with Bob's post and its
      // actions, the reaction bar.
      await page.getByTestId('join-community-button').click();
      await page.getByTestId('join-url').waitFor();
      await check(page, 'community-join');
      await page.getByTestId('join-url').fill('https://example.org/lobby');
      await page.getByTestId('join-submit').click();
      await expect.poll(() => page.getByTestId('join-status').getAttribute('role')).toBe('alert');
      await check(page, 'community-join-error');
      await page.getByTestId('join-url').fill(devnet.community.joinUrl);
      await page.getByTestId('join-submit').click();
      await page.getByTestId('room-view').waitFor({ timeout: 45_000 });
      const bobPost = page.getByTestId('post').filter({ hasText: 'Bonjour, hello!' });
      await bobPost.waitFor({ timeout: 45_000 });
      await bobPost.hover();
      await bobPost.getByTestId('post-react').waitFor();
      await check(page, 'community-room');
      await bobPost.getByTestId('post-react').click();
      await page.getByTestId('post-reaction-bar').waitFor();
      await check(page, 'community-reaction-bar');
      await page.keyboard.press('Escape');
      // Back to Bob's conversation, where the walk was before the community screens.
      await page.getByTestId(`conversation-${bobId}`).click();
      await page.getByTestId('composer').waitFor();

      // Issue #20's overlays: the shortcuts sheet (Ctrl+/), the quick switcher (Ctrl+K) with a
      // filter typed, and the conversation's mute menu.
      await page.keyboard.press('Control+/');
      await page.getByTestId('shortcuts-sheet').waitFor();
      await check(page, 'shortcuts-sheet');
      await page.keyboard.press('Escape');
      await page.getByTestId('shortcuts-sheet').waitFor({ state: 'detached' });
      await page.keyboard.press('Control+k');
      await page.getByTestId('quick-switcher-input').waitFor();
      await page.keyboard.type('bob');
      await expect.poll(() => page.locator('[role="option"]').count()).toBeGreaterThan(0);
      await check(page, 'quick-switcher');
      await page.keyboard.press('Escape');
      await page.getByTestId('quick-switcher').waitFor({ state: 'detached' });
      await page.getByTestId('mute-button').click();
      await page.getByTestId('mute-menu').waitFor();
      await check(page, 'mute-menu');
      await page.keyboard.press('Escape');
      await page.getByTestId('mute-menu').waitFor({ state: 'detached' });

      // Contacts and a contact's page.
      await page.keyboard.press('Control+2');
      await page.getByTestId(`contact-${bobId}`).click();
      await page.getByTestId('contact-detail').waitFor();
      await check(page, 'contact-detail');

      // Every Settings page.
      await page.keyboard.press('Control+3');
      for (const p of [
        'account',
        'recovery',
        'privacy',
        'network',
        'storage',
        'appearance',
        'language',
        'about',
      ]) {
        await page.getByTestId(`settings-${p}`).click();
        if (p === 'network') await expect.poll(() => page.getByTestId('path-card').count()).toBe(2);
        if (p === 'storage') await page.getByTestId('storage-page').waitFor();
        if (p === 'recovery') {
          await page.getByTestId('reveal-phrase').click();
          await page.getByTestId('phrase-words').waitFor();
        }
        await check(page, `settings-${p}`);
      }

      // The lock screen, with a wrong password, then unlocked.
      await me.core.dispatcher.dispatch('account.setPassword', { password: PASSWORD });
      await page.getByTestId('settings-account').click();
      // "Lock now" does not touch the help text above it.
      const lockHelp = page.getByTestId('lock-card').locator('.field-help').last();
      expect.soft(await gapBelow(lockHelp, page.getByTestId('lock-now'))).toBeGreaterThan(8);
      await page.getByTestId('lock-now').click();
      await page.getByTestId('unlock').waitFor();
      await check(page, 'unlock');
      await page.getByTestId('unlock-password').fill('not it');
      await page.getByTestId('unlock-password').press('Enter');
      await page.getByRole('alert').waitFor();
      await check(page, 'unlock-error');
      await page.getByTestId('unlock-password').fill(PASSWORD);
      await page.getByTestId('unlock-password').press('Enter');
      await page.getByTestId('shell').waitFor();

      // The conversation at 320 CSS px (400 % zoom): one pane at a time.
      await page.keyboard.press('Control+1');
      await page.setViewportSize({ width: 320, height: 640 });
      // The rail is a bar on top here: its tab list is announced as horizontal.
      await expect
        .poll(() => page.locator('.nav-items[role="tablist"]').getAttribute('aria-orientation'))
        .toBe('horizontal');
      await check(page, 'narrow-list');
      await page.getByTestId(`conversation-${bobId}`).click();
      await page.getByTestId('composer').waitFor();
      await check(page, 'narrow-conversation');
      await page.getByTestId('narrow-back').click();
      await page.getByTestId('community-lobby').click();
      await page.getByTestId('room-composer').waitFor();
      await check(page, 'narrow-room');

      await page.context().close();
      expect(failures, failures.join('\n')).toEqual([]);
    }, 300_000);
  }
});
