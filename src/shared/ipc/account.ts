import { z } from 'zod';
import { protectionSchema } from './account-status';
import { sessionIdSchema } from './conversation';

/** IPC shapes of the account: public data only; the phrase crosses only on explicit request. */
export {
  accountStatusSchema,
  PROTECTIONS,
  protectionSchema,
  type AccountStatus,
  type Protection,
} from './account-status';

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
