import { inBackground } from './background-task';

/**
 * The fonts the first screen's text is laid out in, looked up while the page's module is still
 * fetched and parsed (issue #15, cold start). A renderer process finds each system font the
 * first time a layout needs it: per weight, a fontconfig match in the browser process (a
 * synchronous IPC), and per size a render style (another). In the bench's traced starts these
 * lookups were 12 of the first layout's 18 ms (load 7) and 55 of its 63 ms (load 15), all on the
 * path between the first screen's state and its first paint. A canvas's `measureText` goes
 * through the same per-process font cache, so the early script (`early-main.ts`) can pay them
 * while the main thread would otherwise wait for the page's module, whose stylesheet is not
 * needed for it.
 *
 * The list is what the conversation list's screen uses at `--zoom: 1` (the default): weight and
 * computed size, the size being the root's 15px times the rem the stylesheets give (read from
 * the bench's 20-conversation profile and the e2e test's screen). A weight
 * missing here is looked up by the first layout as before; a size missing costs only its render
 * style. `test/e2e/first-screen-fonts.e2e.test.ts` fails when the screen uses one not listed.
 */
export const FIRST_SCREEN_FONTS: readonly string[] = [
  '400 15px',
  '400 13.2px',
  '400 13.125px',
  '400 11.7px',
  '550 15px',
  '550 13.5px',
  '600 10.5px',
  '600 10.2px',
  '650 18px',
  '650 15px',
  '700 20.25px',
  '700 14.04px',
  '700 11.25px',
];

/** `--font` in base.css (checked by `test/renderer/first-screen-fonts.test.ts`). */
export const FONT_STACK =
  "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'DejaVu Sans', Ubuntu, Cantarell, sans-serif";

/**
 * What each lookup measures: Latin letters (the family itself) and an emoji. A chat list's
 * previews often hold one, and its glyph comes from another font (the system's colour emoji
 * font), found by a fallback search and loaded on first use: in a fresh Chromium, the first
 * layout of 20 rows with a few emoji took 20–27 ms unwarmed, 13–16 ms with 'Aa' warmed, 2–4 ms
 * with the emoji warmed too (four fresh browsers each, this machine).
 */
export const WARM_TEXT = 'Aa\u{1F44D}';

/** What `warmFirstScreenFonts` needs of a 2D canvas context. */
export interface TextMeasurer {
  font: string;
  measureText(text: string): unknown;
}

/**
 * Looks up every font of `FIRST_SCREEN_FONTS` once, one background task each (so that none
 * holds the page's module or React's work by more than one lookup); a page without a 2D canvas
 * skips it. What the first layout comes to before a task ran, it looks up itself, as before.
 */
export function warmFirstScreenFonts(
  context: TextMeasurer | null = document.createElement('canvas').getContext('2d'),
  post: (task: () => void) => void = inBackground,
): void {
  if (!context) return;
  for (const font of FIRST_SCREEN_FONTS) {
    post(() => {
      context.font = `${font} ${FONT_STACK}`;
      context.measureText(WARM_TEXT);
    });
  }
}
