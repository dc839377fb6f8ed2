import { z } from 'zod';

/** IPC shapes of the account: public data only; the phrase crosses only on explicit request. */
export const PROTECTIONS = ['os-keychain', 'password', 'key-file'] as const;
export const protectionSchema = z.enum(PROTECTIONS);
export type Protection = z.infer<typeof protectionSchema>;

const sessionIdSchema = z.string().regex(/^05[0-9a-f]{64}$/);

export const accountStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('none') }),
  z.object({ state: z.literal('locked') }),
  z.object({
    state: z.literal('ready'),
    sessionId: sessionIdSchema,
    displayName: z.string().nullable(),
    protection: protectionSchema,
  }),
]);
export type AccountStatus = z.infer<typeof accountStatusSchema>;

export const accountSummarySchema = z.object({
  sessionId: sessionIdSchema,
  displayName: z.string().nullable(),
  protection: protectionSchema,
  keychainAvailable: z.boolean(),
});
export type AccountSummary = z.infer<typeof accountSummarySchema>;

/** Generous bounds: the core gives the precise, translated reason (1–100 characters). */
export const displayNameArg = z.string().max(1000);
export const phraseArg = z.string().max(4000);
export const passwordArg = z.string().max(1024);

export const WORD_STATUSES = ['ok', 'partial', 'unknown'] as const;
export const phraseCheckSchema = z.object({
  /** Each field: recognised, still being typed (or empty), or not in the list. */
  words: z.array(z.object({ text: z.string(), status: z.enum(WORD_STATUSES), match: z.string().nullable() })),
  /** How many fields hold a word. */
  count: z.number(),
  /** Completions for the word being typed. */
  suggestions: z.array(z.string()),
  /** Why the phrase cannot be used yet, as a translatable reason (`reasons.<reason>`). */
  problem: z
    .object({ reason: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) })
    .nullable(),
});
export type PhraseCheck = z.infer<typeof phraseCheckSchema>;
