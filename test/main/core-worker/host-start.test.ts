/**
 * The host of the core's worker (the browser host's process, Electron's main process) starts the
 * worker once its own modules are evaluated, and those compete for the two cores with the
 * window's first screen (issue #15, cold start). It only carries bytes: it needs the thread
 * messages and the event names, never the IPC contract's schemas, which the core's worker
 * builds, nor zod's full build, nor the SOCKS library (loaded by the first proxied connection).
 */
import { describe, expect, it } from 'vitest';
import { importersOf, reached } from '../../helpers/import-graph';

const HOST = ['src/main/core-worker/worker-core.ts', 'src/main/host/browser-host.ts'];

describe("the worker's host thread at start", () => {
  it('does not evaluate the IPC contract', () => {
    expect(reached(...HOST).has('src/shared/ipc/contract.ts')).toBe(false);
    // Electron's main process neither: its dialogs' modules (which check answers against the
    // contract) load on first use.
    expect(reached('src/main/electron/main.ts').has('src/shared/ipc/contract.ts')).toBe(false);
  });

  it("loads zod's mini build only, and no SOCKS library", () => {
    const host = reached(...HOST);
    expect(importersOf(host, 'zod')).toEqual([]);
    expect(importersOf(host, 'socks')).toEqual([]);
  });

  it('the walk sees what it should (the worker and the dialogs reach the rest)', () => {
    // Guards the walk itself: if the pattern stopped matching imports, the tests above would
    // pass for nothing.
    const worker = reached('src/main/core-worker/worker-main.ts');
    expect(worker.has('src/shared/ipc/contract.ts')).toBe(true);
    expect(importersOf(worker, 'zod').length).toBeGreaterThan(0);
    expect(reached('src/main/electron/save-attachment.ts').has('src/shared/ipc/contract.ts')).toBe(true);
    expect(importersOf(reached('src/main/network/tls-route.ts'), 'socks')).toEqual([]);
  });
});
