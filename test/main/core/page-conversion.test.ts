import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pageSizeOf } from '../db/old-profile';
import { VeilCore } from '../../../src/main/core/core';
import { LEGACY_PAGE_SIZE, openConnection, PAGE_SIZE } from '../../../src/main/db/connection';
import { messagesRepository } from '../../../src/main/db/messages';
import { transactionOf } from '../../../src/main/db/transact';
import { migrate } from '../../../src/main/db/migrations';
import { DATABASE_FILE } from '../../../src/main/db/rekey-file';
import { ALICE, incoming } from '../db/helpers';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A profile whose account exists and whose database is as an older Veil left it (4096). */
async function olderProfile(): Promise<{ profileDir: string; key: Uint8Array; core: VeilCore }> {
  const profileDir = mkdtempSync(join(tmpdir(), 'veil-convert-'));
  dirs.push(profileDir);
  const core = await VeilCore.open({ profileDir, host: 'browser', network: 'devnet' });
  expect((await core.dispatcher.dispatch('account.create', { displayName: 'Old' })).ok).toBe(true);
  const key = core.account.databaseKey();
  await core.lock();
  const path = join(profileDir, DATABASE_FILE);
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const db = openConnection(path, key, { newFilePageSize: LEGACY_PAGE_SIZE });
  migrate(db);
  const messages = messagesRepository(db, transactionOf(db));
  for (let i = 0; i < 50; i++)
    messages.insertIncoming(incoming({ body: `old ${i}`, sentAt: 1_700_000_000_000 + i }));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { profileDir, key, core };
}

describe('the core converts an older profile before its session opens it', () => {
  it('at start, with the progress heard from the open on', async () => {
    const { profileDir, key, core: first } = await olderProfile();
    await first.close();
    const heard: (number | null)[] = [];
    const core = await VeilCore.open({ profileDir, host: 'browser', network: 'devnet' }, (opening) => {
      opening.subscribe((name, payload) => {
        if (name === 'database.optimising') heard.push((payload as { percent: number | null }).percent);
      });
    });
    try {
      expect(heard[0]).toBe(0);
      expect(heard.at(-1)).toBeNull();
      expect(heard).toContain(100);
      const list = await core.dispatcher.dispatch('conversations.list', {});
      expect(list.ok).toBe(true);
      expect(JSON.stringify(list)).toContain(ALICE);
      expect(core.messaging()?.listConversations().length).toBeGreaterThan(0);
    } finally {
      await core.close();
    }
    expect(pageSizeOf(join(profileDir, DATABASE_FILE), key)).toBe(PAGE_SIZE);
  }, 60_000);

  it('at unlock: the window hears the progress before the account is ready, the lists after', async () => {
    const { profileDir, key, core } = await olderProfile();
    try {
      // A session on the 4096 file (as the older Veil had), for setPassword's rekey.
      expect(core.ensureSession()).toBeDefined();
      expect(pageSizeOf(join(profileDir, DATABASE_FILE), key)).toBe(LEGACY_PAGE_SIZE);
      expect((await core.dispatcher.dispatch('account.setPassword', { password: 'correct horse' })).ok).toBe(
        true,
      );
      expect((await core.dispatcher.dispatch('account.lock', {})).ok).toBe(true);
      const heard: string[] = [];
      let done!: () => void;
      const over = new Promise<void>((resolve) => {
        done = resolve;
      });
      core.subscribe((name, payload) => {
        if (name === 'database.optimising') {
          const { percent } = payload as { percent: number | null };
          heard.push(percent === null ? 'done' : `${percent}`);
          if (percent === null) {
            // The session is open when the window hears that it is over.
            expect(core.messaging()).toBeDefined();
            done();
          }
        }
        if (name === 'account.changed' && (payload as { state: string }).state === 'ready')
          heard.push('ready');
      });
      expect((await core.dispatcher.dispatch('account.unlock', { password: 'correct horse' })).ok).toBe(true);
      expect(heard.slice(0, 2)).toEqual(['0', 'ready']);
      await over;
      expect(heard.at(-1)).toBe('done');
      const list = await core.dispatcher.dispatch('conversations.list', {});
      expect(list.ok).toBe(true);
      expect(JSON.stringify(list)).toContain(ALICE);
      const unlockedKey = core.account.databaseKey();
      expect(pageSizeOf(join(profileDir, DATABASE_FILE), unlockedKey)).toBe(PAGE_SIZE);
    } finally {
      await core.close();
    }
  }, 60_000);
});
