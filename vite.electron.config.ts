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
    build: {
      outDir: fileURLToPath(new URL('./dist/electron', import.meta.url)),
      emptyOutDir: !preload,
      target: 'node20',
      minify: false,
      sourcemap: false,
      ssr: fileURLToPath(
        new URL(preload ? './src/main/electron/preload.ts' : './src/main/electron/main.ts', import.meta.url),
      ),
      rolldownOptions: {
        external,
        output: preload
          ? { format: 'cjs', entryFileNames: 'preload.cjs' }
          : // Chunks (dynamic imports) keep their module's name: readable in dist/.
            { format: 'es', entryFileNames: 'main.mjs', chunkFileNames: '[name].mjs' },
      },
    },
  };
});
