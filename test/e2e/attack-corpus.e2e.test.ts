import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../devnet/index';
import type { Message } from '../../src/shared/ipc/messaging';
import { openPage, screenshot, startApp, startWorld, stopWorld, type RunningApp } from './harness';

// Hostile text travels the real pipeline: A's app sends it over the devnet, B's app shows it.
// Whatever it says, it must arrive as text: no markup, no script, no navigation, no dialog.
const RLO = '\u202E';
const PWN = 'window.__pwned=1';
const CORPUS = [
  `<script>${PWN}</script>`,
  `<img src=x onerror="${PWN}">`,
  `"><img src=x onerror=${PWN}>`,
  `<svg onload="${PWN}"><a xlink:href="javascript:${PWN}">svg</a></svg>`,
  `<iframe src="javascript:${PWN}"></iframe>`,
  `<a href="javascript:${PWN}">click me</a>`,
  `javascript:${PWN}`,
  `[click](javascript:${PWN})`,
  `<style>*{display:none!important}</style>`,
  `<meta http-equiv="refresh" content="0;url=https://evil.example/">`,
  `<form action="https://evil.example/"><button>go</button></form>`,
  `{{constructor.constructor('${PWN}')()}}`,
  `$t(errors.internal) {{body}} <%= 7*7 %>`,
  `${RLO}gnp.exe — the words after this must keep their place`,
  `abc${RLO}def\u2066ghi\u2069 unbalanced \u2069\u202C${RLO}`,
  `https://evil.example/phish`,
];
const HOSTILE_NAME = `${RLO}<img src=x onerror=${PWN}>`;
const HOSTILE_NICKNAME = `<b onmouseover=${PWN}>nick</b>${RLO}gro.live`;

/** Installs tripwires before the app's code runs: any script that gets to run sets a flag. */
async function armed(browser: Browser, app: RunningApp) {
  const page = await openPage(browser, app);
  const context: BrowserContext = page.context();
  const incidents: string[] = [];
  page.on('dialog', (d) => {
    incidents.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  context.on('page', (p) => incidents.push(`new page: ${p.url()}`));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) incidents.push(`csp: ${m.text()}`);
  });
  await context.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    for (const name of ['alert', 'confirm', 'prompt', 'print', 'open'] as const) {
      w[name] = () => {
        w.__pwned = `called ${name}`;
        return null;
      };
    }
    document.addEventListener('securitypolicyviolation', (e) => {
      const seen = typeof w.__cspViolations === 'string' ? w.__cspViolations : '';
      w.__cspViolations = `${seen}${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${String(e.lineNumber)} ${e.sample};`;
    });
  });
  // Reload so the init script is in place before the bundle runs.
  await page.reload();
  await page.getByTestId('shell').waitFor();
  // zod 4 probes `Function('')` once at start to pick its fast path; the CSP blocks it (as it
  // should) and reports it. That report is the app's own, not the corpus': start counting here.
  await page.evaluate(() => {
    (window as unknown as Record<string, unknown>).__cspViolations = undefined;
  });
  return { page, incidents, url: page.url() };
}

async function assertNothingHappened(page: Page, incidents: readonly string[], url: string) {
  const state = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    return {
      pwned: w.__pwned,
      csp: w.__cspViolations,
      require: typeof w.require,
      process: typeof w.process,
      module: typeof w.module,
      global: typeof w.global,
      electron: typeof w.electron,
      scripts: [...document.scripts].map((s) => s.src.replace(location.origin, '')),
      inlineScripts: [...document.scripts].filter((s) => s.src === '').length,
      images: document.querySelectorAll('img[src="x"], img[onerror]').length,
      frames: document.querySelectorAll('iframe, frame, object, embed').length,
      jsLinks: document.querySelectorAll('a[href^="javascript" i], [onerror], [onload], [onmouseover]')
        .length,
      styles: document.querySelectorAll('body style, body meta, meta[http-equiv="refresh" i]').length,
      styleHtml: [...document.querySelectorAll('body style, body meta, meta[http-equiv="refresh" i]')].map(
        (e) => e.outerHTML.slice(0, 200),
      ),
      forms: document.querySelectorAll('form[action]').length,
    };
  });
  expect(incidents).toEqual([]);
  expect(state.styleHtml).toEqual([]);
  expect(state).toMatchObject({
    pwned: undefined,
    csp: undefined,
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    global: 'undefined',
    electron: 'undefined',
    inlineScripts: 0,
    images: 0,
    frames: 0,
    jsLinks: 0,
    styles: 0,
    forms: 0,
  });
  expect(state.scripts.every((s) => s.startsWith('/assets/'))).toBe(true);
  expect(page.url()).toBe(url);
  expect(page.context().pages()).toHaveLength(1);
}

/** The computed bidi isolation of each element: `isolate`/`plaintext` keep overrides inside. */
async function bidiOf(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) => els.map((e) => getComputedStyle(e).unicodeBidi));
}

describe('attack corpus: hostile names, bodies, nicknames and pastes execute nothing', () => {
  let devnet: Devnet;
  let browser: Browser;
  let alice: RunningApp;
  let bob: RunningApp;

  beforeAll(async () => {
    ({ devnet, browser } = await startWorld());
    alice = await startApp({ displayName: HOSTILE_NAME, seedUrl: devnet.seedUrl });
    bob = await startApp({ displayName: 'Bob Careful', seedUrl: devnet.seedUrl });
  }, 90_000);
  afterAll(() => stopWorld({ devnet, browser }, [alice, bob]));

  it('A sends the corpus with a hostile name; B reads, opens, clicks and nicknames: nothing runs', async () => {
    const aliceId = alice.core.account.show().sessionId;
    const bobId = bob.core.account.show().sessionId;
    const a = await armed(browser, alice);
    const b = await armed(browser, bob);

    // A: the corpus through the composer (typed text, the real UI path).
    await a.page.getByTestId('new-conversation-button').click();
    await a.page.getByTestId('new-session-id').fill(bobId);
    await expect.poll(() => a.page.getByTestId('new-submit').isEnabled()).toBe(true);
    await a.page.getByTestId('new-submit').click();
    for (const body of CORPUS) {
      await a.page.getByTestId('composer').fill(body);
      await a.page.getByTestId('composer').press('Enter');
      await expect.poll(() => a.page.getByTestId('composer').inputValue()).toBe('');
    }

    // A: rich HTML pasted into the composer arrives as its plain text only.
    await a.page.getByTestId('composer').focus();
    await a.page.evaluate(() => {
      const data = new DataTransfer();
      data.setData(
        'text/html',
        '<b>bold</b><img src=x onerror="window.__pwned=1"><a href="javascript:1">x</a>',
      );
      data.setData('text/plain', 'pasted plain text');
      document
        .querySelector('[data-testid="composer"]')
        ?.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
        );
    });
    expect(await a.page.getByTestId('composer').inputValue()).toBe('pasted plain text');
    await a.page.getByTestId('composer').press('Enter');
    const expected = [...CORPUS, 'pasted plain text'];
    await expect
      .poll(
        async () => {
          const r = await alice.core.dispatcher.dispatch('messages.page', {
            conversationId: bobId,
            before: null,
            limit: 100,
          });
          return r.ok ? (r.value as Message[]).filter((m) => m.status === 'sent').length : 0;
        },
        { timeout: 60_000 },
      )
      .toBe(expected.length);

    // B: the request with A's hostile name, then every message, exactly as text.
    await b.page.getByTestId('requests-banner').click({ timeout: 30_000 });
    await b.page.getByTestId(`conversation-${aliceId}`).click();
    await expect.poll(() => b.page.getByTestId('message').count(), { timeout: 30_000 }).toBe(expected.length);
    const shown = await b.page.locator('[data-testid="message"] .bubble-body').allTextContents();
    expect(shown).toEqual(expected);
    // Names lose their bidi controls in main (src/main/messaging/names.ts); the markup stays text.
    expect(await b.page.locator('.conversation-header-title').textContent()).toBe(
      HOSTILE_NAME.replace(RLO, ''),
    );
    await screenshot(b.page, 'attack-1-b-request');
    // User text is isolated: an override cannot reorder the UI around it.
    for (const selector of ['.bubble-body', '.conversation-name', '.conversation-header-title']) {
      const values = await bidiOf(b.page, selector);
      expect(values.length, selector).toBeGreaterThan(0);
      for (const v of values) expect(['isolate', 'plaintext'], selector).toContain(v);
    }
    // The time of the conversation stays right of its (reversed) name.
    const item = b.page.getByTestId(`conversation-${aliceId}`);
    const nameBox = await item.locator('.conversation-name').boundingBox();
    const timeBox = await item.locator('.conversation-time').boundingBox();
    expect(nameBox && timeBox && timeBox.x > nameBox.x).toBe(true);

    await b.page.getByTestId('request-accept').click();

    // Clicking every message (and its would-be links) goes nowhere.
    for (const bubble of await b.page.getByTestId('message').all()) await bubble.click();
    await b.page.getByText('click me', { exact: false }).first().click();

    await screenshot(b.page, 'attack-2-b-conversation');

    // B: a hostile nickname for A, shown in the list, the header and the contact page.
    await b.page.keyboard.press('Control+2');
    await b.page.getByTestId(`contact-${aliceId}`).click();
    await b.page.getByTestId('nickname').fill(HOSTILE_NICKNAME);
    await b.page.getByTestId('nickname').press('Enter');
    await expect
      .poll(() => b.page.getByTestId(`contact-${aliceId}`).textContent())
      .toContain('<b onmouseover');
    await b.page.getByTestId(`contact-${aliceId}`).hover();
    expect(await bidiOf(b.page, '#contact-title')).toEqual(['isolate']);
    await screenshot(b.page, 'attack-3-b-nickname');
    await b.page.keyboard.press('Control+1');
    const back = b.page.getByRole('button', { name: /Back to conversations/ });
    if (await back.isVisible()) await back.click();
    await b.page.getByTestId(`conversation-${aliceId}`).click();
    expect(await b.page.locator('.conversation-header-title').textContent()).toBe(
      HOSTILE_NICKNAME.replace(RLO, ''),
    );

    await assertNothingHappened(b.page, b.incidents, b.url);
    await assertNothingHappened(a.page, a.incidents, a.url);
    await a.page.context().close();
    await b.page.context().close();
  }, 180_000);
});
