import { execFileSync } from 'node:child_process';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const setFlagsFromString = vi.fn();
vi.mock('node:v8', () => ({ setFlagsFromString }));

beforeEach(() => {
  vi.resetModules();
  setFlagsFromString.mockClear();
});

describe('idle collections (V8 memory reducer)', () => {
  it('sets the single-collection flag once per process', async () => {
    const { reduceIdleCollections, IDLE_GC_FLAG } = await import('../../../src/main/core-worker/idle-gc');
    reduceIdleCollections();
    reduceIdleCollections();
    expect(setFlagsFromString.mock.calls).toEqual([[IDLE_GC_FLAG]]);
  });

  it("names a flag this runtime's V8 knows (an unknown one is refused at start)", async () => {
    const { IDLE_GC_FLAG } = await import('../../../src/main/core-worker/idle-gc');
    expect(() => execFileSync(process.execPath, [IDLE_GC_FLAG, '-e', '0'], { stdio: 'pipe' })).not.toThrow();
    expect(() =>
      execFileSync(process.execPath, ['--memory-reducer-no-such-flag', '-e', '0'], { stdio: 'pipe' }),
    ).toThrow();
  });
});
