import { defineConfig } from 'vite';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import pkg from './package.json' with { type: 'json' };

// Electron's main process (ESM, `--mode main`) and preload (`--mode preload`, CommonJS:
// sandboxed preloads cannot be modules). Dependencies stay external: they ship in node_modules.
// The embedded devnet is a chunk of its own, embedded-devnet.mjs: it imports development-only
// packages (devDependencies such as selfsigned) from the repository's node_modules when `npm
// start` runs it, and electron-builder.yml leaves it out of packages.
const external = [
  'electron',
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  ...Object.keys(pkg.dependencies),
];

export default defineConfig(({ mode }) => {
  const preload = mode === 'preload';
  return {
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
          : // The devnet is a chunk of its own with a fixed name, so packages can leave it out.
            { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name].mjs' },
      },
    },
  };
});
