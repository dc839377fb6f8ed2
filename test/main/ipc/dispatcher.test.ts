import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../../src/main/ipc/dispatcher';
import { IpcFailure } from '../../../src/shared/ipc/result';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    'app.info': () => ({ name: 'Veil', version: '0', host: 'browser', platform: 'linux', network: 'devnet' }),
    'settings.get': () => DEFAULT_SETTINGS,
    'settings.update': (patch) => ({ ...DEFAULT_SETTINGS, ...patch }),
    'shell.openExternal': () => null,
    ...overrides,
  } as Handlers;
}

describe('IPC dispatcher', () => {
  it('answers a valid call with its value', async () => {
    const d = createDispatcher(handlers());
    expect(await d.dispatch('settings.update', { theme: 'dark' })).toEqual({
      ok: true,
      value: { ...DEFAULT_SETTINGS, theme: 'dark' },
    });
  });

  it.each([
    ['an unknown name', 'settings.drop', {}],
    ['a prototype key', '__proto__', {}],
    ['a non-string name', 42, {}],
  ])('refuses %s with unknown-call', async (_label, name, args) => {
    const r = await createDispatcher(handlers()).dispatch(name, args);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('unknown-call');
  });

  it.each([
    ['a wrong enum value', { theme: 'purple' }],
    ['an extra key', { theme: 'dark', admin: true }],
    ['a zoom out of range', { zoom: 9 }],
    ['a string instead of an object', 'dark'],
    ['a non-http URL', { url: 'javascript:alert(1)' }],
  ])('refuses %s with invalid-arguments and never calls the handler', async (_label, args) => {
    let called = false;
    const d = createDispatcher(
      handlers({
        'settings.update': () => {
          called = true;
          return DEFAULT_SETTINGS;
        },
        'shell.openExternal': () => {
          called = true;
          return null;
        },
      }),
    );
    const name = typeof args === 'object' && 'url' in args ? 'shell.openExternal' : 'settings.update';
    const r = await d.dispatch(name, args);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('invalid-arguments');
    expect(called).toBe(false);
  });

  it('turns a typed failure into its code, reason and params', async () => {
    const d = createDispatcher(
      handlers({
        'settings.get': () => {
          throw new IpcFailure('not-found', 'no such thing', 'thing.missing', { id: 3 });
        },
      }),
    );
    expect(await d.dispatch('settings.get', {})).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'no such thing', reason: 'thing.missing', params: { id: 3 } },
    });
  });

  it('hides unexpected errors behind internal, and reports them to the log hook', async () => {
    const seen: unknown[] = [];
    const d = createDispatcher(
      handlers({
        'settings.get': () => {
          throw new Error('secret detail');
        },
      }),
      { onInternalError: (_n, e) => seen.push(e) },
    );
    const r = await d.dispatch('settings.get', {});
    expect(r).toEqual({
      ok: false,
      error: { code: 'internal', message: 'settings.get failed unexpectedly' },
    });
    expect(seen).toHaveLength(1);
  });

  it('answers timeout instead of hanging when a handler never returns', async () => {
    const d = createDispatcher(handlers({ 'settings.get': () => new Promise(() => undefined) }), {
      timeoutMs: 50,
    });
    const r = await d.dispatch('settings.get', {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('timeout');
  });

  it('refuses to send a result the contract does not allow, and says which call and field (development and tests)', async () => {
    const seen: string[] = [];
    const d = createDispatcher(
      handlers({ 'settings.get': () => ({ ...DEFAULT_SETTINGS, theme: 'purple' }) as never }),
      { onInternalError: (n, e) => seen.push(`${n}: ${e instanceof Error ? e.message : String(e)}`) },
    );
    expect(await d.dispatch('settings.get', {})).toEqual({
      ok: false,
      error: { code: 'internal', message: 'settings.get answered a malformed result' },
    });
    expect(seen).toEqual([expect.stringMatching(/^settings\.get: malformed result: theme: /)]);
    // A well-formed answer still goes through unchanged.
    expect(await createDispatcher(handlers()).dispatch('settings.get', {})).toEqual({
      ok: true,
      value: DEFAULT_SETTINGS,
    });
  });

  it('sends results unchecked in a built app', async () => {
    const bad = { ...DEFAULT_SETTINGS, theme: 'purple' };
    const d = createDispatcher(handlers({ 'settings.get': () => bad as never }), { checkResults: false });
    expect(await d.dispatch('settings.get', {})).toEqual({ ok: true, value: bad });
  });
});
