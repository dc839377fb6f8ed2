/**
 * The renderer's bridge builds the contract's schemas on first need (issue #15, cold start):
 * never while the first screen's answer travels (the page is idle then, and the build would
 * hold the answer and the first render behind it), only when idle after that render, or when a
 * call needs them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RawBridge } from '../../src/shared/ipc/bridge';
import { createBridge } from '../../src/renderer/bridge';

function rawBridge() {
  let listener: ((name: string, payload: unknown) => void) | undefined;
  const raw: RawBridge = {
    host: 'browser',
    invoke: () => Promise.resolve({ ok: true, value: [] }),
    on: (l) => {
      listener = l;
      return () => undefined;
    },
  };
  return { raw, emit: (name: string, payload: unknown) => listener?.(name, payload) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the bridge and the contract', () => {
  const idle: (() => void)[] = [];
  afterEach(() => {
    vi.unstubAllGlobals();
    idle.length = 0;
  });
  const stubIdle = () => {
    vi.stubGlobal('requestIdleCallback', (f: () => void) => idle.push(f));
  };

  it('waits for the first render before building the schemas when idle; events are held till then', async () => {
    stubIdle();
    const { raw, emit } = rawBridge();
    let rendered = (): void => undefined;
    const bridge = createBridge(
      raw,
      new Promise<void>((resolve) => {
        rendered = resolve;
      }),
    );
    const got: unknown[] = [];
    bridge.on('groups.changed', (groups) => got.push(groups));
    emit('groups.changed', []);
    await tick();
    expect(idle).toHaveLength(0);
    expect(got).toEqual([]);
    rendered();
    await tick();
    expect(idle.length).toBeGreaterThan(0);
    for (const run of idle.splice(0)) run();
    await vi.waitFor(() => {
      expect(got).toEqual([[]]);
    });
  });

  it('a call before the first render loads the schemas it needs at once', async () => {
    stubIdle();
    const { raw } = rawBridge();
    const bridge = createBridge(raw, new Promise<void>(() => undefined));
    const answer = await bridge.invoke('groups.list', {});
    expect(answer).toEqual({ ok: true, value: [] });
    expect(idle).toHaveLength(0);
  });

  it("checks the first screen's calls with their own schemas, the contract's, without loading it", async () => {
    vi.resetModules();
    // The contract's chunk cannot be had: a call that needs it fails, the first screen's do not.
    vi.doMock('../../src/shared/ipc/contract', () => {
      throw new Error('the contract was loaded');
    });
    try {
      const { createBridge: make } = await import('../../src/renderer/bridge');
      const url = `data:image/png;base64,${'A'.repeat(8)}`;
      const raw: RawBridge = {
        host: 'browser',
        invoke: (name) =>
          Promise.resolve(
            name === 'avatar.getMany'
              ? { ok: true, value: { dataUrls: [url, null] } }
              : { ok: true, value: [] },
          ),
        on: () => () => undefined,
      };
      const bridge = make(raw, new Promise<void>(() => undefined));
      const ids = [`05${'a'.repeat(64)}`, `05${'b'.repeat(64)}`];
      expect(await bridge.invoke('avatar.getMany', { sessionIds: ids })).toEqual({
        ok: true,
        value: { dataUrls: [url, null] },
      });
      const other = await bridge.invoke('groups.list', {});
      expect(other.ok).toBe(false);
    } finally {
      vi.doUnmock('../../src/shared/ipc/contract');
      vi.resetModules();
    }
  });

  it("the first screen's result schemas are the contract's own", async () => {
    const { FIRST_SCREEN_RESULTS } = await import('../../src/renderer/bridge');
    const { calls } = await import('../../src/shared/ipc/contract');
    const names = Object.keys(FIRST_SCREEN_RESULTS) as (keyof typeof calls)[];
    expect(names).toEqual(['app.initialState', 'avatar.getMany']);
    for (const name of names) expect(FIRST_SCREEN_RESULTS[name]).toBe(calls[name].result);
  });
});
