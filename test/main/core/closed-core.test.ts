import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VeilCore } from '../../../src/main/core/core';

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
});
