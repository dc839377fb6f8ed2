#!/usr/bin/env node
// `npm start`: build what is missing or stale, then open the Electron window where Electron can
// start; otherwise run the same app behind the browser host and say why.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitAsChild, onStopRequest, passOn } from './stop-with-starter.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
// npm runs this script in the repository; a relative `--profile DIR` the user typed means the
// folder they typed `npm start` in (INIT_CWD), as with `npm run veil`. The browser host reads it
// itself (src/main/cli/main.ts, typedInFolder); Electron is started there.
const typedIn = process.env.INIT_CWD && existsSync(process.env.INIT_CWD) ? process.env.INIT_CWD : root;

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    try {
      newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
    } catch {
      // A file removed while we look (an editor's temp file) does not make the build stale.
    }
  }
  return newest;
}

function ensureBuilt() {
  const outputs = [
    'dist/renderer/index.html',
    'dist/electron/main.mjs',
    'dist/electron/core-worker.mjs',
    'dist/electron/preload.cjs',
  ].map((p) => join(root, p));
  const built = outputs.every((p) => existsSync(p));
  const stale =
    built && Math.min(...outputs.map((p) => statSync(p).mtimeMs)) < newestMtime(join(root, 'src'));
  if (built && !stale) return;
  console.log(built ? 'Sources changed: rebuilding Veil…' : 'Building Veil (first start)…');
  const result = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The build failed; see the messages above.');
    process.exit(result.status ?? 1);
  }
}

/** Returns the Electron binary's path, or why it cannot be used. */
function findElectron() {
  let binary;
  try {
    // In plain Node, the electron package exports the path of its binary (or throws when missing).
    binary = createRequire(import.meta.url)('electron');
  } catch {
    return { reason: 'no Electron binary is installed (it could not be downloaded)' };
  }
  if (typeof binary !== 'string' || !existsSync(binary)) return { reason: 'the Electron binary is missing' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'there is no graphical display (DISPLAY is not set)' };
  }
  return { binary };
}

/** What runs now (Electron, or the browser host), and whether we were told to stop. */
let child;
let stopping = false;

/** Stops what we started (see stop-with-starter.mjs for why we also watch who started us). */
function stop(signal) {
  stopping = true;
  passOn(child, signal);
}

function runBrowserHost(reason) {
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  child = spawn(tsx, [join(root, 'src/main/cli/main.ts'), 'host', '--reason', reason, ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  child.on('exit', exitAsChild);
}

onStopRequest(stop);
ensureBuilt();
const electron = findElectron();
if (!electron.binary) {
  runBrowserHost(electron.reason);
} else {
  console.log('Starting Veil in the Electron window.');
  const started = Date.now();
  child = spawn(electron.binary, [root, ...args], { cwd: typedIn, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    // A window that dies at once could not start (missing libraries, GPU, sandbox): fall back,
    // unless it ended because we were told to stop.
    if (code !== 0 && !stopping && Date.now() - started < 5000)
      runBrowserHost(`Electron could not start (exit code ${code})`);
    else exitAsChild(code, signal);
  });
}
