import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The renderer bundle, served by Electron's app:// protocol and by the browser host alike.
export default defineConfig({
  root: fileURLToPath(new URL('./src/renderer', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    // No inline scripts or styles may survive into the build: the CSP forbids them.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // zod with our zod-config (jitless: no code generation, which the CSP forbids): the
            // setting must run before any schema is built, and schemas are built in whichever
            // chunk first needs them now that sections load apart (App.tsx). A chunk runs all
            // of its modules when first imported, so the setting travels with zod itself.
            { name: 'zod', test: /node_modules[\\/]zod[\\/]|src[\\/]renderer[\\/]zod-config\.ts/ },
            // Everything the entry imports statically, in the entry's chunk: left to the
            // automatic splitting, the modules the first screen shares with deferred screens
            // became 14 chunks of 0.03–64 kB, 20 requests with the styles, over Chromium's 6
            // connections per host: 4 rounds, each waiting on a server thread that shares the
            // cores with the core's open (issue #15, cold start). Now: entry, runtime, zod, one
            // stylesheet. The deferred screens import from it (loaded by then).
            { name: 'first', tags: ['$initial'] },
            // The contract's schemas alone: the bridge loads them after the first render (only the
            // initial state's are checked before it); grouped with a module the first screen
            // imports, they would all be built before anything shows (issue #15, cold start).
            {
              name: 'contract',
              test: /src[\\/]shared[\\/]ipc[\\/]contract\.ts$/,
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
  },
});
