#!/usr/bin/env node
// `npm test`: typecheck, lint, format check, build, then every vitest project (unit,
// integration against a real devnet, end-to-end in Chromium). Ends with one plain line,
// `N passed, N failed`, counting each vitest test and each static check.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const report = '.ci-vitest.json';
// The static checks in two lanes at once: tsc and ESLint each keep one core busy for minutes,
// so on CI's two cores running them side by side saves the shorter one's time. Prettier and the
// build follow in the lane of the typecheck (the shorter of the two). Results print in this order.
// Measured alone: ESLint 221 s CPU and 2.8 GB at most, tsc 41 s and 1.0 GB, prettier 20 s, build
// 3 s: lane one hides behind lint, and the two together need about 4 GB of memory.
const lanes = [
  [
    ['typecheck', 'npm', ['run', '-s', 'typecheck']],
    ['format', 'npx', ['--no-install', 'prettier', '--check', '--log-level', 'warn', '.']],
    ['build', 'npm', ['run', '-s', 'build']],
  ],
  [['lint', 'npm', ['run', '-s', 'lint']]],
];

/** Runs one step, its output kept for the report: { name, ok, seconds, stdout, stderr }. */
function runStep([name, cmd, args]) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const done = (ok) => resolve({ name, ok, seconds: (Date.now() - started) / 1000, stdout, stderr });
    child.on('error', (e) => {
      stderr += String(e);
      done(false);
    });
    child.on('close', (code) => done(code === 0));
  });
}

const results = new Map();
await Promise.all(
  lanes.map(async (lane) => {
    for (const step of lane) results.set(step[0], await runStep(step));
  }),
);

let passed = 0;
let failed = 0;
for (const name of ['typecheck', 'lint', 'format', 'build']) {
  const r = results.get(name);
  console.log(`${r.ok ? '✓' : '✗'} ${name} (${r.seconds.toFixed(1)} s)`);
  if (r.ok) passed++;
  else {
    failed++;
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
  }
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
