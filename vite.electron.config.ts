import { defineConfig } from 'vite';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

// Electron's main process (ESM, `--mode main`) and preload (`--mode preload`, CommonJS:
// sandboxed preloads cannot be modules). The embedded devnet is not bundled: `npm start` runs
// devnet/cli.ts from the checkout as a process of its own (src/main/embedded-devnet/).
//
// Dependencies written in JavaScript are bundled (issue #15, cold start): loaded from
// node_modules, zod alone is ~100 ESM files and protobufjs dozens of CommonJS ones, and each
// thread (main, the core's worker) resolved, read and compiled every one of them at start.
// Native modules stay external (they are loaded from node_modules, built for Electron).
/** The dependencies with a native part: the only ones not bundled (the bench builds the same way). */
export const NATIVE_DEPENDENCIES = ['better-sqlite3-multiple-ciphers'];
const external = [
  'electron',
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  ...NATIVE_DEPENDENCIES,
];

export default defineConfig(({ mode }) => {
  const preload = mode === 'preload';
  return {
    // A built app skips the development-time check of every event against the contract
    // (src/main/core/events.ts); sources (tests, the CLI) keep it.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    // An SSR build leaves node_modules external by default: bundle all but the native ones.
    ssr: { noExternal: true, external: NATIVE_DEPENDENCIES },
    build: {
      outDir: fileURLToPath(new URL('./dist/electron', import.meta.url)),
      emptyOutDir: !preload,
      target: 'node20',
      minify: false,
      sourcemap: false,
      ssr: preload ? fileURLToPath(new URL('./src/main/electron/preload.ts', import.meta.url)) : true,
      rolldownOptions: {
        // The core runs in a worker thread of its own (src/main/core-worker): a second entry,
        // core-worker.mjs, beside main.mjs where worker-core.ts looks for it.
        ...(preload
          ? {}
          : {
              input: {
                main: fileURLToPath(new URL('./src/main/electron/main.ts', import.meta.url)),
                'core-worker': fileURLToPath(
                  new URL('./src/main/core-worker/worker-main.ts', import.meta.url),
                ),
              },
            }),
        external,
        output: preload
          ? { format: 'cjs', entryFileNames: 'preload.cjs' }
          : // Entries (main, core-worker) and chunks keep their module's name: readable in dist/.
            { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name].mjs' },
      },
    },
  };
});
