/**
 * Issue 21 item 3: a community invitation (DataMessage.communityInvitation, no body, as Session
 * sends it) from Alice shows in Bruno's conversation as a card with the community's name and its
 * address. EN light and FR dark screenshots.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../devnet/index';
import type { SessionId } from '../../src/crypto/keys';
import { storeToInbox } from '../../src/main/network';
import { buildOutgoing1o1 } from '../../src/swarm/messages';
import {
  cspViolations,
  openPage,
  screenshot,
  startWorld,
  stopWorld,
  waitConnected,
  type RunningApp,
} from './harness';
import { startTwoPeople } from './people';

describe('a community invitation arrives as a card', () => {
  let browser: Browser;
  let devnet: Devnet;
  const apps: RunningApp[] = [];

  beforeAll(async () => {
    ({ devnet, browser } = await startWorld());
  }, 60_000);
  afterAll(() => stopWorld({ devnet, browser }, apps));

  for (const { lang, dark } of [
    { lang: 'en', dark: false },
    { lang: 'fr', dark: true },
  ] as const) {
    it(`shows the name and the URL (${lang}, ${dark ? 'dark' : 'light'})`, async () => {
      const { alice, bob, aliceId, bobId } = await startTwoPeople(devnet, apps);
      const page = await openPage(browser, bob, { locale: lang === 'fr' ? 'fr-FR' : 'en-US', dark });
      await waitConnected(page);
      const network = alice.core.network;
      if (!network) throw new Error('no network');
      const url = `https://chat.example.invalid/veil-${lang}?public_key=${'c3'.repeat(32)}`;
      const { data } = buildOutgoing1o1({
        senderIdentity: alice.core.account.identity(),
        recipientSessionId: bobId as SessionId,
        content: { dataMessage: { communityInvitation: { name: 'Veil en français', url } } },
        sentAt: network.networkNow(),
      });
      await expect.poll(() => network.status().state, { timeout: 30_000 }).toBe('connected');
      await storeToInbox(network, { recipient: bobId, data });

      await page.getByTestId('requests-banner').click({ timeout: 45_000 });
      await page.getByTestId(`conversation-${aliceId}`).click();
      const card = page.getByTestId('invitation-card');
      await card.waitFor({ timeout: 30_000 });
      expect(await card.getByTestId('invitation-name').textContent()).toBe('Veil en français');
      expect(await card.getByTestId('invitation-url').textContent()).toBe(url);
      await screenshot(page, `invitation-${lang}-${dark ? 'dark' : 'light'}`);
      expect(await cspViolations(page)).toEqual([]);
      await page.context().close();
    });
  }
});
