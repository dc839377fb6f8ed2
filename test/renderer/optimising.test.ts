/**
 * An older profile's one-time database conversion (src/main/core/page-conversion.ts): the app's
 * store follows `database.optimising`, heard from the start on (the conversion may run while
 * the first answer travels), and ends it on null.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { useApp } from '../../src/renderer/store';
import { fakeBridge } from './fake-bridge';

afterEach(() => {
  useApp.setState({ optimising: undefined });
});

describe('the conversion screen', () => {
  it('shows the percentage heard before and after the first answer, and goes on null', async () => {
    const f = fakeBridge();
    const starting = useApp.getState().start(f.bridge);
    f.emit('database.optimising', { percent: 0 });
    expect(useApp.getState().optimising).toBe(0);
    await f.answer('app.initialState', {
      info: {},
      settings: DEFAULT_SETTINGS,
      account: { state: 'locked' },
      network: null,
      conversations: null,
      groups: null,
      communities: null,
    });
    await starting;
    f.emit('database.optimising', { percent: 42 });
    expect(useApp.getState().optimising).toBe(42);
    f.emit('database.optimising', { percent: null });
    expect(useApp.getState().optimising).toBeUndefined();
  });
});
