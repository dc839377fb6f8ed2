import { defineConfig } from 'vite';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import pkg from './package.json' with { type: 'json' };

// Electron's main process (ESM, `--mode main`) and preload (`--mode preload`, CommonJS:
// sandboxed preloads cannot be modules). Dependencies stay external: they ship in node_modules.
// The embedded devnet is not bundled: `npm start` runs devnet/cli.ts from the checkout as a
// process of its own (src/main/embedded-devnet/).
const external = [
  'electron',
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  ...Object.keys(pkg.dependencies),
];

export default defineConfig(({ mode }) => {
  const preload = mode === 'preload';
  return {
    // A built app skips the development-time check of every event against the contract
    // (src/main/core/events.ts); sources (tests, the CLI) keep it.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
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
