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
