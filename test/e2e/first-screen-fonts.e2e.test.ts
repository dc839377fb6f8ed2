/**
 * The fonts the page's first script looks up ahead of the first layout (issue #15, cold start)
 * are the ones the conversation list's screen is laid out in: a weight or size the stylesheets
 * give that screen and the list lacks would be looked up by the first layout again.
 */
import { describe, expect, it } from 'vitest';
import { FIRST_SCREEN_FONTS, FONT_STACK } from '../../src/renderer/first-screen-fonts';
import { openPage, sessionIdOf, startApp, useWorld } from './harness';

describe('the first screen’s fonts', () => {
  const world = useWorld();

  it('are all among those the early script looks up (read, unread, own and incoming last messages)', async () => {
    const alice = await startApp({ displayName: 'Alice Martin', seedUrl: world.devnet.seedUrl });
    world.apps.push(alice);
    const bob = await startApp({ displayName: 'Bruno Lefèvre', seedUrl: world.devnet.seedUrl });
    world.apps.push(bob);
    const aliceId = sessionIdOf(alice);
    const bobId = sessionIdOf(bob);
    for (const [from, to, body] of [
      [alice, bobId, 'zq-FONTS bonjour'],
      [bob, aliceId, 'zq-FONTS salut, à demain'],
    ] as const) {
      expect((await from.core.dispatcher.dispatch('conversations.open', { sessionId: to })).ok).toBe(true);
      expect((await from.core.dispatcher.dispatch('messages.send', { conversationId: to, body })).ok).toBe(
        true,
      );
    }
    const page = await openPage(world.browser, alice);
    const row = page.getByTestId(`conversation-${bobId}`);
    await expect.poll(() => row.textContent(), { timeout: 60_000 }).toContain('à demain');

    const used = await page.evaluate(() => {
      const fonts = new Set<string>();
      for (const el of document.querySelectorAll('#root *')) {
        const hasText =
          [...el.childNodes].some(
            (n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '',
          ) ||
          ((el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && el.placeholder !== '');
        if (!hasText || el.getClientRects().length === 0) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden') continue;
        fonts.add(`${style.fontWeight} ${style.fontSize} | ${style.fontStyle} | ${style.fontFamily}`);
      }
      return [...fonts];
    });
    // Computed families are serialized with double quotes.
    const family = FONT_STACK.replaceAll("'", '"');
    expect(used.length).toBeGreaterThan(5);
    expect(used.filter((font) => !font.endsWith(`| normal | ${family}`))).toEqual([]);
    const missing = used
      .map((font) => font.split(' | ')[0])
      .filter((f) => !FIRST_SCREEN_FONTS.includes(f ?? ''));
    expect(missing).toEqual([]);
    await page.context().close();
  }, 120_000);
});
