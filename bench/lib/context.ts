import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle } from './bundle';
import type { Child } from './child';
import type { Mode } from './mode';
import type { DevnetCommands } from './protocol';

/** What every metric gets: the run's sizes, the bundled children and the devnet. */
export interface BenchContext {
  readonly root: string;
  readonly mode: Mode;
  readonly bundle: Bundle;
  readonly devnet: Child<DevnetCommands>;
  readonly seedUrl: string;
  readonly nodeUrls: readonly string[];
  /** The devnet's control API and its community server's `lobby` join URL. */
  readonly controlUrl: string;
  readonly communityJoinUrl: string;
  readonly staticDir: string;
  /** A temporary folder removed at the end of the run. */
  tempDir(prefix: string): string;
  log(line: string): void;
}

const temps = new Set<string>();

export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `veil-bench-${prefix}-`));
  temps.add(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  temps.clear();
}
