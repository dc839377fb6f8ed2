import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VeilCore } from '../../../src/main/core/core';
import type { Message } from '../../../src/shared/ipc/messaging';

/** Offline core: sends are queued (never lost) and each gets its own sent timestamp. */
describe('sending a burst without a network', () => {
  let core: VeilCore;
  const dir = mkdtempSync(join(tmpdir(), 'veil-burst-'));
  const peer = `05${'12'.repeat(32)}`;

  beforeAll(async () => {
    core = await VeilCore.open({ profileDir: dir, host: 'browser', network: 'devnet' });
    await core.dispatcher.dispatch('account.create', { displayName: 'Burst' });
    await core.dispatcher.dispatch('conversations.open', { sessionId: peer });
  });
  afterAll(async () => {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives 200 messages sent in one tick 200 distinct sent timestamps, all queued as sending', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        core.dispatcher.dispatch('messages.send', { conversationId: peer, body: `m${i}` }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const sent = results
      .map((r) => (r.ok ? (r.value as Message) : undefined))
      .filter((m): m is Message => m !== undefined);
    expect(new Set(sent.map((m) => m.sentAt)).size).toBe(200);
    expect(sent.every((m) => m.status === 'sending')).toBe(true);
    const page = await core.dispatcher.dispatch('messages.page', {
      conversationId: peer,
      before: null,
      limit: 500,
    });
    expect(page.ok && (page.value as Message[]).length).toBe(200);
  });

  it('keeps timestamps increasing across a restart of the core', async () => {
    const before = await core.dispatcher.dispatch('messages.page', {
      conversationId: peer,
      before: null,
      limit: 1,
    });
    const newest = before.ok ? (before.value as Message[])[0]!.sentAt : 0;
    await core.close();
    core = await VeilCore.open({ profileDir: dir, host: 'browser', network: 'devnet' });
    const r = await core.dispatcher.dispatch('messages.send', {
      conversationId: peer,
      body: 'after restart',
    });
    expect(r.ok && (r.value as Message).sentAt).toBeGreaterThan(newest);
  });
});
