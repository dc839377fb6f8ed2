import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../devnet/index';
import { screenshot, startWorld, stopWorld, type RunningApp } from './harness';
import { openBoth, startTwoPeople } from './people';

describe('two people chat through the app', () => {
  let browser: Browser;
  let devnet: Devnet;
  const apps: RunningApp[] = [];

  beforeAll(async () => {
    ({ devnet, browser } = await startWorld());
  }, 60_000);
  afterAll(() => stopWorld({ devnet, browser }, apps));

  for (const lang of ['en', 'fr'] as const) {
    it(`A writes, B sees a request, accepts and replies, A sees the read receipt (${lang})`, async () => {
      const locale = lang === 'fr' ? 'fr-FR' : 'en-US';
      // Fresh people for each language: nothing carried over from the other run.
      const people = await startTwoPeople(devnet, apps);
      const { bob, aliceId, bobId } = people;
      await bob.core.dispatcher.dispatch('settings.update', { readReceipts: true });
      const { a, b } = await openBoth(browser, people, { locale });

      // A: New conversation with a typo first, then B's ID.
      await a.getByTestId('new-conversation-button').click();
      await a.getByTestId('new-session-id').fill(`${bobId.slice(0, 20)}zz`);
      await expect.poll(() => a.getByTestId('new-session-id-status').getAttribute('role')).toBe('alert');
      await screenshot(a, `chat-${lang}-1-new-conversation-error`);
      await a.getByTestId('new-session-id').fill(bobId);
      await expect.poll(() => a.getByTestId('new-submit').isEnabled()).toBe(true);
      await a.getByTestId('new-submit').click();
      const text =
        lang === 'fr' ? 'Bonjour Bruno, tu viens samedi ?' : 'Hi Bruno, are you coming on Saturday?';
      await a.getByTestId('composer').fill(text);
      await a.getByTestId('composer').press('Enter');
      await expect
        .poll(() => a.getByTestId('message').last().getAttribute('data-status'), { timeout: 45_000 })
        .toBe('sent');
      await screenshot(a, `chat-${lang}-2-sent`);

      // B: the message request, unread in the list; a second message makes it 2 (plural agreement).
      await b.getByTestId('requests-banner').click({ timeout: 45_000 });
      const badge = b.getByTestId(`conversation-${aliceId}`).locator('.unread-badge');
      await expect.poll(() => badge.textContent(), { timeout: 45_000 }).toBe('1');
      expect(await badge.getAttribute('aria-label')).toBe(
        lang === 'fr' ? '1 message non lu' : '1 unread message',
      );
      await screenshot(b, `chat-${lang}-3-list-1-unread`);
      const second = lang === 'fr' ? 'J’apporte le dessert.' : 'I will bring dessert.';
      await a.getByTestId('composer').fill(second);
      await a.getByTestId('composer').press('Enter');
      await expect.poll(() => badge.textContent(), { timeout: 45_000 }).toBe('2');
      expect(await badge.getAttribute('aria-label')).toBe(
        lang === 'fr' ? '2 messages non lus' : '2 unread messages',
      );
      await screenshot(b, `chat-${lang}-3-list-2-unread`);
      await b.getByTestId(`conversation-${aliceId}`).click();
      await expect.poll(() => b.getByTestId('message').last().textContent()).toContain(second);
      expect(await b.getByTestId('message').first().textContent()).toContain(text);
      await screenshot(b, `chat-${lang}-3-request`);
      await b.getByTestId('request-accept').click();
      const reply = lang === 'fr' ? 'Oui, avec plaisir !' : 'Yes, gladly!';
      await b.getByTestId('composer').fill(reply);
      await b.getByTestId('composer').press('Enter');

      // A: the reply, and the read receipt (double check) on the first message.
      await expect
        .poll(() => a.getByTestId('message').last().textContent(), { timeout: 45_000 })
        .toContain(reply);
      await expect
        .poll(
          async () => a.locator('[data-testid="message"][data-status]').first().getAttribute('data-status'),
          { timeout: 45_000 },
        )
        .toBe('read');
      await screenshot(a, `chat-${lang}-4-reply-and-read`);
      await screenshot(b, `chat-${lang}-5-b-conversation`);

      // B: Alice is now a contact; give her a nickname. Settings → Privacy shows the switches.
      await b.keyboard.press('Control+2');
      await b.getByTestId(`contact-${aliceId}`).click();
      await b.getByTestId('nickname').fill('Alice (club)');
      await b.getByTestId('nickname').press('Enter');
      await expect.poll(() => b.getByTestId(`contact-${aliceId}`).textContent()).toContain('Alice (club)');
      await screenshot(b, `contacts-${lang}-detail`);
      await b.keyboard.press('Control+3');
      await b.getByTestId('settings-privacy').click();
      expect(await b.getByTestId('read-receipts').isChecked()).toBe(true);
      await screenshot(b, `settings-${lang}-privacy`);
      await b.getByTestId('settings-network').click();
      await expect.poll(() => b.getByTestId('path-card').count()).toBe(2);
      await screenshot(b, `settings-${lang}-network`);
      await a.context().close();
      await b.context().close();
    }, 120_000);
  }
});
