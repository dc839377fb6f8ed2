import { build, defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

/**
 * The page's first script (`src/renderer/early-main.ts`): built apart as one classic script (no
 * imports, nothing shared with the page's chunks) and named in index.html beside the page's
 * module, so that it runs as soon as it is fetched — before the page's ~500 kB of script is
 * fetched, parsed and evaluated — and asks for the first screen's state then (issue #15, cold
 * start). `async`: a parser-blocking script ran before the parser had even seen the module's
 * tag (it came from memory at once), so the entry's fetch waited for this script's run (page
 * profiles: the entry's evaluation began 100-150 ms after this script instead of ~40 ms after
 * the HTML). Async, it waits neither for the stylesheet nor for the parser, and the page's
 * module, which in practice runs after it, starts the same itself if it did not (`main.tsx`).
 * Not used by vite's dev server (the page's module asks itself then).
 */
function earlyScript(): Plugin {
  let fileName = '';
  return {
    name: 'veil-early-script',
    apply: 'build',
    async buildStart() {
      const built = await build({
        configFile: false,
        logLevel: 'warn',
        build: {
          write: false,
          target: 'chrome120',
          minify: true,
          lib: {
            entry: fileURLToPath(new URL('./src/renderer/early-main.ts', import.meta.url)),
            formats: ['iife'],
            name: 'veilEarlyMain',
          },
        },
      });
      const output = Array.isArray(built) ? built[0] : built;
      if (!output || !('output' in output)) throw new Error('early script: no output');
      const chunk = output.output.find((o) => o.type === 'chunk');
      if (!chunk || output.output.length !== 1) throw new Error('early script: expected one chunk');
      const hash = createHash('sha256').update(chunk.code).digest('base64url').slice(0, 8);
      fileName = `assets/early-${hash}.js`;
      this.emitFile({ type: 'asset', fileName, source: chunk.code });
    },
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const at = html.indexOf('<script type="module"');
        if (at < 0 || fileName === '') throw new Error('early script: no module script in index.html');
        return `${html.slice(0, at)}<script async src="/${fileName}"></script>\n    ${html.slice(at)}`;
      },
    },
  };
}

// The renderer bundle, served by Electron's app:// protocol and by the browser host alike.
export default defineConfig({
  root: fileURLToPath(new URL('./src/renderer', import.meta.url)),
  base: '/',
  plugins: [react(), earlyScript()],
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
        // V8's explicit compile hint (Chromium 136+): the whole zod chunk is compiled eagerly on
        // the background thread that parses it as it streams in, instead of function by function
        // on the main thread when the initial state's schemas are built and first used (page
        // traces: ~170 of the ~750 lazy compiles on the main thread before the first paint, issue
        // #15, cold start). That parse ends before the entry's in every trace (the entry is
        // 4x larger), so the longer one is still the entry's. Not on the entry: eager, its
        // parse (the longer pole, which the module's evaluation waits for) grew as much as it
        // saved.
        postBanner: (chunk) => (chunk.name === 'zod' ? '//# allFunctionsCalledOnLoad' : ''),
        codeSplitting: {
          groups: [
            // zod with our zod-config (jitless: no code generation, which the CSP forbids): the
            // setting must run before any schema is built, and schemas are built in whichever
            // chunk first needs them now that sections load apart (App.tsx). A chunk runs all
            // of its modules when first imported, so the setting travels with zod itself.
            // zod's full build apart from its core and mini build: the first screen's schemas
            // (`initial-state.ts` and what it imports) use the mini one, so the entry loads 30 kB
            // of zod instead of 97 kB; the contract's schemas bring the full one after the first
            // paint. First: a module matching both groups goes to the first that matches.
            {
              name: 'zod-classic',
              test: /node_modules[\\/]zod[\\/](index\.js$|v4[\\/]index\.js$|v4[\\/]classic[\\/]|v4[\\/]locales[\\/]|locales[\\/])/,
              // Its dependency, zod's core, stays with the mini build in the entry's `zod`.
              includeDependenciesRecursively: false,
            },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]|src[\\/]renderer[\\/]zod-config\.ts/ },
            // Everything the entry imports statically, in the entry's chunk: left to the
            // automatic splitting, the modules the first screen shares with deferred screens
            // became 14 chunks of 0.03–64 kB, 20 requests with the styles, over Chromium's 6
            // connections per host: 4 rounds, each waiting on a server thread that shares the
            // cores with the core's open (issue #15, cold start). Now: entry, runtime, zod, one
            // stylesheet. The deferred screens import from it (loaded by then).
            { name: 'first', tags: ['$initial'] },
            // The contract's schemas: the bridge loads them after the first render (only the
            // initial state's are checked before it); grouped with a module the first screen
            // imports, they would all be built before anything shows (issue #15, cold start).
            // The IPC modules the entry does not import (messages, attachments, group calls,
            // account calls, communities, …: the first screen's shapes have modules of their
            // own, `initial-state.ts`) travel with it as one chunk, not one request each; those
            // the entry imports stay in it (the group above comes first).
            {
              name: 'contract',
              test: /src[\\/]shared[\\/]ipc[\\/]/,
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
  },
});
