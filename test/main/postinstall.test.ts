/**
 * `npm install` where Electron's binary cannot be downloaded: package.json switches Electron's own
 * download script off (so npm keeps the package and its types) and scripts/postinstall.mjs runs it
 * instead. Each case runs the real script in a scratch project whose `node_modules/electron/
 * install.js` behaves like Electron's does in that situation.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const scratchDirs: string[] = [];
afterEach(() => {
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A scratch project with our postinstall script and, optionally, an Electron installer. */
function project(installer?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'veil-postinstall-'));
  scratchDirs.push(dir);
  mkdirSync(join(dir, 'scripts'));
  copyFileSync('scripts/postinstall.mjs', join(dir, 'scripts', 'postinstall.mjs'));
  if (installer !== undefined) {
    mkdirSync(join(dir, 'node_modules', 'electron'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'electron', 'install.js'), installer);
  }
  return dir;
}

function run(dir: string, env: NodeJS.ProcessEnv = {}): { status: number | null; lines: string[] } {
  const base = { ...process.env };
  delete base.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const r = spawnSync(process.execPath, [join(dir, 'scripts', 'postinstall.mjs')], {
    env: { ...base, ...env },
    encoding: 'utf8',
  });
  const lines = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.trim() !== '');
  return { status: r.status, lines };
}

// What Electron's install.js prints when GitHub cannot be reached: a stack trace, exit code 1.
const FAILING = `console.error('RequestError: getaddrinfo ENOTFOUND github.com\\n    at ClientRequest.<anonymous> (got/index.js:970:111)\\n    at more frames');
process.exit(1);`;

describe('postinstall: the Electron binary', () => {
  it('says in one line that the download failed and why, and lets the install succeed', () => {
    const { status, lines } = run(project(FAILING));
    expect(status).toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      "veil: Electron's binary could not be downloaded (RequestError: getaddrinfo ENOTFOUND github.com); `npm start` will use the browser host.",
    );
  });

  it('prints nothing when the download works', () => {
    const dir = project(`require('fs').writeFileSync(require('path').join(__dirname, 'ran'), 'yes');`);
    const { status, lines } = run(dir);
    expect(status).toBe(0);
    expect(lines).toEqual([]);
    expect(readFileSync(join(dir, 'node_modules', 'electron', 'ran'), 'utf8')).toBe('yes');
  });

  it('does not try when ELECTRON_SKIP_BINARY_DOWNLOAD is set, and says so', () => {
    const dir = project(`require('fs').writeFileSync(require('path').join(__dirname, 'ran'), 'yes');`);
    const { status, lines } = run(dir, { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(status).toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD is set.*browser host/);
    expect(() => readFileSync(join(dir, 'node_modules', 'electron', 'ran'))).toThrow();
  });

  it('says so when the optional package is not installed at all', () => {
    const { status, lines } = run(project());
    expect(status).toBe(0);
    expect(lines).toEqual(['veil: Electron is not installed; `npm start` will use the browser host.']);
  });

  it("is wired into package.json, with Electron's own download script switched off", () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      scripts: Record<string, string>;
      allowScripts: Record<string, boolean>;
      optionalDependencies: Record<string, string>;
    };
    expect(pkg.scripts.postinstall).toBe('node scripts/postinstall.mjs');
    expect(pkg.allowScripts.electron).toBe(false);
    // Native addons must still build (npm will block unlisted install scripts).
    expect(pkg.allowScripts['better-sqlite3-multiple-ciphers']).toBe(true);
    expect(pkg.optionalDependencies.electron).toBeDefined();
  });
});
