import { z } from 'zod';
import { settingsPatchSchema, settingsSchema } from '../settings';
import {
  accountStatusSchema,
  accountSummarySchema,
  displayNameArg,
  passwordArg,
  phraseArg,
  phraseCheckSchema,
} from './account';
import { networkStatusSchema } from './network';
import { appInfoSchema, initialStateSchema } from './initial-state';
import {
  AVATAR_BATCH_MAX,
  AVATAR_UPLOAD_MAX_BYTES,
  avatarDataUrlSchema,
  avatarManyResultSchema,
} from './avatar';
import { systemSettingsPatchSchema, systemSettingsSchema } from './system';
import {
  contactSchema,
  conversationSchema,
  emojiArg,
  messageActionSchema,
  MESSAGE_BODY_MAX,
  messageSchema,
  searchHitSchema,
  SEARCH_TEXT_MAX,
  sessionIdCheckSchema,
  sessionIdSchema,
  conversationIdSchema,
} from './messaging';
import { disappearingChoiceSchema } from '../disappearing';
import { muteChoiceSchema, notificationSchema } from '../notifications';
import { ATTACHMENTS_PER_MESSAGE_MAX, attachmentCalls, attachmentSchema } from './attachments';
import { proxyCalls } from './proxy';
import { portabilityCalls, portabilityEvents } from './portability';
import { communityCalls, communityEvents } from './communities';
import { groupCalls, groupEvents } from './groups';
import type { ListedEventName } from './event-names';

/**
 * The one IPC contract. Each call has a zod schema for its arguments (main validates every
 * call) and one for its result (the renderer may validate what it gets). Electron's preload
 * and the browser host both carry exactly this; the renderer cannot tell which.
 */
const noArgs = z.object({}).strict();

export { appInfoSchema, initialStateSchema, type AppInfo, type InitialState } from './initial-state';

/** Avatars travel as `data:` URLs of PNG, JPEG or WebP (the CSP allows `img-src data:`). */
/** Whose picture: a person (`05…`) or a private group (`03…`, its Info config's picture). */
const pictureOwnerSchema = z.string().regex(/^0[35][0-9a-f]{64}$/);
export { AVATAR_UPLOAD_MAX_BYTES } from './avatar';
const avatarUploadArg = z
  .string()
  .max(Math.ceil(AVATAR_UPLOAD_MAX_BYTES / 3) * 4)
  .regex(/^[A-Za-z0-9+/]+=*$/);

export const calls = {
  ...attachmentCalls,
  ...proxyCalls,
  ...portabilityCalls,
  ...communityCalls,
  ...groupCalls,
  'app.info': { args: noArgs, result: appInfoSchema },
  'app.initialState': { args: noArgs, result: initialStateSchema },
  'settings.get': { args: noArgs, result: settingsSchema },
  'settings.update': { args: settingsPatchSchema, result: settingsSchema },
  'shell.openExternal': {
    args: z.object({ url: z.url({ protocol: /^https?$/ }) }).strict(),
    result: z.null(),
  },
  'network.status': { args: noArgs, result: networkStatusSchema },
  'conversations.list': { args: noArgs, result: z.array(conversationSchema) },
  /** Opens (creating if needed) the conversation with a Session ID, after checking it. */
  'conversations.open': {
    args: z.object({ sessionId: z.string().max(200) }).strict(),
    result: conversationSchema,
  },
  /**
   * The window left a conversation it opened by Account ID: removed when still unused (no
   * message, no request, no nickname); true when it was.
   */
  'conversations.discardUnused': {
    args: z.object({ conversationId: sessionIdSchema }).strict(),
    result: z.boolean(),
  },
  'conversations.markRead': {
    args: z.object({ conversationId: conversationIdSchema }).strict(),
    result: z.null(),
  },
  /** Our typing state in a conversation (sent only when the typing-indicator setting is on). */
  'conversations.typing': {
    args: z.object({ conversationId: conversationIdSchema, typing: z.boolean() }).strict(),
    result: z.null(),
  },
  'messages.page': {
    args: z
      .object({
        conversationId: conversationIdSchema,
        /** The oldest message loaded so far (its `shownAt`); null for the newest page. */
        before: z
          .object({ shownAt: z.number(), id: z.string().max(100) })
          .strict()
          .nullable(),
        limit: z.number().int().min(1).max(500),
      })
      .strict(),
    result: z.array(messageSchema),
  },
  'messages.send': {
    args: z
      .object({
        conversationId: conversationIdSchema,
        /** The text, or the caption of the attachments (then it may be empty). */
        body: z.string().max(MESSAGE_BODY_MAX),
        /** Our local id of the message this one replies to (quoted as Session does). */
        replyTo: z.string().max(100).optional(),
        /** Staged files (`attachments.stage`), sent in this order. */
        attachments: z.array(z.string().max(100)).max(ATTACHMENTS_PER_MESSAGE_MAX).optional(),
      })
      .strict()
      .refine((a) => a.body.trim().length > 0 || (a.attachments?.length ?? 0) > 0, {
        message: 'a message needs text or an attachment',
        path: ['body'],
      }),
    result: messageSchema,
  },
  /** Adds or removes our reaction (one emoji) to a message; sent to them and our other devices. */
  'messages.react': {
    args: z.object({ messageId: z.string().max(100), emoji: emojiArg, remove: z.boolean() }).strict(),
    result: messageSchema,
  },
  /** The six emoji offered first in the reaction bar: most recently used, then Session's defaults. */
  'reactions.recent': { args: noArgs, result: z.array(z.string()) },
  /**
   * Deletes one of our sent messages for everyone: from our swarm, and an UnsendRequest to them
   * and to our other devices. It becomes "This message was deleted" (gone in Note to Self).
   */
  'messages.unsend': { args: z.object({ messageId: z.string().max(100) }).strict(), result: z.null() },
  /** Changes the conversation's disappearing setting; returns the notice shown in the timeline. */
  'conversations.setDisappearing': {
    args: z.object({ conversationId: conversationIdSchema, setting: disappearingChoiceSchema }).strict(),
    result: messageSchema,
  },
  /** Mutes a conversation's notifications for a while, for good ('always'), or no more ('off'). */
  'conversations.setMute': {
    args: z.object({ conversationId: conversationIdSchema, mute: muteChoiceSchema }).strict(),
    result: conversationSchema,
  },
  /** Notifications only for messages that mention us (groups). */
  'conversations.setMentionsOnly': {
    args: z.object({ conversationId: conversationIdSchema, mentionsOnly: z.boolean() }).strict(),
    result: conversationSchema,
  },
  /** Messages whose text matches every word (accents folded), newest first. */
  'messages.search': {
    args: z
      .object({ text: z.string().max(SEARCH_TEXT_MAX), limit: z.number().int().min(1).max(200).optional() })
      .strict(),
    result: z.array(searchHitSchema),
  },
  'messages.resend': { args: z.object({ messageId: z.string().max(100) }).strict(), result: messageSchema },
  /** Deletes a message from this computer only ("delete for me"). */
  'messages.delete': { args: z.object({ messageId: z.string().max(100) }).strict(), result: z.null() },
  'requests.accept': { args: z.object({ conversationId: conversationIdSchema }).strict(), result: z.null() },
  'requests.decline': { args: z.object({ conversationId: conversationIdSchema }).strict(), result: z.null() },
  'contacts.list': { args: noArgs, result: z.array(contactSchema) },
  'contacts.setNickname': {
    args: z.object({ sessionId: sessionIdSchema, nickname: z.string().max(200).nullable() }).strict(),
    result: z.null(),
  },
  'contacts.setBlocked': {
    args: z.object({ sessionId: conversationIdSchema, blocked: z.boolean() }).strict(),
    result: z.null(),
  },
  /** Live validation of a Session ID typed or pasted by the user. */
  'sessionId.check': { args: z.object({ text: z.string().max(400) }).strict(), result: sessionIdCheckSchema },
  /**
   * The Session ID an ONS name is registered to, confirmed by several nodes. Fails with reason
   * `ons.invalid` (not a possible name), `ons.unknown` (no one has it) or `ons.network`.
   */
  'ons.resolve': {
    args: z.object({ name: z.string().max(200) }).strict(),
    result: z.object({ name: z.string(), sessionId: sessionIdSchema }),
  },
  /**
   * A contact's picture, ours, or a private group's (`03…`); null until there is one (initials
   * are shown meanwhile).
   */
  'avatar.get': {
    args: z.object({ sessionId: pictureOwnerSchema }).strict(),
    result: z.object({ dataUrl: z.nullable(avatarDataUrlSchema) }),
  },
  /**
   * `avatar.get` for several owners in one call, answered in the order asked (the conversation
   * list's pictures at start: one call instead of one each, every call crossing the host and the
   * core's worker; issue #15, cold start).
   */
  'avatar.getMany': {
    args: z.object({ sessionIds: z.array(pictureOwnerSchema).min(1).max(AVATAR_BATCH_MAX) }).strict(),
    result: avatarManyResultSchema,
  },
  /** Sets our picture: encrypted, uploaded, then sent with every message. */
  'avatar.set': {
    args: z.object({ image: avatarUploadArg }).strict(),
    result: z.object({ dataUrl: avatarDataUrlSchema }),
  },
  'avatar.remove': { args: noArgs, result: z.null() },
  'account.status': { args: noArgs, result: accountStatusSchema },
  'account.create': {
    args: z.object({ displayName: displayNameArg }).strict(),
    result: z.object({ sessionId: z.string(), displayName: z.string() }),
  },
  'account.restore': {
    args: z.object({ phrase: phraseArg, displayName: displayNameArg }).strict(),
    result: z.object({ sessionId: z.string(), displayName: z.string().nullable() }),
  },
  /** Restore: the display name in the phrase's swarm (waits up to 15 s); null when none is found. */
  'account.fetchProfile': {
    args: z.object({ phrase: phraseArg }).strict(),
    result: z.object({ displayName: z.string().nullable() }),
  },
  'account.show': { args: noArgs, result: accountSummarySchema },
  /**
   * The only call that returns the recovery phrase: made when the user asks to see it. With a
   * password set, `currentPassword` must be it.
   */
  'account.revealPhrase': {
    args: z.object({ currentPassword: passwordArg.optional() }).strict(),
    result: z.object({ phrase: z.string() }),
  },
  'account.setDisplayName': {
    args: z.object({ displayName: displayNameArg }).strict(),
    result: accountSummarySchema,
  },
  'account.unlock': { args: z.object({ password: passwordArg }).strict(), result: accountStatusSchema },
  /** Sets or changes the password (6–256 characters, checked in main); `currentPassword` when one is set. */
  'account.setPassword': {
    args: z.object({ password: passwordArg, currentPassword: passwordArg.optional() }).strict(),
    result: accountSummarySchema,
  },
  'account.removePassword': {
    args: z.object({ currentPassword: passwordArg.optional() }).strict(),
    result: accountSummarySchema,
  },
  /** Closes the database and messaging and forgets the keys; needs a password to come back. */
  'account.lock': { args: noArgs, result: accountStatusSchema },
  /** The user is active (throttled by the renderer): postpones the idle lock. */
  'app.activity': { args: noArgs, result: z.null() },
  'system.get': { args: noArgs, result: systemSettingsSchema },
  'system.update': { args: systemSettingsPatchSchema, result: systemSettingsSchema },
  /** Live validation of the restore form: the words as typed, and which one has the caret. */
  'phrase.check': {
    args: z
      .object({
        words: z.array(z.string().max(100)).max(40),
        typingIndex: z.number().int().min(0).max(39).nullable(),
      })
      .strict(),
    result: phraseCheckSchema,
  },
} as const;

export type CallName = keyof typeof calls;
export type CallArgs<N extends CallName> = z.input<(typeof calls)[N]['args']>;
export type ParsedCallArgs<N extends CallName> = z.output<(typeof calls)[N]['args']>;
export type CallResult<N extends CallName> = z.output<(typeof calls)[N]['result']>;

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}

/** Events main → renderer. */
export const events = {
  ...portabilityEvents,
  ...communityEvents,
  ...groupEvents,
  'settings.changed': settingsSchema,
  'account.changed': accountStatusSchema,
  'system.changed': systemSettingsSchema,
  'network.changed': networkStatusSchema,
  'conversations.changed': z.array(conversationSchema),
  'messages.changed': z.object({ conversationId: conversationIdSchema, messages: z.array(messageSchema) }),
  /** These messages are gone from this computer (deleted for me; unsent in Note to Self). */
  'messages.deleted': z.object({ conversationId: conversationIdSchema, ids: z.array(z.string()) }),
  /** A reaction or an unsend was applied (the message itself comes in messages.changed). */
  'messages.action': messageActionSchema,
  'typing.changed': z.object({ conversationId: conversationIdSchema, typing: z.boolean() }),
  /**
   * The core decided to notify (new messages, not muted, not locked), with only what the privacy
   * level allows. Electron's main shows it itself; the browser host's page shows it.
   */
  'notification.show': notificationSchema,
  /** The desktop shell asks the window to do something (a menu item, a notification clicked). */
  'app.command': z.discriminatedUnion('type', [
    z.object({ type: z.literal('showShortcuts') }),
    z.object({ type: z.literal('openConversation'), conversationId: conversationIdSchema }),
  ]),
  /** These people's (or groups') pictures changed: ask `avatar.get` again. */
  'avatars.changed': z.object({ sessionIds: z.array(pictureOwnerSchema) }),
  /**
   * The core's worker stopped unexpectedly: `restarted` says whether a new one took over (what it
   * holds follows as account/network/conversation events) or the core stays down.
   */
  'core.restarted': z.object({ restarted: z.boolean() }),
  /**
   * An older profile's one-time conversion to smaller database pages (at start or unlock):
   * the percentage done, then null once it is over and the account's lists can be read.
   */
  'database.optimising': z.object({ percent: z.number().int().min(0).max(100).nullable() }),
  /**
   * An attachment's state or progress changed (progress at most every 100 ms per attachment).
   * The message itself comes again in `messages.changed` when its state settles.
   */
  'attachments.changed': z.object({
    conversationId: conversationIdSchema,
    messageId: z.string(),
    attachment: attachmentSchema,
  }),
} as const;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export { isEventName } from './event-names';

// event-names.ts lists these events for the host's thread, which never loads this module: a
// compile error names an event one side lacks.
type NoneLeft<T extends never> = T;
export type EveryEventListed = NoneLeft<Exclude<EventName, ListedEventName>>;
export type NoEventUnknown = NoneLeft<Exclude<ListedEventName, EventName>>;
