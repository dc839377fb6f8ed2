/**
 * Issue 17 items 4–6 in the app, in English and French: the list search finds a message by a
 * word written without its accent and opens the conversation at it; disappearing messages are
 * set from the header (the change shows in both timelines and reaches the other side); the info
 * panel, from the context menu and from the keyboard, states the setting and the deletion time.
 * In English the 30 s message is also watched vanishing on both sides (the app's own timer).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../devnet/index';
import { cspViolations, screenshot, startWorld, stopWorld, type RunningApp } from './harness';
import { openBoth, openById, startTwoPeople } from './people';

const TEXT = {
  en: {
    coffee: 'Meet me at the café near the école at noon',
    query: 'ecole',
    nothing: 'zzqx',
    noResults: 'No results for',
    vanish: 'This one will vanish',
    setting: 'After sending, 30 seconds',
    noticeYou: 'You set messages to disappear 30 seconds after sending',
    noticeThem: 'Alice Martin set messages to disappear 30 seconds after sending',
  },
  fr: {
    coffee: 'Rendez-vous au café près de l’école à midi',
    query: 'ecole',
    nothing: 'zzqx',
    noResults: 'Aucun résultat pour',
    vanish: 'Celui-ci va disparaître',
    setting: 'Après l’envoi, 30\u00a0secondes',
    noticeYou: 'Vos messages disparaîtront 30\u00a0secondes après l’envoi',
    noticeThem: 'Alice Martin a réglé les messages pour disparaître 30\u00a0secondes après l’envoi',
  },
} as const;

/** A notice's text without the isolates that wrap the other person's name (bidi safety). */
async function noticeText(page: Page): Promise<string> {
  const text = (await page.getByTestId('expiration-notice').last().textContent()) ?? '';
  return text.replace(/[\u2066-\u2069]/gu, '');
}

async function lastMessage(page: Page): Promise<string> {
  return (await page.getByTestId('message').last().textContent()) ?? '';
}

describe('search, disappearing messages and message info in the app', () => {
  let browser: Browser;
  let devnet: Devnet;
  const apps: RunningApp[] = [];

  beforeAll(async () => {
    ({ devnet, browser } = await startWorld());
  }, 60_000);
  afterAll(() => stopWorld({ devnet, browser }, apps));

  for (const lang of ['en', 'fr'] as const) {
    it(`works in ${lang}`, { timeout: 240_000 }, async () => {
      const x = TEXT[lang];
      const locale = lang === 'fr' ? 'fr-FR' : 'en-US';
      const people = await startTwoPeople(devnet, apps);
      const { aliceId, bobId } = people;
      const { a, b } = await openBoth(browser, people, { locale });

      // Alice writes; Bob accepts the request.
      await openById(a, bobId);
      await a.getByTestId('composer').fill(x.coffee);
      await a.getByTestId('composer').press('Enter');
      await b.getByTestId('requests-banner').click({ timeout: 45_000 });
      await b.getByTestId(`conversation-${aliceId}`).click();
      await b.getByTestId('request-accept').click();
      await expect.poll(() => lastMessage(b)).toContain(x.coffee);

      // Search: "ecole" finds "école"; grouped; the match marked; a miss says so.
      const search = b.locator('.list-pane input[type=search]');
      await search.fill(x.query);
      await expect.poll(() => b.getByTestId('search-message').count(), { timeout: 10_000 }).toBe(1);
      expect(await b.getByTestId('search-message').locator('mark').first().textContent()).toBe('école');
      expect(await b.getByTestId(`conversation-${aliceId}`).count()).toBe(0);
      await screenshot(b, `search-${lang}-1-results`);
      await search.fill('Alice');
      await expect.poll(() => b.getByTestId(`conversation-${aliceId}`).count()).toBe(1);
      await search.fill(x.nothing);
      await expect.poll(() => b.getByTestId('search-empty').textContent()).toContain(x.noResults);
      await screenshot(b, `search-${lang}-2-no-results`);
      await search.fill(x.query);
      await b.getByTestId('search-message').click({ timeout: 10_000 });
      await expect.poll(() => b.locator('.bubble-focused').textContent()).toContain(x.coffee);
      await screenshot(b, `search-${lang}-3-opened-at-message`);
      await search.fill('');

      // Alice: disappearing after sending, 30 s.
      await a.getByTestId('disappearing-button').click();
      await a.getByTestId('disappearing-mode-after-send').check();
      await a.getByTestId('disappearing-timer-30s').check();
      await screenshot(a, `disappearing-${lang}-1-dialog`);
      await a.getByTestId('disappearing-save').click();
      await expect.poll(() => a.getByTestId('disappearing-button').textContent()).toContain(x.setting);
      await expect.poll(() => noticeText(a)).toContain(x.noticeYou);
      await a.getByTestId('composer').fill(x.vanish);
      await a.getByTestId('composer').press('Enter');
      await expect
        .poll(() => a.getByTestId('message').last().getAttribute('data-status'), { timeout: 45_000 })
        .toBe('sent');
      // The timer starts with the swarm's answer; its bubble may show it one render after 'sent'.
      await expect.poll(() => a.getByTestId('message').last().getByTestId('bubble-timer').count()).toBe(1);
      await screenshot(a, `disappearing-${lang}-2-sent`);

      // Bob: the change reached him, shown as a notice, with the setting in his header.
      await expect.poll(() => noticeText(b), { timeout: 45_000 }).toContain(x.noticeThem);
      await expect.poll(() => lastMessage(b), { timeout: 45_000 }).toContain(x.vanish);
      await expect.poll(() => b.getByTestId('disappearing-button').textContent()).toContain(x.setting);
      await screenshot(b, `disappearing-${lang}-3-received`);

      // Info: from the context menu, then from the keyboard (I).
      await a.getByTestId('message').last().click({ button: 'right' });
      await screenshot(a, `info-${lang}-1-context-menu`);
      await a.getByTestId('info').click();
      await expect.poll(() => a.getByTestId('info-disappears').textContent()).toBe(x.setting);
      expect(await a.getByTestId('info-expires').textContent()).not.toBe('');
      expect(await a.getByTestId('info-hash').textContent()).toMatch(/^[A-Za-z0-9+/]{43}$/);
      await screenshot(a, `info-${lang}-2-panel`);
      await a.getByTestId('info-close').click();
      await b.getByTestId('message').last().focus();
      await b.keyboard.press('i');
      await expect.poll(() => b.getByTestId('info-disappears').textContent()).toBe(x.setting);
      await screenshot(b, `info-${lang}-3-panel-received`);
      await b.getByTestId('info-close').click();

      if (lang === 'en') {
        // The app's own timer: the 30 s message leaves both timelines without a reload.
        await expect
          .poll(() => a.getByTestId('message').filter({ hasText: x.vanish }).count(), { timeout: 60_000 })
          .toBe(0);
        await expect
          .poll(() => b.getByTestId('message').filter({ hasText: x.vanish }).count(), { timeout: 20_000 })
          .toBe(0);
        await screenshot(b, `disappearing-${lang}-4-gone`);
      }
      // The message keys are listed with the other shortcuts (Settings → About).
      await a.keyboard.press('Control+3');
      await a.getByTestId('settings-about').click();
      await a.getByTestId('shortcuts-card').waitFor();
      expect(await a.getByTestId('shortcuts-card').textContent()).toContain(
        lang === 'fr' ? 'Informations sur le message' : 'Message info',
      );
      await screenshot(a, `info-${lang}-4-shortcuts`);
      expect(await cspViolations(a)).toEqual([]);
      expect(await cspViolations(b)).toEqual([]);
    });
  }
});
