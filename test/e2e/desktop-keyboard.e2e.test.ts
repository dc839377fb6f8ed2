import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VeilCore } from '../../src/main/core/core';
import type { Conversation } from '../../src/shared/ipc/messaging';
import { MUTED_FOREVER } from '../../src/shared/notifications';
import { launchChromium, openPage, screenshot, serveCore, type RunningApp } from './harness';

const PASSWORD = 'mot de passe 42';
/** The idle lock's "1 minute" lasts this long here: no real minute to wait. */
const TEST_MINUTE_MS = 600;

const randomId = () => `05${randomBytes(32).toString('hex')}`;

async function conversations(app: RunningApp): Promise<Conversation[]> {
  const r = await app.core.dispatcher.dispatch('conversations.list', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value as Conversation[];
}

const focusedTestId = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);

describe('shortcuts sheet, quick switcher, Alt+arrows, mute, idle lock', () => {
  let browser: Browser;
  let app: RunningApp;
  const people = [
    { id: randomId(), nickname: 'Zoé Martin' },
    { id: randomId(), nickname: 'Paul Durand' },
    { id: randomId(), nickname: 'Amélie Petit' },
  ];

  beforeAll(async () => {
    browser = await launchChromium();
    // Offline: nothing here needs the network, only conversations in the database.
    const profileDir = mkdtempSync(join(tmpdir(), 'veil-e2e-desktop-'));
    const core = await VeilCore.open({
      profileDir,
      host: 'browser',
      network: 'devnet',
      idleLockMinuteMs: TEST_MINUTE_MS,
    });
    app = await serveCore(core, profileDir, 'Lou Desk');
    for (const p of people) {
      const opened = await core.dispatcher.dispatch('conversations.open', { sessionId: p.id });
      expect(opened.ok).toBe(true);
      const named = await core.dispatcher.dispatch('contacts.setNickname', {
        sessionId: p.id,
        nickname: p.nickname,
      });
      expect(named.ok).toBe(true);
    }
  }, 60_000);
  afterAll(async () => {
    await browser.close();
    await app.close();
  });

  it('Ctrl+/ shows every shortcut, Esc closes it and focus comes back; also from Settings → About', async () => {
    const page = await openPage(browser, app);
    await page.getByTestId('new-conversation-button').focus();
    await page.keyboard.press('Control+/');
    const sheet = page.getByTestId('shortcuts-sheet');
    await sheet.waitFor();
    for (const text of ['Go to a conversation', 'Search the messages', 'Previous conversation', 'Lock Veil'])
      expect(await sheet.textContent()).toContain(text);
    expect(await page.getByTestId('shortcut-switcher').textContent()).toBe('Ctrl + K');
    await screenshot(page, 'desktop-1-shortcuts-en-light');
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
    await expect.poll(() => focusedTestId(page)).toBe('new-conversation-button');

    await page.keyboard.press('Control+3');
    await page.getByTestId('settings-about').click();
    expect(await page.getByTestId('shortcuts-card').textContent()).toContain('Alt + ↑');
    await page.getByTestId('open-shortcuts').click();
    await sheet.waitFor();
    await page.getByTestId('shortcuts-close').click();
    await sheet.waitFor({ state: 'detached' });
    await page.context().close();
  });

  it('Ctrl+K filters as you type (accents folded), ↑/↓ choose, Enter opens, Esc closes', async () => {
    const page = await openPage(browser, app);
    await page.keyboard.press('Control+k');
    await page.getByTestId('quick-switcher').waitFor();
    await expect.poll(() => focusedTestId(page)).toBe('quick-switcher-input');
    expect(await page.locator('[role="option"]').count()).toBe(3);
    await page.keyboard.type('zoe');
    await expect.poll(() => page.locator('[role="option"]').count()).toBe(1);
    await screenshot(page, 'desktop-2-switcher-en-light');
    await page.keyboard.press('Enter');
    await page.getByTestId('quick-switcher').waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.conversation-header-title').textContent()).toBe('Zoé Martin');
    await expect.poll(() => focusedTestId(page)).toBe('composer');

    // Nothing matches: said so; Esc closes and focus goes back to the composer.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('nobody here');
    await page.getByTestId('quick-switcher-empty').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('quick-switcher').waitFor({ state: 'detached' });
    await expect.poll(() => focusedTestId(page)).toBe('composer');

    // ↓ then Enter opens the second of the list.
    await page.keyboard.press('Control+k');
    await page.keyboard.press('ArrowDown');
    const second = await page.locator('[role="option"][aria-selected="true"]').getAttribute('data-testid');
    await page.keyboard.press('Enter');
    const secondId = second?.replace('switcher-', '');
    await expect
      .poll(() => page.getByTestId(`conversation-${secondId ?? ''}`).getAttribute('aria-current'))
      .toBe('true');

    // Ctrl+F: the search field.
    await page.keyboard.press('Control+f');
    await expect
      .poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type))
      .toBe('search');
    await page.context().close();
  });

  it('Alt+↓ and Alt+↑ walk the list in its order', async () => {
    const page = await openPage(browser, app);
    // Opening a conversation marks it read, which may reorder the list: each step is checked
    // against the list as it was shown when the key was pressed.
    const order = () =>
      page
        .locator('.conversation-list [data-testid^="conversation-"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    const current = () =>
      page.locator('.conversation-list [aria-current="true"]').getAttribute('data-testid');
    const press = async (
      key: 'Alt+ArrowDown' | 'Alt+ArrowUp',
      expected: (shown: (string | null)[], now: string | null) => string | null | undefined,
    ) => {
      const shown = await order();
      const now =
        (await page.locator('.conversation-list [aria-current="true"]').count()) > 0 ? await current() : null;
      await page.keyboard.press(key);
      await expect.poll(current).toBe(expected(shown, now));
    };
    expect(await order()).toHaveLength(3);
    const below = (shown: (string | null)[], now: string | null) =>
      now === null ? shown[0] : shown[Math.min(shown.length - 1, shown.indexOf(now) + 1)];
    const above = (shown: (string | null)[], now: string | null) =>
      shown[Math.max(0, shown.indexOf(now) - 1)];
    await press('Alt+ArrowDown', below); // none open: the first
    await press('Alt+ArrowDown', below);
    await press('Alt+ArrowDown', below);
    await press('Alt+ArrowDown', below); // stays on the last
    await press('Alt+ArrowUp', above);
    const last = await current();
    // The keyboard stays on the list, with a visible focus ring.
    await expect.poll(() => focusedTestId(page)).toBe(last);
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    );
    expect(outline).not.toBe('none');
    await page.context().close();
  });

  it('mutes a conversation from its header and from the list’s menu; unread still counts', async () => {
    const page = await openPage(browser, app);
    const zoe = people[0]!;
    await page.getByTestId(`conversation-${zoe.id}`).click();
    await page.getByTestId('mute-button').click();
    await page.getByTestId('mute-menu').waitFor();
    await screenshot(page, 'desktop-3-mute-menu-en-light');
    const before = Date.now();
    await page.getByTestId('mute-8h').click();
    await expect.poll(() => page.getByTestId('mute-button').textContent()).toContain('Muted until');
    const muted = (await conversations(app)).find((c) => c.id === zoe.id);
    expect(muted?.mutedUntil).toBeGreaterThanOrEqual(before + 8 * 3_600_000);
    expect(muted?.mutedUntil).toBeLessThan(Date.now() + 8 * 3_600_000 + 1);
    await page.getByTestId(`conversation-${zoe.id}`).getByTestId('muted-mark').waitFor();

    // The list's context menu (keyboard: Shift+F10): always, then back on; and mentions only.
    const paul = people[1]!;
    await page.getByTestId(`conversation-${paul.id}`).focus();
    await page.keyboard.press('Shift+F10');
    await page.getByTestId('mute-menu').waitFor();
    await expect.poll(() => focusedTestId(page)).toBe('mute-1h');
    await page.getByTestId('mute-always').click();
    await expect
      .poll(async () => (await conversations(app)).find((c) => c.id === paul.id)?.mutedUntil)
      .toBe(MUTED_FOREVER);
    await page.getByTestId(`conversation-${paul.id}`).click({ button: 'right' });
    await page.getByTestId('mentions-only').click();
    await expect
      .poll(async () => (await conversations(app)).find((c) => c.id === paul.id)?.mentionsOnly)
      .toBe(true);
    await page.getByTestId(`conversation-${paul.id}`).click({ button: 'right' });
    await page.getByTestId('mute-off').click();
    await expect
      .poll(async () => (await conversations(app)).find((c) => c.id === paul.id)?.mutedUntil)
      .toBeNull();
    // Esc closes the menu.
    await page.getByTestId(`conversation-${paul.id}`).click({ button: 'right' });
    await page.keyboard.press('Escape');
    await page.getByTestId('mute-menu').waitFor({ state: 'detached' });
    expect(await page.title()).toBe('Veil');
    await page.context().close();
  });

  it('in French and dark: the sheet, the switcher and the mute menu', async () => {
    const page = await openPage(browser, app, { locale: 'fr-FR', dark: true });
    await page.keyboard.press('Control+/');
    const sheet = page.getByTestId('shortcuts-sheet');
    await sheet.waitFor();
    expect(await sheet.textContent()).toContain('Raccourcis clavier');
    expect(await page.getByTestId('shortcut-new-line').textContent()).toBe('Maj + Entrée');
    // Every group's keys start in one column: each group is its own grid, and their key columns
    // started wherever that group's longest description ended.
    const keyColumns = await sheet
      .locator('.shortcuts dd')
      .evaluateAll((dds) => [...new Set(dds.map((d) => Math.round(d.getBoundingClientRect().left)))]);
    expect(keyColumns).toHaveLength(1);
    await screenshot(page, 'desktop-4-shortcuts-fr-dark');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('ame');
    await expect.poll(() => page.locator('[role="option"]').count()).toBe(1);
    await screenshot(page, 'desktop-5-switcher-fr-dark');
    await page.keyboard.press('Enter');
    await page.getByTestId('mute-button').click();
    await page.getByTestId('mute-menu').waitFor();
    expect(await page.getByTestId('mute-menu').textContent()).toContain('Sourdine pendant 1 heure');
    await screenshot(page, 'desktop-6-mute-menu-fr-dark');
    await page.keyboard.press('Escape');
    await page.context().close();
    const light = await openPage(browser, app, { locale: 'fr-FR' });
    await light.keyboard.press('Control+/');
    await light.getByTestId('shortcuts-sheet').waitFor();
    await screenshot(light, 'desktop-7-shortcuts-fr-light');
    await light.context().close();
    const dark = await openPage(browser, app, { dark: true });
    await dark.keyboard.press('Control+k');
    await dark.getByTestId('quick-switcher').waitFor();
    await screenshot(dark, 'desktop-8-switcher-en-dark');
    await dark.context().close();
  });

  it('locks on Ctrl+L and after the chosen idle time; the password unlocks', async () => {
    const page = await openPage(browser, app);
    // Without a password, Ctrl+L says why it cannot lock.
    await page.keyboard.press('Control+l');
    await expect.poll(() => page.getByTestId('error-toast').textContent()).toContain('password');
    const set = await app.core.dispatcher.dispatch('account.setPassword', { password: PASSWORD });
    expect(set.ok).toBe(true);

    await page.keyboard.press('Control+l');
    await page.getByTestId('unlock').waitFor();
    await screenshot(page, 'desktop-9-locked-en');
    await page.getByTestId('unlock-password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByTestId('shell').waitFor();

    // "1 minute" (shortened for the test) without touching the window: locked.
    const idle = await app.core.dispatcher.dispatch('system.update', { idleLockMinutes: 1 });
    expect(idle.ok).toBe(true);
    await page.getByTestId('unlock').waitFor({ timeout: 20_000 });
    expect(app.core.account.status().state).toBe('locked');
    // Locked: the core has no session, so nothing is notified and nothing is listed.
    expect(app.core.messaging()).toBeUndefined();
    await page.getByTestId('unlock-password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByTestId('shell').waitFor();
    const off = await app.core.dispatcher.dispatch('system.update', { idleLockMinutes: 0 });
    expect(off.ok).toBe(true);
    await page.context().close();
  });
});
