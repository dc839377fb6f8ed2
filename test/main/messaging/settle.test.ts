import { afterEach, describe, expect, it, vi } from 'vitest';
import { settleBy } from '../../../src/main/messaging/settle';

afterEach(() => {
  vi.useRealTimers();
});

describe('settleBy', () => {
  it('gives the store’s hash, or its error, when it settles in time, and leaves no timer', async () => {
    vi.useFakeTimers();
    await expect(settleBy(Promise.resolve({ hash: 'h' }), 1_000)).resolves.toEqual({
      kind: 'stored',
      hash: 'h',
    });
    const error = new Error('refused');
    await expect(settleBy(Promise.reject(error), 1_000)).resolves.toEqual({ kind: 'error', error });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('says late when the time runs out first, and ignores the store settling afterwards', async () => {
    vi.useFakeTimers();
    let accept: (v: { hash: string }) => void = () => undefined;
    const store = new Promise<{ hash: string }>((resolve) => {
      accept = resolve;
    });
    const outcome = settleBy(store, 500);
    await vi.advanceTimersByTimeAsync(499);
    let settled = false;
    void outcome.then(() => {
      settled = true;
    });
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    accept({ hash: 'too late' });
    await expect(outcome).resolves.toEqual({ kind: 'late' });
  });

  it('says late at once for a time already over, unless the store is already settled', async () => {
    vi.useFakeTimers();
    const pending = settleBy(new Promise(() => undefined), -5);
    await vi.advanceTimersByTimeAsync(0);
    await expect(pending).resolves.toEqual({ kind: 'late' });
  });
});
