// Development and tests run the sources: a worker thread needs TypeScript support of its own
// (tsx, a devDependency) before it can load the core. Built apps start core-worker.mjs instead.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./worker-main.ts', import.meta.url).href);
