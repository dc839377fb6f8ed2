#!/usr/bin/env node
// `npm run veil -- …` and `npm run devnet`: the command line under tsx, stopped with whoever
// started it (see stop-with-starter.mjs: npm alone does not pass a stop on to tsx), its exit
// status passed back.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitAsChild, onStopRequest, passOn } from './stop-with-starter.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
// The working folder stays the one npm gives (the repository); the CLI reads INIT_CWD for the
// folder the command was typed in (src/main/cli/main.ts).
const child = spawn(tsx, [join(root, 'src/main/cli/main.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
child.on('error', (e) => {
  console.error(`veil: ${e.message}`);
  process.exit(2);
});
child.on('exit', exitAsChild);
onStopRequest((signal) => passOn(child, signal));
