/**
 * Temporary folders for tests, removed when the test file's tests are done, also when one of them
 * failed. Profiles made by tests hold keys and databases: left in a shared temp folder they stay
 * readable there, and a few runs a day filled a developer's disk (11 GB after ~15 sessions).
 * The run's own temp root (test/helpers/temp-root.ts) catches what a test forgets; this removes
 * what a test file made as soon as the file is done, and its teardown names whatever was left.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made = new Set<string>();

/** A new folder `<temp>/<prefix>XXXXXX` (mode 0700), removed after the test file's tests. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Removes every folder made by `tempDir` in this test file so far. */
export function removeTempDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}

// Registered when a test file first imports this module (vitest gives every test file its own
// modules), so on the file's root suite: vitest runs after-hooks in reverse order of
// registration, so this runs after the file's own afterAll/afterEach have closed the cores,
// databases and devnets that use these folders.
try {
  afterAll(removeTempDirs);
} catch {
  // Not in a test file: a child process of a test (a crash writer) imports a test helper. There
  // is no suite to hook; what it makes stays in the run's temp root, removed at the run's end.
}
