#!/usr/bin/env node
// `npm test`: typecheck, lint, format check, build, then every vitest project (unit,
// integration against a real devnet, end-to-end in Chromium). Ends with one plain line,
// `N passed, N failed`, counting each vitest test and each static check.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const report = '.ci-vitest.json';
const steps = [
  ['typecheck', 'npm', ['run', '-s', 'typecheck']],
  ['lint', 'npm', ['run', '-s', 'lint']],
  ['format', 'npx', ['--no-install', 'prettier', '--check', '--log-level', 'warn', '.']],
  ['build', 'npm', ['run', '-s', 'build']],
];

let passed = 0;
let failed = 0;
for (const [name, cmd, args] of steps) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const ok = r.status === 0;
  console.log(`${ok ? '✓' : '✗'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (!ok) {
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
  }
  if (ok) passed++;
  else failed++;
}

// Unit/integration first, then end-to-end: run apart so that devnets started by unit tests do
// not compete with Chromium for this machine's two cores.
for (const project of ['unit', 'e2e']) {
  rmSync(report, { force: true });
  const vitest = spawnSync(
    'npx',
    [
      '--no-install',
      'vitest',
      'run',
      '--project',
      project,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
    { stdio: 'inherit' },
  );
  let projectFailed = 0;
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed += r.numPassedTests;
    projectFailed += r.numFailedTests;
    if (r.numTotalTests === 0) projectFailed++;
    // A suite that fails to load (syntax error, failing beforeAll) counts as a failure too.
    projectFailed += r.testResults.filter(
      (f) => f.status === 'failed' && f.assertionResults.length === 0,
    ).length;
  } else {
    projectFailed++;
  }
  if (vitest.status !== 0 && projectFailed === 0) projectFailed++;
  failed += projectFailed;
}
rmSync(report, { force: true });

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
