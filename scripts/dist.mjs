#!/usr/bin/env node
// `npm run dist [-- --linux|--win|--mac …]`: builds Veil, then its installers with
// electron-builder (electron-builder.yml). electron-builder downloads Electron, its packaging
// tools (AppImage, fpm, NSIS…) and Electron's headers for native modules; where that is
// impossible this script says so in one sentence and exits non-zero — never a stack trace.
// `--check` only checks, builds nothing (the test suite uses it).
import { spawnSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const args = process.argv.slice(2);
const checkOnly = args.includes('--check');
const builderArgs = args.filter((a) => a !== '--check');

class Stop extends Error {}

/** The one sentence the user reads, and a non-zero exit. */
function stop(sentence) {
  throw new Stop(sentence);
}

function packageVersion(name) {
  try {
    return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/**
 * The folder of package `name` as Node would find it from `fromDir` (read by path: some packages'
 * `exports` hide their package.json from require.resolve).
 */
function packageDir(name, fromDir) {
  const local = createRequire(join(fromDir, 'package.json'));
  for (const dir of local.resolve.paths(name) ?? []) {
    if (existsSync(join(dir, name, 'package.json'))) return join(dir, name);
  }
  return undefined;
}

/** Its version and the lowest Node it asks for, where its `engines.node` is a plain ">=X.Y.Z". */
function minimumNode(dir) {
  try {
    const { version, engines } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const m = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(String(engines?.node ?? '').trim());
    return m ? { version, min: m.slice(1).map(Number) } : undefined;
  } catch {
    return undefined;
  }
}

function olderThan(version, min) {
  const have = version.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (have[i] !== min[i]) return have[i] < min[i];
  return false;
}

/** Resolves when `host` answers HTTPS within the time limit; rejects otherwise. */
async function reachable(host, timeoutMs = 6000) {
  await lookup(host);
  await new Promise((resolve, reject) => {
    const req = request({ host, method: 'HEAD', path: '/', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve();
    });
    req.on('timeout', () => {
      req.destroy(new Error('timeout'));
    });
    req.on('error', reject);
    req.end();
  });
}

async function main() {
  const builder = packageVersion('electron-builder');
  if (!builder) {
    stop(
      'Cannot build the installers: electron-builder is not installed (run `npm install` with the devDependencies on a machine with internet access, then `npm run dist` again).',
    );
  }
  const electron = packageVersion('electron');
  if (!electron) {
    stop(
      'Cannot build the installers: the electron package is not installed (it is an optional dependency; run `npm install` without --omit=optional).',
    );
  }
  // electron-builder rebuilds the SQLCipher addon for Electron with @electron/rebuild, which (with
  // node-abi) asks for a newer Node than the app's Node 20: npm install only warns (EBADENGINE)
  // and the app and its tests are unaffected, but packaging would fail midway.
  // The tools as electron-builder itself finds them: electron-builder → app-builder-lib →
  // @electron/rebuild → node-abi (other copies of node-abi elsewhere in the tree do not count).
  const builderDir = packageDir('electron-builder', root);
  const libDir = builderDir && packageDir('app-builder-lib', builderDir);
  const rebuildDir = libDir && packageDir('@electron/rebuild', libDir);
  const abiDir = rebuildDir && packageDir('node-abi', rebuildDir);
  for (const [tool, dir] of [
    ['@electron/rebuild', rebuildDir],
    ['node-abi', abiDir],
  ]) {
    const needs = dir && minimumNode(dir);
    if (needs && olderThan(process.versions.node, needs.min)) {
      stop(
        `Cannot build the installers: electron-builder ${builder} rebuilds native modules with ${tool} ${needs.version}, which needs Node ${needs.min.join('.')} or later, and this is Node ${process.versions.node} — run \`npm run dist\` with a newer Node.`,
      );
    }
  }
  for (const file of ['electron-builder.yml', 'build/icon.png', 'build/icon.ico', 'build/icon.icns']) {
    if (!existsSync(join(root, file))) stop(`Cannot build the installers: ${file} is missing.`);
  }
  // Electron's release zip and the packaging tools come from GitHub, the headers that native
  // modules are rebuilt against from electronjs.org: without both, no installer can be made.
  for (const host of ['github.com', 'electronjs.org']) {
    try {
      await reachable(host);
    } catch {
      stop(
        `Cannot build the installers: ${host} cannot be reached from this machine, and electron-builder ${builder} must download Electron ${electron}, its packaging tools and Electron's headers from the internet — run \`npm run dist\` on a machine with internet access.`,
      );
    }
  }
  if (checkOnly) {
    console.log(
      `Ready: electron-builder ${builder} can package Electron ${electron}; run \`npm run dist\` to build.`,
    );
    return;
  }

  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0)
    stop('Cannot build the installers: `npm run build` failed (see the messages above).');

  // With npm_config_nodedir=/usr (needed for plain installs here), @electron/rebuild compiles
  // native modules against Node's headers instead of Electron's, and the app would not start.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key.toLowerCase() !== 'npm_config_nodedir'),
  );
  const bin = join(
    root,
    'node_modules',
    '.bin',
    process.platform === 'win32' ? 'electron-builder.cmd' : 'electron-builder',
  );
  const run = spawnSync(bin, ['--config', 'electron-builder.yml', '--publish', 'never', ...builderArgs], {
    cwd: root,
    env,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (run.status !== 0) stop('electron-builder failed (see its messages above); no installer was written.');
  console.log(`Installers written to ${join(root, 'dist', 'release')}`);
}

main().catch((error) => {
  console.error(
    error instanceof Stop ? error.message : `Cannot build the installers: ${String(error?.message ?? error)}`,
  );
  process.exitCode = 1;
});
