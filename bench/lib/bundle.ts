/**
 * Builds the child processes like the app is shipped (vite, dependencies external, as
 * vite.electron.config.ts builds Electron's main), so a child starts as fast as the real app
 * does instead of paying tsx's on-the-fly compilation. The bundle goes under node_modules/.cache
 * so that its bare imports resolve to the repository's node_modules; it is removed afterwards.
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build } from 'vite';
import pkg from '../../package.json' with { type: 'json' };

export interface Bundle {
  readonly coreWorker: string;
  readonly devnetWorker: string;
  remove(): void;
}

export async function bundleWorkers(root: string): Promise<Bundle> {
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const outDir = mkdtempSync(join(cache, 'veil-bench-'));
  const external = [
    ...builtinModules,
    ...builtinModules.map((m) => `node:${m}`),
    ...Object.keys(pkg.dependencies),
    ...Object.keys(pkg.optionalDependencies),
  ];
  try {
    await build({
      configFile: false,
      logLevel: 'silent',
      root,
      build: {
        outDir,
        emptyOutDir: false,
        target: 'node20',
        minify: false,
        sourcemap: false,
        ssr: true,
        copyPublicDir: false,
        rolldownOptions: {
          input: {
            'core-worker': join(root, 'bench/workers/core-worker.ts'),
            'devnet-worker': join(root, 'bench/workers/devnet-worker.ts'),
          },
          external,
          output: { format: 'es', entryFileNames: '[name].mjs' },
        },
      },
    });
  } catch (error) {
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
  return {
    coreWorker: join(outDir, 'core-worker.mjs'),
    devnetWorker: join(outDir, 'devnet-worker.mjs'),
    remove: () => {
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
