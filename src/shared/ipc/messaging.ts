import { z } from 'zod';
import { disappearingSettingSchema } from '../disappearing';
import { attachmentSchema } from './attachments';
import { zGroupNotice } from '../group-notice';
import { conversationIdSchema, messageStatusSchema, sessionIdSchema } from './conversation';

/** IPC shapes of 1-to-1 messaging: conversations, messages, requests, contacts. */
export {
  conversationGroupSchema,
  conversationIdSchema,
  conversationSchema,
  MESSAGE_STATUSES,
  messageStatusSchema,
  sessionIdSchema,
  type Conversation,
  type ConversationGroup,
  type MessageStatus,
} from './conversation';

/** A community invitation (DataMessage.communityInvitation): shown as a card. */
export const messageInvitationSchema = z.object({ name: z.string(), url: z.string() });
export type MessageInvitation = z.infer<typeof messageInvitationSchema>;

export const messageSchema = z.object({
  id: z.string(),
  conversationId: conversationIdSchema,
  direction: z.enum(['in', 'out']),
  sender: conversationIdSchema,
  body: z.string(),
  /** Set when the message is a community invitation (its body is then the URL). */
  invitation: messageInvitationSchema.optional(),
  /** The sender's timestamp (ms): Envelope.timestamp = Content.sigTimestamp. */
  sentAt: z.number(),
  receivedAt: z.number().nullable(),
  /**
   * When to show it and where to sort it: `sentAt`, or the receive time when the sender's clock
   * was ahead of ours by more than the network's tolerance (a far-future timestamp would
   * otherwise pin the message below everything newer).
   */
  shownAt: z.number(),
  status: messageStatusSchema,
  /** The swarm's hash of the stored message (its id on the network); null until a swarm has it. */
  hash: z.string().nullable(),
  /** Why the last send attempt failed (a translatable reason), for failed messages. */
  error: z.string().nullable(),
  /** What this message replies to; null when it is not a reply. */
  quote: z
    .object({
      /** Session's name of the quoted message: its sent timestamp and author. */
      id: z.number(),
      author: sessionIdSchema,
      /** The original's text when we have it, else what the sender quoted (null: none). */
      text: z.string().nullable(),
      /** Content type of the quoted attachment, if the original had one. */
      attachment: z.string().nullable(),
      /** Our local id of the original, to jump to it; null when it is not on this computer. */
      messageId: z.string().nullable(),
    })
    .nullable(),
  /** Deleted for everyone: the body is empty and the timeline says so. */
  deleted: z.boolean(),
  /** The emoji under the message, each with who reacted (earliest first). */
  reactions: z.array(z.object({ emoji: z.string(), reactors: z.array(sessionIdSchema), mine: z.boolean() })),
  /** When it disappears from this computer (ms); null: never, or after-read and not read yet. */
  expiresAt: z.number().nullable(),
  /** The disappearing setting it was sent under. */
  expiry: disappearingSettingSchema,
  /** A notice that the disappearing setting changed to `expiry` (the body is empty). */
  expirationUpdate: z.boolean(),
  /** Files, pictures, videos and voice notes, in the order sent; the body is their caption. */
  attachments: z.array(attachmentSchema),
  /** A group's timeline notice ("Alice added Bob"; the body is empty), put in words by the window. */
  notice: z.optional(zGroupNotice),
});
export type Message = z.infer<typeof messageSchema>;
export type MessageQuote = NonNullable<Message['quote']>;
export type MessageReaction = Message['reactions'][number];

/**
 * A reaction: one emoji (a grapheme of at most 8 code points: a flag, a family or a skin-toned
 * gesture), never text. Session's clients send the emoji character itself.
 */
export const EMOJI_MAX_UNITS = 32;
const EMOJI_RE = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|[#*0-9]\uFE0F?\u20E3)/u;
export function isEmoji(text: string): boolean {
  if (text.length === 0 || text.length > EMOJI_MAX_UNITS || !EMOJI_RE.test(text)) return false;
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)];
  return graphemes.length === 1 && Array.from(text).length <= 8 && !/\s/u.test(text);
}
/**
 * Unicode's fully-qualified form: no U+FE0F after a character that is already shown as an emoji
 * (👍️ → 👍; ❤️ keeps it). Emoji data sets and keyboards differ here, and the same reaction sent
 * both ways would show as two.
 */
export function normalizeEmoji(emoji: string): string {
  return emoji.replace(/(\p{Emoji_Presentation})\uFE0F/gu, '$1');
}

export const emojiArg = z.string().max(EMOJI_MAX_UNITS).refine(isEmoji, 'not one emoji');

/** What `receive` prints and windows hear of besides messages: reactions and unsends. */
export const messageActionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('reaction'),
    conversationId: conversationIdSchema,
    messageId: z.string(),
    emoji: z.string(),
    from: sessionIdSchema,
    removed: z.boolean(),
  }),
  z.object({
    kind: z.literal('unsend'),
    conversationId: conversationIdSchema,
    messageId: z.string(),
    from: sessionIdSchema,
  }),
]);
export type MessageAction = z.infer<typeof messageActionSchema>;

export const contactSchema = z.object({
  sessionId: sessionIdSchema,
  name: z.string().nullable(),
  nickname: z.string().nullable(),
  blocked: z.boolean(),
});
export type Contact = z.infer<typeof contactSchema>;

export const sessionIdCheckSchema = z.object({
  sessionId: z.nullable(sessionIdSchema),
  /** A translatable reason (`reasons.sessionId.<kind>`) with its values. */
  problem: z
    .object({ reason: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) })
    .nullable(),
});
export type SessionIdCheck = z.infer<typeof sessionIdCheckSchema>;

/** Bodies are bounded well below the 76 800-byte swarm limit once encrypted and padded. */
export const MESSAGE_BODY_MAX = 6000;
export const messageBodyArg = z.string().min(1).max(MESSAGE_BODY_MAX);

/** A message found by the search, with where it is. */
export const searchHitSchema = z.object({
  conversationId: conversationIdSchema,
  messageId: z.string(),
  body: z.string(),
  sentAt: z.number(),
  /** The body cut around the first match, the matches between U+E000 and U+E001 (no HTML). */
  snippet: z.string(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;
export const SEARCH_TEXT_MAX = 200;
