/**
 * The page's first script, a classic one that index.html runs before its module (built apart by
 * `vite.config.ts`'s `earlyScript`): the first screen's one call leaves while the page's
 * ~500 kB of script is still being fetched, parsed and evaluated, instead of after it (issue
 * #15, cold start). The page's module takes what it started from `window.veilEarly`.
 */
import { inBackground } from './background-task';
import { startEarly } from './early-start';
import { warmFirstScreenFonts } from './first-screen-fonts';
import { httpRawBridge } from './http-bridge';

window.veilEarly ??= startEarly(window.veilRaw ?? httpRawBridge());

// ICU's data loads with the first Intl.DateTimeFormat of the process (10-18 ms; the next ones,
// in any language, take well under 1 ms). Here the thread would otherwise wait for the page's
// module to be fetched and parsed; in `boot`, `warmFormatters` then finds it loaded, and the
// first screen's state, already in by then, no longer waits behind it. A background task: when
// this script runs after the module's parse has ended (its block ended 11-170 ms after it in 5 of
// 12 loaded traced starts), the module is evaluated first and `warmFormatters` loads ICU, as it
// would anyway.
inBackground(() => {
  new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(0);
});

// The first layout's system font lookups (per weight and size, each a synchronous IPC to the
// browser process), as background tasks: paid while this thread waits for the page's module or
// for the first screen's state, not between that state and its first paint.
warmFirstScreenFonts();
