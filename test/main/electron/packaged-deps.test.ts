/**
 * What the packaged app needs at run time is exactly package.json's "dependencies" (issue #14):
 * every package its code imports is one of them, and none of them is there for development only
 * (tsx runs the CLI, selfsigned makes the devnet's certificates, commander parses the CLI).
 * The import graph is read from the sources, following static imports. The embedded devnet is
 * no part of it: it runs from the checkout as a child process (src/main/embedded-devnet/).
 */
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = process.cwd();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
  scripts: Record<string, string>;
};

/** The packaged app's entry points: Electron main, the core's worker, preload, and the renderer bundle. */
const ENTRIES = [
  'src/main/electron/main.ts',
  'src/main/core-worker/worker-main.ts',
  'src/main/electron/preload.ts',
  'src/renderer/main.tsx',
];
const DEVELOPMENT_ONLY = ['tsx', 'selfsigned', 'commander'];

// Static `import … from 'x'`, `import 'x'` and `export … from 'x'`; not `import type`/`export type`.
const STATIC_IMPORT = /^\s*(?:import|export)\s+(type\s+)?(?:[\w*\s{},$]*?\s+from\s+)?['"]([^'"]+)['"]/gm;

function resolveLocal(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec.replace(/\?.*$/, ''));
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ]) {
    if (existsSync(candidate) && !candidate.endsWith('/') && /\.(tsx?|json|css)$/.test(candidate))
      return candidate;
  }
  return undefined;
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? spec);
}

// `import('x')`: code loaded on demand (the emoji picker's data) ships all the same.
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

// `new Worker(new URL('./x.ts', import.meta.url))`: a worker the bundler builds (the voice encoder);
// other files named by URL (the core worker's .mjs loader) are not bundled sources.
const WORKER_URL = /\bnew URL\(\s*['"](\.[^'"]+\.tsx?)['"]\s*,\s*import\.meta\.url\s*\)/g;

/** Every source file and every package reachable from `entries` through static or dynamic imports. */
function staticGraph(entries: readonly string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const builtins = new Set(builtinModules);
  const queue = entries.map((e) => join(root, e));
  while (queue.length > 0) {
    const file = queue.pop() ?? '';
    if (files.has(file)) continue;
    files.add(file);
    if (!/\.tsx?$/.test(file)) continue;
    const text = readFileSync(file, 'utf8');
    const specs = [
      ...[...text.matchAll(STATIC_IMPORT)].filter((m) => m[1] === undefined).map((m) => m[2] ?? ''),
      ...[...text.matchAll(DYNAMIC_IMPORT)].map((m) => m[1] ?? ''),
      ...[...text.matchAll(WORKER_URL)].map((m) => m[1] ?? ''),
    ];
    for (const spec of specs) {
      if (spec.startsWith('.')) {
        const target = resolveLocal(file, spec);
        if (target === undefined) throw new Error(`${relative(root, file)}: cannot resolve ${spec}`);
        queue.push(target);
      } else if (!spec.startsWith('node:') && !builtins.has(spec)) packages.add(packageName(spec));
    }
  }
  return { files, packages };
}

describe('the packaged app’s run-time dependencies', () => {
  const graph = staticGraph(ENTRIES);

  it('reads a real graph (sanity: the core, the database and the UI are in it)', () => {
    expect(graph.files.size).toBeGreaterThan(100);
    expect([...graph.packages]).toEqual(
      expect.arrayContaining(['electron', 'better-sqlite3-multiple-ciphers', 'react', 'zod']),
    );
  });

  it('has every package it imports in "dependencies" (electron is provided by the runtime)', () => {
    const missing = [...graph.packages].filter((p) => p !== 'electron' && !(p in pkg.dependencies));
    expect(missing).toEqual([]);
  });

  it('has nothing in "dependencies" that it does not import, and no development-only package', () => {
    expect(Object.keys(pkg.dependencies).filter((p) => !graph.packages.has(p))).toEqual([]);
    for (const p of DEVELOPMENT_ONLY) {
      expect(pkg.dependencies, p).not.toHaveProperty(p);
      expect(graph.packages.has(p), p).toBe(false);
    }
  });

  it('never imports the devnet, which runs from the checkout as a process of its own', () => {
    const devnetFiles = [...graph.files].filter((f) => relative(root, f).startsWith('devnet/'));
    expect(devnetFiles).toEqual([]);
    // Not even on demand: no dynamic import anywhere in the app reaches devnet/.
    const dynamic = [...graph.files].flatMap((f) =>
      /\.tsx?$/.test(f)
        ? [...readFileSync(f, 'utf8').matchAll(/\bimport\(\s*['"]([^'"]+)['"]/g)]
            .map((m) => resolve(dirname(f), m[1] ?? ''))
            .filter((target) => relative(root, target).startsWith('devnet'))
        : [],
    );
    expect(dynamic).toEqual([]);
    const entry = readFileSync(join(root, 'src/main/embedded-devnet/entry-point.ts'), 'utf8');
    expect(entry).toContain("join('devnet', 'cli.ts')");
    // electron-builder packs only what `files` lists: the built app, never the sources.
    const builder = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    const files = builder.slice(builder.indexOf('\nfiles:'), builder.indexOf('\nextraResources:'));
    expect(files).not.toMatch(/^\s*- '?devnet/m);
  });

  it('builds the core worker beside main.mjs, where worker-core.ts looks for it', () => {
    const viteConfig = readFileSync(join(root, 'vite.electron.config.ts'), 'utf8');
    expect(viteConfig).toContain("'core-worker': fileURLToPath(");
    expect(viteConfig).toContain("'./src/main/core-worker/worker-main.ts'");
    expect(viteConfig).toContain("entryFileNames: '[name].mjs'");
    expect(readFileSync(join(root, 'src/main/core-worker/worker-core.ts'), 'utf8')).toContain(
      "new URL('./core-worker.mjs', import.meta.url)",
    );
  });

  it('keeps the CLI and npm start working after a plain npm install (devDependencies installed)', () => {
    // `npm run veil` runs the CLI's sources under tsx, through the launcher that passes stops on.
    expect(pkg.scripts.veil).toBe('node scripts/veil.mjs');
    expect(readFileSync(join(root, 'scripts/veil.mjs'), 'utf8')).toContain(
      "join(root, 'node_modules', '.bin', 'tsx')",
    );
    for (const p of DEVELOPMENT_ONLY) expect(pkg.devDependencies, p).toHaveProperty(p);
    // Resolvable from the repository, as `npm run veil` and scripts/start.mjs need.
    for (const p of DEVELOPMENT_ONLY)
      expect(existsSync(join(root, 'node_modules', p, 'package.json')), p).toBe(true);
  });
});
