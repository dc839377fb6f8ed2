// zod's mini build: on the page's first screen (see ../settings.ts).
import * as z from 'zod/mini';

/**
 * A group as the list pane shows it, apart from the group calls' arguments and results
 * (`groups.ts`, which re-exports these): the page checks the list of groups before its first
 * render (`initial-state.ts`), and every schema of a module its entry imports is built on the
 * page's main thread before anything shows (issue #15, cold start).
 */
export const groupIdSchema = z.string().check(z.regex(/^03[0-9a-f]{64}$/));

export const GROUP_STATUSES = ['invited', 'joined', 'left'] as const;

export const groupSummarySchema = z.object({
  groupId: groupIdSchema,
  name: z.string(),
  status: z.enum(GROUP_STATUSES),
  admin: z.boolean(),
  /** Members not removed, us included. */
  members: z.int().check(z.nonnegative()),
  /** Who invited us (a pending invitation), else null. */
  invitedBy: z.nullable(z.string()),
  /** From the group's Info config as last polled; null until it has been read (or none set). */
  description: z.nullable(z.string()),
  /** The after-send timer in seconds (0: off), null until the Info config has been read. */
  disappearingSeconds: z.nullable(z.int().check(z.nonnegative())),
});
export type GroupSummary = z.infer<typeof groupSummarySchema>;
