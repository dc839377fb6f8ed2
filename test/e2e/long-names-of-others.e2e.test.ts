/**
 * Someone else's name of 100 characters and no space (found by the newcomer check): over a group
 * message it ran past the bubble and the conversation pane, and as a contact's page heading past
 * the page. It must end inside the bubble (cut with an ellipsis, as a community post's sender),
 * and wrap inside the contact's page.
 */
import { describe, expect, it } from 'vitest';
import { groupCalls } from '../../src/shared/ipc/groups';
import { openPage, screenshot, sessionIdOf, startApp, useWorld, VARIANTS } from './harness';
import { boxOf } from './layout';

const LONG_NAME = 'Wolfeschlegelsteinhausen'.repeat(4); // 96 characters, one word

describe('a long one-word name of someone else', () => {
  const world = useWorld();

  it('stays inside the group bubble and the contact page (en light, fr dark)', async () => {
    const { devnet, browser, apps } = world;
    const ann = await startApp({ displayName: 'Ann', seedUrl: devnet.seedUrl });
    apps.push(ann);
    const ben = await startApp({ displayName: LONG_NAME, seedUrl: devnet.seedUrl });
    apps.push(ben);
    const created = await ann.core.dispatcher.dispatch('groups.create', {
      name: 'Choir',
      members: [sessionIdOf(ben)],
    });
    if (!created.ok) throw new Error(created.error.message);
    const { groupId } = groupCalls['groups.create'].result.parse(created.value);
    // Ben accepts once the invitation reached him, then writes in the group.
    await expect
      .poll(
        async () => (await ben.core.dispatcher.dispatch('requests.accept', { conversationId: groupId })).ok,
        { timeout: 60_000, interval: 1000 },
      )
      .toBe(true);
    const sent = await ben.core.dispatcher.dispatch('messages.send', {
      conversationId: groupId,
      body: 'Hello!',
    });
    if (!sent.ok) throw new Error(sent.error.message);

    for (const v of VARIANTS) {
      const page = await openPage(browser, ann, { locale: v.locale, dark: v.dark });
      await page.getByTestId(`conversation-${groupId}`).click();
      const sender = page.getByTestId('group-sender').first();
      await sender.waitFor({ timeout: 60_000 });
      await expect.poll(() => sender.textContent(), { timeout: 60_000 }).toBe(LONG_NAME);
      const bubble = page.getByTestId('message').filter({ has: sender });
      const [name, box] = [await boxOf(sender), await boxOf(bubble)];
      await screenshot(page, `long-name-group-sender-${v.lang}-${v.theme}`);
      expect(name.x + name.width).toBeLessThanOrEqual(box.x + box.width);
      // Its text, wider than the bubble, must not be painted past the name's box: cut there.
      const paintedInside = await sender.evaluate(
        (e) => e.scrollWidth <= e.clientWidth || ['hidden', 'clip'].includes(getComputedStyle(e).overflowX),
      );
      expect(paintedInside).toBe(true);
      await page.context().close();
    }

    // Ben writes to Ann (his name comes with it) and she accepts: he is her contact, the page's
    // heading his name.
    await ben.core.dispatcher.dispatch('conversations.open', { sessionId: sessionIdOf(ann) });
    const dm = await ben.core.dispatcher.dispatch('messages.send', {
      conversationId: sessionIdOf(ann),
      body: 'Hi Ann',
    });
    if (!dm.ok) throw new Error(dm.error.message);
    await expect
      .poll(
        async () =>
          (await ann.core.dispatcher.dispatch('requests.accept', { conversationId: sessionIdOf(ben) })).ok,
        { timeout: 60_000, interval: 1000 },
      )
      .toBe(true);
    for (const v of VARIANTS) {
      const page = await openPage(browser, ann, { locale: v.locale, dark: v.dark });
      await page.keyboard.press('Control+2');
      await page.getByTestId(`contact-${sessionIdOf(ben)}`).click();
      const detail = page.getByTestId('contact-detail');
      const heading = detail.locator('#contact-title');
      await expect.poll(() => heading.textContent(), { timeout: 60_000 }).toBe(LONG_NAME);
      await screenshot(page, `long-name-contact-${v.lang}-${v.theme}`);
      const [title, pane] = [await boxOf(heading), await boxOf(detail)];
      expect(title.x + title.width).toBeLessThanOrEqual(pane.x + pane.width);
      expect(await heading.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
      await page.context().close();
    }
  }, 240_000);
});
