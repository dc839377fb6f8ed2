// zod's mini build: on the page's first screen (see ../settings.ts).
import * as z from 'zod/mini';
import { disappearingSettingSchema } from '../disappearing';
import { zGroupNotice } from '../group-notice';

/**
 * The conversation list's shapes, apart from the rest of messaging's: the page checks a list of
 * conversations before its first render (`initial-state.ts`), and every schema of a module its
 * entry imports is built on the page's main thread, while it loads, before anything shows.
 * Messages, their attachments, actions and arguments stay in `messaging.ts` (which re-exports
 * these): the page builds them with the contract, after its first paint (issue #15, cold start).
 */
export const sessionIdSchema = z.string().check(z.regex(/^05[0-9a-f]{64}$/));
/**
 * A conversation: with a Session ID (05), a private group (03, issue #18), or for a community DM
 * the other side's blinded `15…`/`25…` ID (issue #19, also who wrote a message in one).
 */
export const conversationIdSchema = z.string().check(z.regex(/^(?:05|03|15|25)[0-9a-f]{64}$/));

/** A private group's side of its conversation: who is in it, and our place in it. */
export const conversationGroupSchema = z.object({
  status: z.enum(['invited', 'joined', 'left']),
  admin: z.boolean(),
  /** Who invited us (an invitation shown as a message request). */
  invitedBy: z.nullable(sessionIdSchema),
  /** Everyone in the group but those removed, with the name the group's Members config gives. */
  members: z
    .array(z.object({ sessionId: sessionIdSchema, name: z.string(), admin: z.boolean() }))
    .check(z.maxLength(100)),
  /** Why a group we were in is over for us (status 'left'): removed by an admin, or deleted. */
  ended: z.nullable(z.enum(['removed', 'destroyed'])),
});
export type ConversationGroup = z.infer<typeof conversationGroupSchema>;

export const MESSAGE_STATUSES = ['sending', 'sent', 'failed', 'read', 'received'] as const;
export const messageStatusSchema = z.enum(MESSAGE_STATUSES);
export type MessageStatus = z.infer<typeof messageStatusSchema>;

export const conversationSchema = z.object({
  id: conversationIdSchema,
  noteToSelf: z.boolean(),
  /** Nickname, else the name from their profile, else null (the UI shows a short ID). */
  name: z.nullable(z.string()),
  isRequest: z.boolean(),
  blocked: z.boolean(),
  unread: z.number(),
  lastMessage: z.nullable(
    z.object({
      body: z.string(),
      sentAt: z.number(),
      direction: z.enum(['in', 'out']),
      status: messageStatusSchema,
      /** Deleted for everyone (the body is empty); an empty body otherwise is a change of setting. */
      deleted: z.boolean(),
      /** The first attachment's kind, for "Photo" / "Voice message" when there is no text. */
      attachment: z.nullable(z.object({ contentType: z.string(), voice: z.boolean() })),
      /** A group's notice: the list puts it in words. */
      notice: z.optional(zGroupNotice),
    }),
  ),
  updatedAt: z.number(),
  /** Disappearing messages: off, or after send / after read with a timer. */
  disappearing: disappearingSettingSchema,
  /** When its mute ends (ms; MUTED_FOREVER for "always"); null: not muted. Unread still counts. */
  mutedUntil: z.nullable(z.int().check(z.nonnegative())),
  /** Notify only for messages that mention us (groups; 1-to-1 messages never mention). */
  mentionsOnly: z.boolean(),
  /**
   * A community DM: the community it goes through (its room's name and server). `requestsOff`:
   * the other side's newest post says they take no message requests from communities and they
   * never wrote to us, so nothing can be sent (as Session's disabled "Message").
   */
  community: z.optional(
    z.object({ name: z.string(), server: z.string(), requestsOff: z.optional(z.boolean()) }),
  ),
  /** Set for a private group (its id is its 03 ID). */
  group: z.optional(conversationGroupSchema),
  /**
   * Opened by Account ID and never used (no message, no request): listed only while it is open,
   * and discarded when the window leaves it (`conversations.discardUnused`).
   */
  unused: z.optional(z.literal(true)),
});
export type Conversation = z.infer<typeof conversationSchema>;
