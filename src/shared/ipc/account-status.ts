// zod's mini build: on the page's first screen (see ../settings.ts).
import * as z from 'zod/mini';
import { sessionIdSchema } from './conversation';

/**
 * Whether there is an account and whether it is unlocked, apart from the account calls' other
 * shapes (`account.ts`, which re-exports these): the page checks it before its first render
 * (`initial-state.ts`), and every schema of a module its entry imports is built on the page's
 * main thread before anything shows (issue #15, cold start).
 */
export const PROTECTIONS = ['os-keychain', 'password', 'key-file'] as const;
export const protectionSchema = z.enum(PROTECTIONS);
export type Protection = z.infer<typeof protectionSchema>;

export const accountStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('none') }),
  z.object({ state: z.literal('locked') }),
  z.object({
    state: z.literal('ready'),
    sessionId: sessionIdSchema,
    displayName: z.nullable(z.string()),
    protection: protectionSchema,
  }),
]);
export type AccountStatus = z.infer<typeof accountStatusSchema>;
