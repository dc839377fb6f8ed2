import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VeilCore } from '../../../src/main/core/core';
import { openConnection } from '../../../src/main/db/connection';
import { DATABASE_FILE } from '../../../src/main/db/rekey-file';

/**
 * A closed core stays closed: a late timer or IPC call opening the profile again would run a
 * second outbox on a stopped network and mark the queued messages failed (seen in the bench).
 */
describe('a closed core', () => {
  const dir = mkdtempSync(join(tmpdir(), 'veil-closed-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens no session again, whatever asks', async () => {
    const core = await VeilCore.open({ profileDir: dir, host: 'browser', network: 'devnet' });
    const created = await core.dispatcher.dispatch('account.create', { displayName: 'Closed' });
    expect(created.ok).toBe(true);
    expect(core.ensureSession()).toBeDefined();
    await core.close();
    expect(core.ensureSession()).toBeUndefined();
    expect(core.messaging()).toBeUndefined();
    const late = await core.dispatcher.dispatch('conversations.list', {});
    expect(late.ok).toBe(false);
    expect(core.messaging()).toBeUndefined();
  });
  it('closes itself when its session cannot start (the database held by another process)', async () => {
    const profileDir = mkdtempSync(join(tmpdir(), 'veil-busy-'));
    try {
      const first = await VeilCore.open({ profileDir, host: 'browser', network: 'devnet' });
      expect((await first.dispatcher.dispatch('account.create', { displayName: 'Busy' })).ok).toBe(true);
      const key = first.account.databaseKey();
      await first.close();
      // Another process holds the write lock past the busy timeout (ten CLI commands at once).
      const other = openConnection(join(profileDir, DATABASE_FILE), key);
      other.exec('BEGIN IMMEDIATE');
      let opened: VeilCore | undefined;
      try {
        await expect(
          VeilCore.open({ profileDir, host: 'browser', network: 'devnet' }, (core) => {
            opened = core;
          }),
        ).rejects.toThrow(/database is locked/);
      } finally {
        other.exec('ROLLBACK');
        other.close();
      }
      // Left open, its network and pollers kept the CLI's process alive after it printed the error.
      expect(opened?.isClosed()).toBe(true);
    } finally {
      rmSync(profileDir, { recursive: true, force: true });
    }
  }, 30_000);
});
