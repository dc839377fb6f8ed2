import Database from 'better-sqlite3-multiple-ciphers';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../devnet/index';
import { decodeRecoveryPhrase } from '../../src/crypto/recovery-phrase';
import { AccountService } from '../../src/main/account/account-service';
import { VeilCore } from '../../src/main/core/core';
import { PAGE_SIZE } from '../../src/main/db/connection';
import type { Message } from '../../src/shared/ipc/messaging';
import type { SystemSettings } from '../../src/shared/ipc/system';
import { openPage, screenshot, serveCore, startApp, startWorld, stopWorld, type RunningApp } from './harness';
import { gapBelow } from './layout';

const PASSWORD = 'first password 1';
const NEW_PASSWORD = 'plus de 6 caractères';
const BODY = 'zq-LOCK-CANARY-4417 rendez-vous à la gare à 18 h';
const REPLY = 'zq-REPLY-CANARY-9052 bien reçu';

/** Like startApp, but the core's log lines go to a file in the profile, so the scan covers logs. */
async function startLoggedApp(seedUrl: string, displayName: string): Promise<RunningApp> {
  const profileDir = mkdtempSync(join(tmpdir(), 'veil-e2e-lock-'));
  const logFile = join(profileDir, 'logs', 'veil.log');
  mkdirSync(join(profileDir, 'logs'));
  appendFileSync(logFile, `veil test log for ${displayName}\n`);
  const core = await VeilCore.open({
    profileDir,
    host: 'browser',
    network: 'devnet',
    networkConfig: { seedUrls: [seedUrl], localDevnet: true, pollIntervalMs: 100 },
    log: (line) => {
      appendFileSync(logFile, `${line}\n`);
    },
  });
  return serveCore(core, profileDir, displayName);
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? allFiles(full) : [full];
  });
}

/** Which files hold any of the needles, as raw bytes. */
function filesHolding(dir: string, needles: ReadonlyMap<string, Buffer>): string[] {
  const found: string[] = [];
  for (const file of allFiles(dir)) {
    const bytes = readFileSync(file);
    for (const [what, needle] of needles) if (bytes.includes(needle)) found.push(`${file}: ${what}`);
  }
  return found;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

async function fillPassword(page: Page, password: string, current?: string) {
  if (current !== undefined) await page.getByTestId('current-password').fill(current);
  await page.getByLabel('New password').fill(password);
  await page.getByLabel('Confirm password').fill(password);
  await page.getByTestId('submit-password').click();
}

describe('app password, lock, and a copied profile', () => {
  let devnet: Devnet;
  let browser: Browser;
  let alice: RunningApp;
  let bob: RunningApp;
  const copies: string[] = [];

  beforeAll(async () => {
    ({ devnet, browser } = await startWorld());
    alice = await startLoggedApp(devnet.seedUrl, 'Alice Lock');
    bob = await startApp({ displayName: 'Bob Lock', seedUrl: devnet.seedUrl });
  }, 90_000);
  afterAll(async () => {
    await stopWorld({ devnet, browser }, [alice, bob]);
    for (const c of copies) rmSync(c, { recursive: true, force: true });
  });

  it('sets and changes a password, chooses an idle lock, locks and unlocks from the UI', async () => {
    const page = await openPage(browser, alice);
    await page.keyboard.press('Control+3');
    await page.getByTestId('settings-account').click();
    await expect.poll(() => page.getByTestId('lock-card').textContent()).toContain('Set a password');
    await fillPassword(page, PASSWORD);
    await expect.poll(() => page.getByTestId('protection').textContent()).toContain('password');
    await screenshot(page, 'lock-1-password-set');

    // Change it while unlocked; the old one must stop working (checked below).
    // Changing it takes the current one: a wrong one is refused, clearly.
    await page.getByTestId('change-password').click();
    await fillPassword(page, NEW_PASSWORD, 'not the password');
    await expect
      .poll(() => page.getByTestId('protection-error').textContent())
      .toBe('That password is not right.');
    await screenshot(page, 'lock-1b-change-wrong-current-password');
    await fillPassword(page, NEW_PASSWORD, PASSWORD);
    await page.getByTestId('password-changed').waitFor();
    // The notice does not touch the buttons under it.
    expect(
      await gapBelow(page.getByTestId('password-changed'), page.getByTestId('change-password')),
    ).toBeGreaterThan(8);
    // Controlled by main's answer, so click (check() would want the state to flip at once).
    await page.getByTestId('idle-lock-5').click();
    await expect
      .poll(async () => {
        const r = await alice.core.dispatcher.dispatch('system.get', {});
        return r.ok ? (r.value as SystemSettings).idleLockMinutes : -1;
      })
      .toBe(5);
    await screenshot(page, 'lock-2-changed-and-idle-5');

    // Chat through the devnet so both databases hold messages.
    const bobId = bob.core.account.show().sessionId;
    const aliceId = alice.core.account.show().sessionId;
    const opened = await alice.core.dispatcher.dispatch('conversations.open', { sessionId: bobId });
    expect(opened.ok).toBe(true);
    const sent = await alice.core.dispatcher.dispatch('messages.send', { conversationId: bobId, body: BODY });
    expect(sent.ok).toBe(true);
    const page0 = { before: null, limit: 50 } as const;
    await expect
      .poll(
        async () => {
          const r = await bob.core.dispatcher.dispatch('messages.page', {
            conversationId: aliceId,
            ...page0,
          });
          return r.ok ? (r.value as Message[]).map((m) => m.body) : [];
        },
        { timeout: 30_000 },
      )
      .toContain(BODY);
    await bob.core.dispatcher.dispatch('requests.accept', { conversationId: aliceId });
    await bob.core.dispatcher.dispatch('messages.send', { conversationId: aliceId, body: REPLY });
    await expect
      .poll(
        async () => {
          const r = await alice.core.dispatcher.dispatch('messages.page', {
            conversationId: bobId,
            ...page0,
          });
          return r.ok ? (r.value as Message[]).map((m) => m.body) : [];
        },
        { timeout: 30_000 },
      )
      .toContain(REPLY);

    // Lock now: the page drops what it held and asks for the password.
    await page.getByTestId('lock-now').click();
    await page.getByTestId('unlock').waitFor();
    expect(alice.core.messaging()).toBeUndefined();
    expect(await page.content()).not.toContain('LOCK-CANARY');
    await page.getByTestId('unlock-password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('alert').waitFor();
    await screenshot(page, 'lock-3-locked-wrong-password');
    await page.getByTestId('unlock-password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByTestId('shell').waitFor();
    await page.keyboard.press('Control+1');
    await page.getByTestId(`conversation-${bobId}`).click();
    await expect.poll(() => page.getByTestId('message').last().textContent()).toContain(REPLY);
    await screenshot(page, 'lock-4-unlocked');
    await page.context().close();
  }, 120_000);

  it('asks for the current password before showing the phrase or removing the password (EN light, FR dark)', async () => {
    const expected = alice.core.account.revealRecoveryPhrase(NEW_PASSWORD);
    const en = await openPage(browser, alice);
    await en.keyboard.press('Control+3');
    await en.getByTestId('settings-recovery').click();
    await en.getByTestId('reveal-password').waitFor();
    await en.getByTestId('reveal-phrase').click();
    await expect.poll(() => en.getByTestId('reveal-error').textContent()).toBe('Type your current password.');
    await en.getByTestId('reveal-password').fill(PASSWORD);
    await en.getByTestId('reveal-phrase').click();
    await expect.poll(() => en.getByTestId('reveal-error').textContent()).toBe('That password is not right.');
    expect(await en.getByTestId('phrase-words').count()).toBe(0);
    await screenshot(en, 'lock-5-en-reveal-wrong-password');
    await en.getByTestId('reveal-password').fill(NEW_PASSWORD);
    await en.getByTestId('reveal-phrase').click();
    await en.getByTestId('phrase-words').waitFor();
    expect((await en.locator('.phrase-text').allTextContents()).join(' ')).toBe(expected);
    await en.context().close();

    const fr = await openPage(browser, alice, { locale: 'fr-FR', dark: true });
    await fr.keyboard.press('Control+3');
    await fr.getByTestId('settings-recovery').click();
    await fr.getByTestId('reveal-password').fill('pas le bon');
    await fr.getByTestId('reveal-phrase').click();
    await expect
      .poll(() => fr.getByTestId('reveal-error').textContent())
      .toBe('Ce mot de passe n’est pas le bon.');
    await screenshot(fr, 'lock-6-fr-dark-reveal-wrong-password');
    await fr.getByTestId('settings-account').click();
    await fr.getByTestId('remove-password').click();
    await fr.getByTestId('current-password').fill('pas le bon');
    await fr.getByTestId('submit-remove-password').click();
    await expect
      .poll(() => fr.getByTestId('protection-error').textContent())
      .toBe('Ce mot de passe n’est pas le bon.');
    // Still protected by the password.
    expect(alice.core.account.protection()).toBe('password');
    await screenshot(fr, 'lock-7-fr-dark-remove-wrong-password');
    await fr.getByRole('button', { name: 'Annuler' }).click();
    await fr.getByTestId('change-password').click();
    await fr.getByLabel('Nouveau mot de passe').fill('court');
    await fr.getByLabel('Confirmez le mot de passe').fill('court');
    await fr.getByTestId('current-password').fill(NEW_PASSWORD);
    await fr.getByTestId('submit-password').click();
    await expect
      .poll(() => fr.getByTestId('protection-error').textContent())
      .toBe('Utilisez au moins 6 caractères.');
    await screenshot(fr, 'lock-8-fr-dark-change-form');
    await fr.context().close();
  }, 60_000);

  it('a copied profile opens with neither a wrong password nor without the key, and holds nothing in clear', async () => {
    const account = alice.core.account;
    const identity = account.identity();
    const phrase = account.revealRecoveryPhrase(NEW_PASSWORD);
    const decoded = decodeRecoveryPhrase(phrase);
    if (!decoded.ok) throw new Error('phrase');
    const dbKey = account.databaseKey();
    const needles = new Map<string, Buffer>([
      ['message body', Buffer.from(BODY)],
      ['message body (UTF-16)', Buffer.from(BODY, 'utf16le')],
      ['reply', Buffer.from(REPLY)],
      ['canary', Buffer.from('LOCK-CANARY')],
      ['recovery phrase', Buffer.from(phrase)],
      ['first words', Buffer.from(phrase.split(' ').slice(0, 3).join(' '))],
      ['seed (hex)', Buffer.from(hex(decoded.seed))],
      ['seed', Buffer.from(decoded.seed)],
      ['ed25519 secret key (hex)', Buffer.from(hex(identity.ed25519SecretKey))],
      ['ed25519 secret key', Buffer.from(identity.ed25519SecretKey)],
      ['x25519 secret key (hex)', Buffer.from(hex(identity.x25519SecretKey))],
      ['x25519 secret key', Buffer.from(identity.x25519SecretKey)],
      ['database key (hex)', Buffer.from(hex(dbKey))],
      ['database key', Buffer.from(dbKey)],
      ['password', Buffer.from(NEW_PASSWORD)],
    ]);

    // A live copy (the app running, the database open with its WAL), then one after locking.
    const live = mkdtempSync(join(tmpdir(), 'veil-copy-live-'));
    copies.push(live);
    cpSync(alice.profileDir, live, { recursive: true });
    expect(allFiles(live).some((f) => f.endsWith('veil.log'))).toBe(true);
    expect(allFiles(live).some((f) => f.endsWith('veil.db'))).toBe(true);
    expect(filesHolding(live, needles)).toEqual([]);

    await alice.core.dispatcher.dispatch('account.lock', {});
    const locked = mkdtempSync(join(tmpdir(), 'veil-copy-locked-'));
    copies.push(locked);
    cpSync(alice.profileDir, locked, { recursive: true });
    expect(filesHolding(locked, needles)).toEqual([]);

    for (const copy of [live, locked]) {
      // The keys: a password account stays locked; a wrong password is refused.
      const stranger = new AccountService(copy);
      expect(stranger.status().state).toBe('locked');
      expect(() => stranger.unlock(PASSWORD)).toThrow(/password/i);
      expect(() => stranger.identity()).toThrow();
      // The database: SQLCipher refuses it without the key, and with a wrong one.
      const noKey = new Database(join(copy, 'veil.db'), { readonly: true, fileMustExist: true });
      expect(() => noKey.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(/not a database/i);
      noKey.close();
      const wrongKey = new Database(join(copy, 'veil.db'), { readonly: true, fileMustExist: true });
      wrongKey.pragma("cipher = 'sqlcipher'");
      wrongKey.pragma('legacy = 4');
      // The right page size, so that only the key is wrong (a wrong size alone would refuse too).
      wrongKey.pragma(`legacy_page_size = ${PAGE_SIZE}`);
      wrongKey.pragma(`key="x'${'00'.repeat(32)}'"`);
      expect(() => wrongKey.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(/not a database/i);
      wrongKey.close();
      // And the right password does open it: the copy is intact, only the secret was missing.
      expect(stranger.unlock(NEW_PASSWORD).state).toBe('ready');
      stranger.lock();
    }
    await alice.core.dispatcher.dispatch('account.unlock', { password: NEW_PASSWORD });
  }, 60_000);
});
