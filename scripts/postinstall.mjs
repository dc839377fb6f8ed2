// Runs after `npm install`. Electron's own download script is switched off in package.json
// (`allowScripts`), so that a failed download cannot make npm drop the optional `electron`
// package, whose type declarations typecheck and lint need. This script runs that same download
// instead and, where it cannot work (no access to GitHub, ELECTRON_SKIP_BINARY_DOWNLOAD set), says
// so in one line and lets the install succeed: `npm start` then uses the browser host.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const installer = join(root, 'node_modules', 'electron', 'install.js');
const fallback = '`npm start` will use the browser host';

if (!existsSync(installer)) {
  // electron is optional: an install with --omit=optional (or an old npm that dropped it) has none.
  console.log(`veil: Electron is not installed; ${fallback}.`);
} else if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log(
    `veil: Electron's binary was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD is set); ${fallback}.`,
  );
} else {
  // The download can be large on a slow line: no time limit of ours, npm's own applies.
  const result = spawnSync(process.execPath, [installer], { cwd: dirname(installer), encoding: 'utf8' });
  if (result.status !== 0) {
    const output = `${result.stderr ?? ''}\n${result.stdout ?? ''}`;
    const firstLine = output
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.length > 0);
    const why = firstLine ?? result.error?.message ?? `exit code ${String(result.status)}`;
    console.log(`veil: Electron's binary could not be downloaded (${why}); ${fallback}.`);
  }
}
