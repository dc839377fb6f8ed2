import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VeilCore } from '../../../src/main/core/core';
import { IdleLock } from '../../../src/main/security/idle-lock';
import { SYSTEM_SETTINGS_FILE, SystemSettingsStore } from '../../../src/main/security/system-settings-store';

const MIN = 60_000;

describe('IdleLock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup(minutes: number, canLock = true) {
    vi.useFakeTimers();
    const state = { minutes, canLock, locks: 0 };
    const idle = new IdleLock({
      minutes: () => state.minutes,
      canLock: () => state.canLock,
      lock: () => {
        state.locks++;
        return Promise.resolve();
      },
    });
    idle.reset();
    return { idle, state };
  }

  it('locks once the chosen time passes without activity', async () => {
    const { state } = setup(5);
    await vi.advanceTimersByTimeAsync(5 * MIN - 1);
    expect(state.locks).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.locks).toBe(1);
    await vi.advanceTimersByTimeAsync(60 * MIN);
    expect(state.locks).toBe(1); // locked once; the next unlock resets it
  });

  it('activity postpones the lock by the full delay', async () => {
    const { idle, state } = setup(1);
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(50_000);
      idle.activity();
    }
    expect(state.locks).toBe(0);
    await vi.advanceTimersByTimeAsync(MIN);
    expect(state.locks).toBe(1);
  });

  it('does nothing when off, or when there is nothing to lock (no password / already locked)', async () => {
    const off = setup(0);
    await vi.advanceTimersByTimeAsync(120 * MIN);
    expect(off.state.locks).toBe(0);
    vi.useRealTimers();
    const noPassword = setup(1, false);
    await vi.advanceTimersByTimeAsync(10 * MIN);
    expect(noPassword.state.locks).toBe(0);
  });

  it('a shorter delay chosen later applies from the last activity', async () => {
    const { idle, state } = setup(60);
    await vi.advanceTimersByTimeAsync(2 * MIN);
    state.minutes = 1;
    idle.reset();
    await vi.advanceTimersByTimeAsync(MIN);
    expect(state.locks).toBe(1);
  });
});

describe('SystemSettingsStore', () => {
  it('defaults to no idle lock, keeps valid fields of a damaged file, rejects other delays', () => {
    const dir = mkdtempSync(join(tmpdir(), 'veil-sys-'));
    try {
      expect(new SystemSettingsStore(dir).get()).toEqual({
        idleLockMinutes: 0,
        startAtLogin: false,
        startMinimised: false,
        closeToTray: false,
      });
      writeFileSync(
        join(dir, SYSTEM_SETTINGS_FILE),
        JSON.stringify({ idleLockMinutes: 7, startAtLogin: true }),
      );
      const store = new SystemSettingsStore(dir);
      expect(store.get()).toEqual({
        idleLockMinutes: 0,
        startAtLogin: true,
        startMinimised: false,
        closeToTray: false,
      });
      expect(store.update({ idleLockMinutes: 15 }).idleLockMinutes).toBe(15);
      expect(JSON.parse(readFileSync(join(dir, SYSTEM_SETTINGS_FILE), 'utf8'))).toMatchObject({
        idleLockMinutes: 15,
      });
      writeFileSync(join(dir, SYSTEM_SETTINGS_FILE), 'not json');
      expect(new SystemSettingsStore(dir).get().idleLockMinutes).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('locking the core', () => {
  let dir: string | undefined;
  let core: VeilCore | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await core?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function openWithPassword() {
    dir = mkdtempSync(join(tmpdir(), 'veil-lock-'));
    core = await VeilCore.open({
      profileDir: dir,
      host: 'browser',
      network: 'devnet',
      log: (line) => {
        console.error(line);
      },
    });
    const changes: string[] = [];
    core.events.subscribe((name, payload) => {
      if (name === 'account.changed') changes.push((payload as { state: string }).state);
    });
    expect((await core.dispatcher.dispatch('account.create', { displayName: 'Lou' })).ok).toBe(true);
    return { core, changes };
  }

  it('refuses to lock without a password (the keys would unlock themselves)', async () => {
    const { core } = await openWithPassword();
    const r = await core.dispatcher.dispatch('account.lock', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'lock.needsPassword' } });
    expect(core.messaging()).toBeDefined();
  });

  it('lock closes the session and forgets the keys; only the password opens them again', async () => {
    const { core, changes } = await openWithPassword();
    expect((await core.dispatcher.dispatch('account.setPassword', { password: 'correct horse' })).ok).toBe(
      true,
    );
    const session = core.ensureSession();
    expect(session).toBeDefined();
    const locked = await core.dispatcher.dispatch('account.lock', {});
    expect(locked).toMatchObject({ ok: true, value: { state: 'locked' } });
    expect(changes.at(-1)).toBe('locked');
    expect(core.messaging()).toBeUndefined();
    expect(() => session?.db.conversations.listConversations()).toThrow(/not open|closed/i); // the database is closed
    expect(() => core.account.identity()).toThrow();
    expect((await core.dispatcher.dispatch('conversations.list', {})).ok).toBe(false);
    expect((await core.dispatcher.dispatch('account.revealPhrase', {})).ok).toBe(false);

    const wrong = await core.dispatcher.dispatch('account.unlock', { password: 'wrong horse' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const right = await core.dispatcher.dispatch('account.unlock', { password: 'correct horse' });
    expect(right).toMatchObject({ ok: true, value: { state: 'ready' } });
    expect(core.messaging()).toBeDefined();
    expect((await core.dispatcher.dispatch('conversations.list', {})).ok).toBe(true);
    // Unlocked is not enough to read the phrase: the password is asked again.
    expect(await core.dispatcher.dispatch('account.revealPhrase', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', reason: 'password.needed' },
    });
    expect(
      await core.dispatcher.dispatch('account.revealPhrase', { currentPassword: 'wrong horse' }),
    ).toMatchObject({ ok: false, error: { code: 'unauthorized', reason: 'password.wrong' } });
    const revealed = await core.dispatcher.dispatch('account.revealPhrase', {
      currentPassword: 'correct horse',
    });
    expect(revealed).toMatchObject({ ok: true, value: { phrase: expect.stringMatching(/^(\S+ ){12}\S+$/) } });
    // A one-character password is refused by main, whatever the UI checks.
    expect(
      await core.dispatcher.dispatch('account.setPassword', {
        password: 'a',
        currentPassword: 'correct horse',
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-arguments', reason: 'password.too-short' } });
  });

  it('changing the password while unlocked: the old one stops working, the new one unlocks', async () => {
    const { core } = await openWithPassword();
    await core.dispatcher.dispatch('account.setPassword', { password: 'first password' });
    // Once a password is set, changing it takes the current one.
    expect(
      await core.dispatcher.dispatch('account.setPassword', { password: 'second password' }),
    ).toMatchObject({ ok: false, error: { code: 'unauthorized', reason: 'password.needed' } });
    expect(
      await core.dispatcher.dispatch('account.setPassword', {
        password: 'second password',
        currentPassword: 'wrong password',
      }),
    ).toMatchObject({ ok: false, error: { code: 'unauthorized', reason: 'password.wrong' } });
    expect(
      (
        await core.dispatcher.dispatch('account.setPassword', {
          password: 'second password',
          currentPassword: 'first password',
        })
      ).ok,
    ).toBe(true);
    // The open session keeps working on the re-keyed database.
    expect((await core.dispatcher.dispatch('conversations.list', {})).ok).toBe(true);
    await core.dispatcher.dispatch('account.lock', {});
    expect((await core.dispatcher.dispatch('account.unlock', { password: 'first password' })).ok).toBe(false);
    expect((await core.dispatcher.dispatch('account.unlock', { password: 'second password' })).ok).toBe(true);
  });

  it('the idle lock fires after the chosen minutes without activity', async () => {
    const { core, changes } = await openWithPassword();
    await core.dispatcher.dispatch('account.setPassword', { password: 'correct horse' });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const updated = await core.dispatcher.dispatch('system.update', { idleLockMinutes: 1 });
    expect(updated).toMatchObject({ ok: true, value: { idleLockMinutes: 1 } });
    await vi.advanceTimersByTimeAsync(45_000);
    await core.dispatcher.dispatch('app.activity', {});
    await vi.advanceTimersByTimeAsync(45_000);
    expect(core.account.status().state).toBe('ready');
    await vi.advanceTimersByTimeAsync(20_000);
    await vi.waitFor(() => {
      expect(core.account.status().state).toBe('locked');
    });
    expect(changes.at(-1)).toBe('locked');
    expect(core.messaging()).toBeUndefined();
    expect((await core.dispatcher.dispatch('system.update', { idleLockMinutes: 3 as 1 })).ok).toBe(false);
  });
});
