// zod's mini build: on the page's first screen (see settings.ts).
import * as z from 'zod/mini';

/**
 * Disappearing messages v2 (sync-groups-communities.md §5): a conversation's setting is off, or
 * a mode with one of Session's timers. The timers are Session Desktop's
 * (`ts/session/disappearing_messages/timerOptions.ts`): after-read offers 5 min … 2 weeks,
 * after-send 12 h … 2 weeks; both add 30 s, which Desktop offers in its development builds and
 * which is the shortest any Session client lets a user pick (docs/protocol-notes.md).
 */
export const DISAPPEARING_MODES = ['after-send', 'after-read'] as const;
export type DisappearingMode = (typeof DISAPPEARING_MODES)[number];

/** Timer seconds, by the short name the CLI and the UI use. */
export const TIMER_SECONDS = {
  '30s': 30,
  '5m': 300,
  '1h': 3600,
  '12h': 43_200,
  '1d': 86_400,
  '1w': 604_800,
  '2w': 1_209_600,
} as const;
export type TimerName = keyof typeof TIMER_SECONDS;
export const TIMER_NAMES = Object.keys(TIMER_SECONDS) as TimerName[];

/** What the UI offers per mode (Desktop's lists, plus 30 s). */
export const TIMERS_FOR_MODE: Readonly<Record<DisappearingMode, readonly TimerName[]>> = {
  'after-send': ['30s', '12h', '1d', '1w', '2w'],
  'after-read': ['30s', '5m', '1h', '12h', '1d', '1w', '2w'],
};

/** The longest timer a Session client may send us: the storage server keeps nothing longer. */
export const TIMER_MAX_SECONDS = 30 * 86_400;

/**
 * A conversation's setting as stored and shown. Incoming settings may use other Session timers
 * (5 s, 1 min, 6 h…), so any whole number of seconds up to 30 days is valid here.
 */
export const disappearingSettingSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('off') }),
  z.strictObject({
    mode: z.enum(DISAPPEARING_MODES),
    seconds: z.int().check(z.minimum(1), z.maximum(TIMER_MAX_SECONDS)),
  }),
]);
export type DisappearingSetting = z.infer<typeof disappearingSettingSchema>;

/**
 * What the user may choose: one of our timers (the IPC argument). Built at its first use: the
 * page's entry imports this module, and builds every schema it loads before its first paint
 * (issue #15, cold start).
 */
export const disappearingChoiceSchema = z.lazy(() =>
  z.discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('off') }),
    z.strictObject({
      mode: z.enum(DISAPPEARING_MODES),
      seconds: z.number().check(z.refine((s) => timerNameOf(s) !== undefined, 'not a Session timer')),
    }),
  ]),
);

export const DISAPPEARING_OFF: DisappearingSetting = { mode: 'off' };

/** `30s`, `1w`… → seconds; undefined for anything else. */
export function parseTimerName(text: string): number | undefined {
  const found = TIMER_NAMES.find((n) => n === text);
  return found === undefined ? undefined : TIMER_SECONDS[found];
}

/** Seconds → the short name, if it is one of ours (incoming settings may use other values). */
export function timerNameOf(seconds: number): TimerName | undefined {
  return TIMER_NAMES.find((n) => TIMER_SECONDS[n] === seconds);
}
