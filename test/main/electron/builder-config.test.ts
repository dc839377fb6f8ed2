import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';

// The builder configuration is checked offline: electron-builder is never run here (it would
// download Electron and its tools). js-yaml is the parser electron-builder itself uses.
const { load } = createRequire(import.meta.url)('js-yaml') as { load: (text: string) => unknown };

const root = process.cwd();

interface Target {
  readonly target: string;
  readonly arch: readonly string[];
}
interface BuilderConfig {
  readonly appId?: string;
  readonly productName?: string;
  readonly files?: readonly string[];
  readonly asar?: boolean;
  readonly asarUnpack?: readonly string[];
  readonly npmRebuild?: boolean;
  readonly electronFuses?: Readonly<Record<string, unknown>> | null;
  readonly publish?: unknown;
  readonly directories?: { readonly output?: string; readonly buildResources?: string };
  readonly extraResources?: readonly { readonly from: string; readonly to: string }[];
  readonly linux?: {
    readonly target?: readonly Target[];
    readonly icon?: string;
    readonly executableName?: string;
    readonly desktop?: { readonly entry?: Readonly<Record<string, string>> };
  };
  readonly win?: { readonly target?: readonly Target[]; readonly icon?: string };
  readonly mac?: { readonly target?: readonly Target[]; readonly icon?: string };
}

const config = load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

/** Every (target, arch) pair an OS section asks for. */
function pairs(targets: readonly Target[] | undefined): string[] {
  return (targets ?? []).flatMap((t) => t.arch.map((a) => `${t.target}/${a}`)).sort();
}

// Keys electron-builder 26 accepts at the top level that we use; a typo would be ignored by
// YAML but rejected by electron-builder's schema at packaging time, far from here.
const KNOWN_TOP_LEVEL = new Set([
  'appId',
  'productName',
  'copyright',
  'artifactName',
  'directories',
  'files',
  'extraResources',
  'asar',
  'asarUnpack',
  'npmRebuild',
  'electronFuses',
  'nodeGypRebuild',
  'publish',
  'linux',
  'deb',
  'rpm',
  'appImage',
  'win',
  'nsis',
  'mac',
  'dmg',
]);

describe('electron-builder.yml', () => {
  it('names the app and uses only known top-level keys', () => {
    expect(config.appId).toMatch(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/);
    expect(config.productName).toBe('Veil');
    expect(Object.keys(config).filter((k) => !KNOWN_TOP_LEVEL.has(k))).toEqual([]);
    expect(config.publish).toBeNull();
  });

  it('builds deb, rpm and AppImage for Linux x64 and arm64, NSIS for Windows x64, dmg and zip for both Macs', () => {
    expect(pairs(config.linux?.target)).toEqual(
      ['AppImage/arm64', 'AppImage/x64', 'deb/arm64', 'deb/x64', 'rpm/arm64', 'rpm/x64'].sort(),
    );
    expect(pairs(config.win?.target)).toEqual(['nsis/x64']);
    expect(pairs(config.mac?.target)).toEqual(['dmg/arm64', 'dmg/x64', 'zip/arm64', 'zip/x64']);
  });

  it('packs the built app, never the sources, and writes packages outside the packed folders', () => {
    const files = config.files ?? [];
    expect(files).toEqual(
      expect.arrayContaining(['package.json', 'dist/renderer/**/*', 'dist/electron/**/*']),
    );
    expect(files.some((f) => f.startsWith('src') || f.startsWith('test'))).toBe(false);
    const output = config.directories?.output ?? '';
    expect(output).not.toBe('');
    expect(files.some((f) => !f.startsWith('!') && f.startsWith(output))).toBe(false);
    // The app's entry point is one of the packed files.
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/electron/main.mjs');
  });

  it('rebuilds native modules for Electron and keeps the SQLCipher addon out of the asar', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['**/node_modules/better-sqlite3-multiple-ciphers/**', '**/*.node']),
    );
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    // Only "dependencies" ship: the native addon must be one of them.
    expect(Object.keys(pkg.dependencies)).toContain('better-sqlite3-multiple-ciphers');
  });

  it('flips the Electron fuses: no RunAsNode, NODE_OPTIONS or --inspect; asar only, with integrity', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      enableCookieEncryption: true,
    });
    // The same section against electron-builder's own schema (FuseOptionsV1): known keys,
    // booleans only, so a misspelt fuse fails here rather than being ignored at packaging time.
    const schemePath = createRequire(import.meta.url).resolve('app-builder-lib/scheme.json');
    const scheme = JSON.parse(readFileSync(schemePath, 'utf8')) as {
      properties: Record<string, { anyOf?: { $ref?: string }[] }>;
      definitions: Record<
        string,
        { properties: Record<string, { type: string }>; additionalProperties: boolean }
      >;
    };
    const ref = scheme.properties.electronFuses?.anyOf?.find((a) => a.$ref)?.$ref ?? '';
    const fuseSchema = scheme.definitions[ref.replace('#/definitions/', '')];
    expect(fuseSchema?.additionalProperties).toBe(false);
    for (const [key, value] of Object.entries(config.electronFuses ?? {})) {
      expect(fuseSchema?.properties[key]?.type, key).toBe('boolean');
      expect(typeof value, key).toBe('boolean');
    }
    // asar integrity needs an asar, and RunAsNode off needs no process.fork in the main process.
    expect(config.asar).toBe(true);
  });

  it('has every icon it names: Linux PNG set, Windows .ico, macOS .icns, the tray PNGs', () => {
    const linuxIcons = join(root, config.linux?.icon ?? 'missing');
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      const png = PNG.sync.read(readFileSync(join(linuxIcons, `${String(size)}x${String(size)}.png`)));
      expect([png.width, png.height]).toEqual([size, size]);
    }
    const ico = readFileSync(join(root, config.win?.icon ?? 'missing'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(5);
    // The 256 px image (stored as width 0) that Windows needs for large icons.
    const widths = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico.readUInt8(6 + 16 * i));
    expect(widths).toContain(0);
    const icns = readFileSync(join(root, config.mac?.icon ?? 'missing'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    expect(icns.includes(Buffer.from('ic10'))).toBe(true); // 512@2x (1024 px), the Retina icon
    for (const r of config.extraResources ?? []) expect(existsSync(join(root, r.from)), r.from).toBe(true);
  });

  it('integrates with Linux desktops: .desktop entry with categories and the window class', () => {
    const entry = config.linux?.desktop?.entry ?? {};
    expect(entry.Categories).toMatch(/(^|;)Network;/);
    expect(entry.Categories).toMatch(/InstantMessaging;/);
    expect(entry.StartupWMClass).toBe('Veil');
    expect(entry.Name).toBe('Veil');
    expect(config.linux?.executableName).toBe('veil');
  });
});

describe('npm run dist', () => {
  /** Runs scripts/dist.mjs --check (never a build) in `cwd`. */
  function check(cwd: string) {
    return spawnSync(process.execPath, [join(cwd, 'scripts', 'dist.mjs'), '--check'], {
      cwd,
      encoding: 'utf8',
      timeout: 30_000,
    });
  }

  function expectOneClearSentenceOrReady(r: ReturnType<typeof check>) {
    const out = `${r.stdout}${r.stderr}`.trim();
    expect(out).not.toMatch(/\n\s+at /); // no stack trace
    if (r.status === 0) expect(out).toMatch(/^Ready:/);
    else {
      expect(out.split('\n')).toHaveLength(1);
      expect(out).toMatch(/^Cannot build the installers: .+\.$/);
    }
  }

  it('stops with one sentence where electron-builder is not installed (as here)', () => {
    const r = check(root);
    expectOneClearSentenceOrReady(r);
    if (!existsSync(join(root, 'node_modules', 'electron-builder'))) {
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('electron-builder is not installed');
    }
  });

  /**
   * A copy of the project with stand-in packages (folder under node_modules → its package.json):
   * the script only reads their versions and engines. Removed after `use`.
   */
  function withStandIns(packages: Record<string, object>, use: (dir: string) => void): void {
    const dir = mkdtempSync(join(tmpdir(), 'veil-dist-'));
    try {
      mkdirSync(join(dir, 'scripts'));
      cpSync(join(root, 'scripts', 'dist.mjs'), join(dir, 'scripts', 'dist.mjs'));
      cpSync(join(root, 'build'), join(dir, 'build'), { recursive: true });
      for (const f of ['electron-builder.yml', 'package.json']) cpSync(join(root, f), join(dir, f));
      for (const [path, json] of Object.entries(packages)) {
        mkdirSync(join(dir, 'node_modules', path), { recursive: true });
        writeFileSync(join(dir, 'node_modules', path, 'package.json'), JSON.stringify(json));
      }
      use(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('with electron-builder installed but no way to download Electron, says so in one sentence', () => {
    withStandIns(
      {
        'electron-builder': { name: 'electron-builder', version: '26.0.0' },
        electron: { name: 'electron', version: '41.7.1' },
      },
      (dir) => {
        const r = check(dir);
        expectOneClearSentenceOrReady(r);
        if (r.status !== 0) expect(r.stderr).toMatch(/cannot be reached.*Electron 41\.7\.1/);
      },
    );
  });

  it('stops with one sentence where the packaging tools need a newer Node than this one', () => {
    // As npm nests it: @electron/rebuild under app-builder-lib, its `exports` hiding its
    // package.json from require.resolve as the real one does.
    withStandIns(
      {
        'electron-builder': { name: 'electron-builder', version: '26.0.0' },
        electron: { name: 'electron', version: '41.7.1' },
        'app-builder-lib': { name: 'app-builder-lib', version: '26.0.0' },
        'app-builder-lib/node_modules/@electron/rebuild': {
          name: '@electron/rebuild',
          version: '4.2.1',
          engines: { node: '>=99.1.0' },
          exports: { '.': './index.js' },
        },
      },
      (dir) => {
        const r = check(dir);
        expectOneClearSentenceOrReady(r);
        expect(r.status).not.toBe(0);
        expect(r.stderr).toMatch(
          /@electron\/rebuild 4\.2\.1, which needs Node 99\.1\.0 or later, and this is Node \d/,
        );
      },
    );
  });
});
