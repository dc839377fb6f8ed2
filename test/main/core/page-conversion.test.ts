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
async function olderProfile(rows = 50): Promise<{ profileDir: string; key: Uint8Array; core: VeilCore }> {
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
  db.transaction(() => {
    for (let i = 0; i < rows; i++)
      messages.insertIncoming(incoming({ body: `old ${i}`, sentAt: 1_700_000_000_000 + i }));
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { profileDir, key, core };
}

/** Protects the older profile with a password ('correct horse') and locks it: the unlock converts. */
async function lockedWithPassword(core: VeilCore): Promise<void> {
  // A session on the 4096 file (as the older Veil had), for setPassword's rekey.
  expect(core.ensureSession()).toBeDefined();
  expect((await core.dispatcher.dispatch('account.setPassword', { password: 'correct horse' })).ok).toBe(
    true,
  );
  expect((await core.dispatcher.dispatch('account.lock', {})).ok).toBe(true);
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
      expect(pageSizeOf(join(profileDir, DATABASE_FILE), key)).toBe(LEGACY_PAGE_SIZE);
      await lockedWithPassword(core);
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

  it('a change of password during the conversion waits for it, and never re-keys the file being copied', async () => {
    // Enough rows for several chunks of the copy, each in its own turn of the event loop: the
    // password change is asked while the copy is still going.
    const { profileDir, core } = await olderProfile(3_000);
    try {
      await lockedWithPassword(core);
      const heard: string[] = [];
      let copying!: () => void;
      const midCopy = new Promise<void>((resolve) => {
        copying = resolve;
      });
      core.subscribe((name, payload) => {
        if (name === 'database.optimising') {
          const { percent } = payload as { percent: number | null };
          heard.push(percent === null ? 'done' : 'optimising');
          // Rows are being copied: the old file is held open, the copy half made.
          if (percent !== null && percent > 0) copying();
        }
      });
      expect((await core.dispatcher.dispatch('account.unlock', { password: 'correct horse' })).ok).toBe(true);
      await midCopy;
      expect(heard).not.toContain('done');
      const change = core.dispatcher
        .dispatch('account.setPassword', { password: 'battery staple', currentPassword: 'correct horse' })
        .then((result) => {
          heard.push('changed');
          return result;
        });
      // A second change, queued behind the first: each starts from the key the file is under.
      const removal = core.dispatcher
        .dispatch('account.removePassword', { currentPassword: 'battery staple' })
        .then((result) => {
          heard.push('removed');
          return result;
        });
      const [changed, removed] = await Promise.all([change, removal]);
      expect(changed.ok).toBe(true);
      expect(removed.ok).toBe(true);
      expect(heard.indexOf('done')).toBeGreaterThan(-1);
      expect(heard.indexOf('done')).toBeLessThan(heard.indexOf('changed'));
      expect(heard.indexOf('changed')).toBeLessThan(heard.indexOf('removed'));
      // The converted file is under the key in force now, with every row.
      const key = core.account.databaseKey();
      const path = join(profileDir, DATABASE_FILE);
      expect(pageSizeOf(path, key)).toBe(PAGE_SIZE);
      await core.lock();
      const db = openConnection(path, key);
      try {
        expect(db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(3_000);
      } finally {
        db.close();
      }
    } finally {
      await core.close();
    }
  }, 120_000);
});
