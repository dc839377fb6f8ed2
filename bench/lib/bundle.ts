/**
 * Builds the child processes like the app is shipped (vite, dependencies external, as
 * vite.electron.config.ts builds Electron's main and the core's worker), so a child starts as fast as the real app
 * does instead of paying tsx's on-the-fly compilation. The bundle goes under node_modules/.cache
 * so that its bare imports resolve to the repository's node_modules; it is removed afterwards.
 */
import { cpSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build } from 'vite';
import pkg from '../../package.json' with { type: 'json' };
import { NATIVE_DEPENDENCIES } from '../../vite.electron.config';

export interface Bundle {
  /** The bench's app process: a WorkerCore (the core in its worker thread) + the browser host. */
  readonly coreProcess: string;
  readonly devnetWorker: string;
  /** The community rows' client (bench/workers/community-process.ts). */
  readonly communityProcess: string;
  remove(): void;
}

export async function bundleWorkers(root: string): Promise<Bundle> {
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const outDir = mkdtempSync(join(cache, 'veil-bench-'));
  const external = [
    ...builtinModules,
    ...builtinModules.map((m) => `node:${m}`),
    ...NATIVE_DEPENDENCIES,
    ...Object.keys(pkg.optionalDependencies),
  ];
  // Two builds: the app's process and its core's worker alone, as vite.electron.config.ts builds
  // them, so their chunks hold what the app's do (built with the devnet's and the community
  // client's entries, modules those share landed in chunks the app process then loaded whole);
  // the bench's other processes apart.
  const buildInto = (dir: string, input: Record<string, string>) =>
    build({
      configFile: false,
      logLevel: 'silent',
      root,
      // As the shipped app is built (vite.electron.config.ts): production skips the
      // development-time check of every event against the contract.
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      ssr: { noExternal: true, external: NATIVE_DEPENDENCIES },
      build: {
        outDir: dir,
        emptyOutDir: false,
        target: 'node20',
        minify: false,
        sourcemap: false,
        ssr: true,
        copyPublicDir: false,
        rolldownOptions: {
          input,
          external,
          // Chunks beside the entries: WorkerCore finds ./core-worker.mjs from its own module.
          output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
        },
      },
    });
  try {
    await buildInto(join(outDir, 'app'), {
      'core-process': join(root, 'bench/workers/core-process.ts'),
      // WorkerCore starts `core-worker.mjs` beside its own code, as in the built app
      // (vite.electron.config.ts): here the app's worker entry wrapped with the bench's
      // event-loop sampler for the core's thread.
      'core-worker': join(root, 'bench/workers/core-thread.ts'),
    });
    await buildInto(join(outDir, 'tools'), {
      'devnet-worker': join(root, 'bench/workers/devnet-worker.ts'),
      'community-process': join(root, 'bench/workers/community-process.ts'),
    });
  } catch (error) {
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
  return {
    coreProcess: join(outDir, 'app', 'core-process.mjs'),
    devnetWorker: join(outDir, 'tools', 'devnet-worker.mjs'),
    communityProcess: join(outDir, 'tools', 'community-process.mjs'),
    remove: () => {
      // CPU profiles name the bundle's lines: keep the bundle beside them to read those lines.
      const profDir = process.env.VEIL_BENCH_CPU_PROF;
      if (profDir) cpSync(outDir, join(profDir, 'bundle'), { recursive: true });
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
