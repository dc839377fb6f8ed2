// zod's mini build: the mute menu's constants are on the page's first screen (see settings.ts).
import * as z from 'zod/mini';

/**
 * Per-conversation notification choices (issue #20 item 6): mute for a while or for good, and
 * "mentions only". Shared by the core (which decides) and the windows (which offer the menu).
 */
export const MUTE_CHOICES = ['off', '1h', '8h', '1d', '1w', 'always'] as const;
export type MuteChoice = (typeof MUTE_CHOICES)[number];
export const muteChoiceSchema = z.enum(MUTE_CHOICES);

/** "Always": an expiry no clock reaches (stored as an ordinary time, so one rule reads both). */
export const MUTED_FOREVER = Number.MAX_SAFE_INTEGER;

const HOUR_MS = 3_600_000;
const DURATIONS: Readonly<Record<Exclude<MuteChoice, 'off' | 'always'>, number>> = {
  '1h': HOUR_MS,
  '8h': 8 * HOUR_MS,
  '1d': 24 * HOUR_MS,
  '1w': 7 * 24 * HOUR_MS,
};

/** When a mute chosen now ends; null: not muted. */
export function muteUntil(choice: MuteChoice, now: number): number | null {
  if (choice === 'off') return null;
  if (choice === 'always') return MUTED_FOREVER;
  return now + DURATIONS[choice];
}

/** A mute whose time has passed is no mute: nothing has to wake up to lift it. */
export function isMuted(mutedUntil: number | null, now: number): boolean {
  return mutedUntil !== null && mutedUntil > now;
}

/**
 * What a notification may show, already cut to the privacy level by the core: `sender` only from
 * the "name" level up, `preview` only at "name and message". The windows format it; they never
 * see more than the level allows. Built at its first use: the page's entry imports this module (for
 * the mute menu) and builds every schema it loads before its first paint (issue #15, cold start).
 */
export const notificationSchema = z.lazy(() =>
  z.object({
    conversationId: z.string().check(z.regex(/^(?:05|03|15|25)[0-9a-f]{64}$/)),
    /** New incoming messages still unread in conversations that notify (for "count"). */
    count: z.int().check(z.nonnegative()),
    sender: z.nullable(z.string()),
    /** The last message's text; '' when it has none (an attachment). */
    preview: z.nullable(z.string()),
    noteToSelf: z.boolean(),
  }),
);
export type VeilNotification = z.infer<typeof notificationSchema>;
