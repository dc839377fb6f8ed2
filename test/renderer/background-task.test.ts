/**
 * The early script's warm-ups wait for a background task (issue #15, cold start): posted at the
 * scheduler's background priority, or as a plain task where there is no scheduler; never run
 * in the caller's task.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { inBackground } from '../../src/renderer/background-task';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('inBackground', () => {
  it('posts at the scheduler’s background priority', () => {
    const posted: { priority?: string }[] = [];
    const tasks: (() => void)[] = [];
    vi.stubGlobal('scheduler', {
      postTask(task: () => void, options: { priority?: string }) {
        tasks.push(task);
        posted.push(options);
        return Promise.resolve();
      },
    });
    const ran: string[] = [];
    inBackground(() => ran.push('task'));
    expect(ran).toEqual([]);
    expect(posted).toEqual([{ priority: 'background' }]);
    tasks[0]?.();
    expect(ran).toEqual(['task']);
  });

  it('falls back to a plain task without a scheduler', () => {
    vi.stubGlobal('scheduler', undefined);
    vi.useFakeTimers();
    const ran: string[] = [];
    inBackground(() => ran.push('task'));
    expect(ran).toEqual([]);
    vi.runAllTimers();
    expect(ran).toEqual(['task']);
  });
});
