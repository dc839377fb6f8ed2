/**
 * Issue #17 in the app, between two people on a devnet, in English and in French (Alice in the
 * light theme, Bruno in the dark one): the context menu, a reply with its quote (Esc cancels),
 * the reaction bar and the full picker, a jump to a quoted message 150 messages back, delete for
 * everyone on both sides. Screenshots go to test-results/screenshots/actions-*.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../devnet/index';
import type { SessionId } from '../../src/crypto/keys';
import { newMessageId, type MessageHash } from '../../src/main/db';
import type { Message } from '../../src/shared/ipc/messaging';
import {
  cspViolations,
  openPage,
  screenshot,
  startWorld,
  stopWorld,
  waitConnected,
  type RunningApp,
} from './harness';
import { call, startTwoPeople } from './people';

/** The bubble showing `text` itself (not a reply quoting it). */
const bubble = (page: Page, text: string) =>
  page.getByTestId('message').filter({ has: page.locator('.bubble-body', { hasText: text }) });

describe('message actions in the app', () => {
  let browser: Browser;
  let devnet: Devnet;
  const apps: RunningApp[] = [];

  beforeAll(async () => {
    ({ devnet, browser } = await startWorld());
  }, 60_000);
  afterAll(() => stopWorld({ devnet, browser }, apps));

  for (const lang of ['en', 'fr'] as const) {
    it(`reply, react and delete for everyone (${lang})`, async () => {
      const locale = lang === 'fr' ? 'fr-FR' : 'en-US';
      const fr = lang === 'fr';
      const { alice, bob, aliceId, bobId } = await startTwoPeople(devnet, apps);
      const original = fr ? 'On dîne ensemble samedi ?' : 'Dinner together on Saturday?';

      // Alice writes first; Bruno accepts (the request flow has its own tests).
      await call(alice, 'conversations.open', { sessionId: bobId });
      const sent = await call<Message>(alice, 'messages.send', { conversationId: bobId, body: original });
      await expect
        .poll(async () => (await call<unknown[]>(bob, 'conversations.list', {})).length, { timeout: 45_000 })
        .toBe(1);
      await call(bob, 'requests.accept', { conversationId: aliceId });

      const b = await openPage(browser, bob, { locale, dark: true });
      await waitConnected(b);
      await b.getByTestId(`conversation-${aliceId}`).click();
      await bubble(b, original).waitFor({ timeout: 45_000 });

      // The context menu, from the mouse; Reply, then Esc cancels the reply.
      await bubble(b, original).click({ button: 'right' });
      await b.getByTestId('context-menu').waitFor();
      await screenshot(b, `actions-${lang}-1-context-menu`);
      await b.getByTestId('reply').click();
      await b.getByTestId('reply-bar').waitFor();
      await screenshot(b, `actions-${lang}-2-reply-bar`);
      await b.getByTestId('composer').press('Escape');
      await expect.poll(() => b.getByTestId('reply-bar').count()).toBe(0);

      // The same from the keyboard: Shift+F10 on the bubble, Reply has the focus.
      await bubble(b, original).focus();
      await b.keyboard.press('Shift+F10');
      await expect
        .poll(() => b.evaluate(() => document.activeElement?.getAttribute('data-testid')))
        .toBe('reply');
      await b.keyboard.press('Enter');
      const reply = fr ? 'Oui, avec plaisir !' : 'Yes, gladly!';
      await b.getByTestId('composer').fill(reply);
      await b.getByTestId('composer').press('Enter');
      await expect.poll(() => bubble(b, reply).getByTestId('bubble-quote').textContent()).toContain(original);

      // React: the bar of six, then the full picker with a search in the UI's language.
      await bubble(b, original).click({ button: 'right' });
      await b.getByTestId('react').click();
      await b.getByTestId('reaction-bar').waitFor();
      expect(await b.getByTestId('reaction-option').count()).toBe(6);
      await screenshot(b, `actions-${lang}-3-reaction-bar`);
      await b.getByTestId('reaction-more').click();
      await b.getByTestId('emoji-grid').locator('button').first().waitFor();
      await screenshot(b, `actions-${lang}-4-picker-groups`);
      await b.getByTestId('emoji-search').fill(fr ? 'coeur rouge' : 'red heart');
      await b.getByTestId('emoji-grid').locator('button').first().waitFor();
      await screenshot(b, `actions-${lang}-4-picker`);
      await b.getByTestId('emoji-grid').locator('button').first().click();
      await expect.poll(() => b.getByTestId('reaction-chip').first().getAttribute('data-emoji')).toBe('❤️');
      await screenshot(b, `actions-${lang}-5-reply-and-reaction`);

      // Alice has 150 more messages (from her other device) between the original and the reply.
      const db = alice.core.ensureSession()?.db;
      if (!db) throw new Error('no session');
      await expect
        .poll(
          () => db.messages.pageMessages(bobId as SessionId, undefined, 5).some((m) => m.body === reply),
          {
            timeout: 45_000,
          },
        )
        .toBe(true);
      const replyAt = db.messages.pageMessages(bobId as SessionId, undefined, 1)[0]!.sentAt;
      for (let i = 0; i < 150; i++) {
        db.messages.insertSynced({
          id: newMessageId(),
          conversationId: bobId as SessionId,
          sender: aliceId as SessionId,
          body: `${fr ? 'Remplissage' : 'Filler'} ${i + 1}`,
          sentAt: sent.sentAt + 1 + i * Math.floor((replyAt - sent.sentAt - 2) / 150),
          receivedAt: sent.sentAt + 1,
          hash: `filler${lang}${i}` as MessageHash,
        });
      }
      const a = await openPage(browser, alice, { locale });
      await a.getByTestId(`conversation-${bobId}`).click();
      await bubble(a, reply).waitFor({ timeout: 45_000 });
      expect(await bubble(a, original).count()).toBe(0); // not loaded: 100 per page
      await screenshot(a, `actions-${lang}-6-alice-reply`);
      await bubble(a, reply).getByTestId('bubble-quote').click();
      await expect
        .poll(() => a.locator('.bubble-highlight').textContent(), { timeout: 15_000 })
        .toContain(original);
      await expect
        .poll(() => a.getByTestId('reaction-chip').first().getAttribute('data-emoji'), { timeout: 45_000 })
        .toBe('❤️');
      expect(await a.getByTestId('reaction-chip').first().getAttribute('aria-label')).toContain(
        'Bruno Lefèvre',
      );
      await screenshot(a, `actions-${lang}-7-jumped-to-original`);
      // Who reacted, on hover.
      await a.getByTestId('reaction-chip').first().hover();
      await expect.poll(() => a.locator('.reaction-who').first().isVisible()).toBe(true);
      await screenshot(a, `actions-${lang}-7b-who-reacted`);

      // Delete for everyone: a confirmation, then "This message was deleted" on both sides.
      await bubble(a, original).click({ button: 'right' });
      await a.getByTestId('unsend').click();
      await a.getByTestId('unsend-confirm').waitFor();
      await screenshot(a, `actions-${lang}-8-unsend-confirm`);
      await a.getByTestId('unsend-confirm').getByRole('button').last().click();
      const deleted = fr ? 'Ce message a été supprimé' : 'This message was deleted';
      await expect.poll(() => a.getByTestId('message-deleted').first().textContent()).toBe(deleted);
      await expect
        .poll(() => b.getByTestId('message-deleted').first().textContent(), { timeout: 45_000 })
        .toBe(deleted);
      expect(await bubble(b, original).count()).toBe(0);
      await screenshot(a, `actions-${lang}-9-alice-deleted`);
      await screenshot(b, `actions-${lang}-9-bruno-deleted`);

      // The lazily loaded picker and its emoji data come from the app itself: no CSP violation.
      expect(await cspViolations(a)).toEqual([]);
      expect(await cspViolations(b)).toEqual([]);
      await a.context().close();
      await b.context().close();
    }, 240_000);
  }
});
