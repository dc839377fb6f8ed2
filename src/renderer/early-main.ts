/**
 * The page's first script, a classic one that index.html runs before its module (built apart by
 * `vite.config.ts`'s `earlyScript`): the first screen's one call leaves while the page's
 * ~500 kB of script is still being fetched, parsed and evaluated, instead of after it (issue
 * #15, cold start). The page's module takes what it started from `window.veilEarly`.
 */
import { startEarly } from './early-start';
import { httpRawBridge } from './http-bridge';

window.veilEarly ??= startEarly(window.veilRaw ?? httpRawBridge());
