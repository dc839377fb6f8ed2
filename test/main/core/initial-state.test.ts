import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VeilCore } from '../../../src/main/core/core';
import { calls } from '../../../src/shared/ipc/contract';
import { initialStateHandler } from '../../../src/main/core/initial-state';

/**
 * `app.initialState` (issue #15, cold start): the first screen in one call, each part equal to
 * what its own call answers, and no conversation list before there is an account.
 */
describe('app.initialState', () => {
  const dir = mkdtempSync(join(tmpdir(), 'veil-initial-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers what the separate calls answer, the lists only once the account is ready', async () => {
    const core = await VeilCore.open({ profileDir: dir, host: 'browser', network: 'devnet' });
    try {
      const before = await core.dispatch('app.initialState', {});
      if (!before.ok) throw new Error(before.error.message);
      expect(calls['app.initialState'].result.parse(before.value)).toMatchObject({
        account: { state: 'none' },
        conversations: null,
        groups: null,
        communities: null,
      });

      expect((await core.dispatch('account.create', { displayName: 'Initial' })).ok).toBe(true);
      const after = await core.dispatch('app.initialState', {});
      if (!after.ok) throw new Error(after.error.message);
      const state = calls['app.initialState'].result.parse(after.value);
      for (const [part, call] of [
        ['info', 'app.info'],
        ['settings', 'settings.get'],
        ['account', 'account.status'],
        ['conversations', 'conversations.list'],
        ['groups', 'groups.list'],
        ['communities', 'communities.list'],
      ] as const) {
        const alone = await core.dispatch(call, {});
        expect(alone.ok && alone.value).toEqual(state[part]);
      }
      expect(state.account.state).toBe('ready');
      expect(state.conversations).toEqual([]);
      expect(state.groups).toEqual([]);
      expect(state.communities).toEqual([]);
      expect(state.network.network).toBe('devnet');
    } finally {
      await core.close();
    }
  });
});

describe('app.initialState with a list that cannot be read', () => {
  it('answers null for groups or rooms (the page asks for them itself), never fails the first screen', async () => {
    const ok =
      <T>(value: T) =>
      () =>
        Promise.resolve(value);
    const handlers = {
      'app.info': ok({ name: 'Veil', version: '0', host: 'browser', platform: 'linux', network: 'devnet' }),
      'settings.get': ok({}),
      'account.status': ok({ state: 'ready', sessionId: '05' }),
      'network.status': ok({}),
      'conversations.list': ok([]),
      'groups.list': () => {
        throw new Error('no group service');
      },
      'communities.list': () => Promise.reject(new Error('no community service')),
    } as unknown as Parameters<typeof initialStateHandler>[0];
    const state = await initialStateHandler(handlers)();
    expect(state).toMatchObject({ conversations: [], groups: null, communities: null });
  });
});
