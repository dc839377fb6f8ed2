/**
 * vitest globalSetup: the run gets a temp folder of its own, removed at the end of the run, so
 * that a run leaves nothing in the system's temp folder even where a test forgets to clean up or
 * a process is killed before its own clean-up. It points TMPDIR (what Node's os.tmpdir() reads
 * at each call, and Chromium's temp folder on Linux) at that folder: vitest builds the workers'
 * environment from process.env after the global setups ran, and every devnet, `veil` process and
 * Chromium the tests start inherits it. Made by mkdtemp (mode 0700): the profiles inside are not
 * readable by other users of a shared /tmp either.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What tools keep in the temp folder that no test made: tsx's compile cache (each file compiled
 * once per run there) and the PulseAudio client folder Chromium makes (`pulse-*`, seen after
 * a full e2e run). Removed with the rest, not named.
 */
const TOOL_CACHES = /^(?:tsx-\d+|pulse-[\w-]+)$/;

/** What is in the run's temp folder that a test should have removed. */
export function leftovers(root: string): string[] {
  return readdirSync(root)
    .filter((name) => !TOOL_CACHES.test(name))
    .sort();
}

export default function setup(): () => void {
  const before = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'veil-test-run-'));
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    // Named, so that a test (or a harness) that leaks is visible; removed all the same.
    const left = leftovers(root);
    if (left.length > 0) {
      console.warn(`Tests left ${left.length} entries in the temp folder (removed): ${left.join(' ')}`);
    }
    rmSync(root, { recursive: true, force: true });
  };
}
