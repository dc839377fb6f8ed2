// Explicit bidi controls: embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Someone else's text placed inside one of our sentences ("Alice is typing…"): wrapped in a
 * first-strong isolate so a U+202E in it cannot reorder our words. Its own controls are removed
 * first — a stray U+2069 in it would otherwise close our isolate early.
 */
export function isolate(text: string): string {
  return `\u2068${text.replace(BIDI_CONTROLS, '')}\u2069`;
}
