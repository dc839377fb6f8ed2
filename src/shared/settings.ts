// zod's mini build: this module is on the page's first screen (its entry checks the first
// state against these), where the full build's size and its schemas' construction were on the
// critical path (issue #15, cold start). The same schemas, the same checks.
import * as z from 'zod/mini';

export const THEMES = ['system', 'light', 'dark'] as const;
export const LANGUAGE_CHOICES = ['system', 'en', 'fr'] as const;
export const ZOOM_MIN = 0.5;
export const ZOOM_MAX = 2;
export const ZOOM_STEP = 0.1;

/** Spell-check dictionaries the composer can use (Electron's spellchecker; issue #20 item 7). */
export const SPELLCHECK_LANGUAGES = ['en', 'fr'] as const;

/** Session's four notification privacy levels. */
export const NOTIFICATION_LEVELS = ['off', 'count', 'name', 'name-and-preview'] as const;
export type NotificationLevel = (typeof NOTIFICATION_LEVELS)[number];

export const settingsSchema = z.object({
  theme: z.enum(THEMES),
  language: z.enum(LANGUAGE_CHOICES),
  zoom: z.number().check(z.minimum(ZOOM_MIN), z.maximum(ZOOM_MAX)),
  /** Off by default, as in Session. */
  readReceipts: z.boolean(),
  /** Off by default, as in Session. */
  typingIndicators: z.boolean(),
  notifications: z.enum(NOTIFICATION_LEVELS),
  /** The composer's spell-check languages; none: spell-check off. */
  spellcheckLanguages: z.array(z.enum(SPELLCHECK_LANGUAGES)).check(z.maxLength(SPELLCHECK_LANGUAGES.length)),
  /**
   * "Message requests from communities": whether people in communities may write to us through
   * the servers' inboxes (Session's `hasBlindedMsgRequestsEnabled`, UserProfile `M`).
   */
  communityMessageRequests: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

/** Built at its first use (a settings change), not while the page loads. */
export const settingsPatchSchema = z.lazy(() => z.strictObject(z.partial(settingsSchema).shape));
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  language: 'system',
  zoom: 1,
  readReceipts: false,
  typingIndicators: false,
  notifications: 'name-and-preview',
  spellcheckLanguages: ['en', 'fr'],
  communityMessageRequests: true,
};

export function clampZoom(zoom: number): number {
  const rounded = Math.round(zoom * 10) / 10;
  return Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, rounded));
}
