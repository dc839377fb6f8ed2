/**
 * Communities over IPC (issue #19): joined rooms, their posts, reactions and moderation, and
 * community DMs. Room and post ids are the database's room id and the server's message id.
 * Join URLs are checked in main (each mistake has its own reason); here only their size.
 */
import { z } from 'zod';
import { communityRoomIdSchema as roomId, communityRoomSchema } from './community-room';
import { SEARCH_TEXT_MAX } from './messaging';

export { communityRoomSchema, type CommunityRoom } from './community-room';

export const COMMUNITY_POST_MAX = 2000;
/** What a page may ask for; opening a room asks the newest 50. */
export const COMMUNITY_PAGE_MAX = 200;

const blindedId = z.string().regex(/^(?:15|25)[0-9a-f]{64}$/);
const postId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const joinUrlArg = z.string().min(1).max(2000);
const emoji = z.string().min(1).max(32);

export const communityReactionSchema = z.object({
  emoji: z.string(),
  count: z.number().int().nonnegative(),
  you: z.boolean(),
});

/**
 * A reply's quote as shown: Session names the quoted post by its author and time; main looks
 * it up in the room. `postId` null: not on this computer (Session: "original not found").
 */
export const communityQuoteSchema = z.object({
  /** The quoted post's time (ms) and author as the reply named them. */
  id: z.number(),
  author: z.string(),
  postId: postId.nullable(),
  /** The quoted post's name, text (null once deleted) and whether it is ours, when found. */
  authorName: z.string().nullable(),
  text: z.string().nullable(),
  mine: z.boolean(),
});
export type CommunityQuote = z.infer<typeof communityQuoteSchema>;

export const communityPostSchema = z.object({
  roomId,
  id: postId,
  /** The poster's ID as the server gives it (15… on blinded servers). */
  sender: z.string(),
  senderName: z.string().nullable(),
  body: z.string(),
  sentAt: z.number(),
  edited: z.boolean(),
  deleted: z.boolean(),
  mine: z.boolean(),
  reactions: z.array(communityReactionSchema),
  /**
   * The poster's newest post said they take no message requests from communities (DataMessage
   * 106) and they never wrote to us: "Message" is not offered (Session's UserProfileModal).
   */
  requestsOff: z.boolean().optional(),
  /** The post this one replies to (absent: not a reply). */
  quote: communityQuoteSchema.optional(),
});
export type CommunityPost = z.infer<typeof communityPostSchema>;

export const communityDmSchema = z.object({
  joinUrl: z.string(),
  baseUrl: z.string(),
  direction: z.enum(['in', 'out']),
  id: postId,
  peer: z.string(),
  body: z.string(),
  sentAt: z.number(),
  read: z.boolean(),
});
export type CommunityDm = z.infer<typeof communityDmSchema>;

/** A post found by the list's search, with its room and poster (the post itself is read on opening). */
export const communityPostHitSchema = z.object({
  roomId,
  roomName: z.string(),
  postId,
  /** The poster's ID as the server gives it, and the name their post carried. */
  sender: z.string(),
  senderName: z.string().nullable(),
  mine: z.boolean(),
  sentAt: z.number(),
  /** The body cut around the first match, the matches between U+E000 and U+E001 (no HTML). */
  snippet: z.string(),
});
export type CommunityPostHit = z.infer<typeof communityPostHitSchema>;

export const serverRoomSchema = z.object({
  token: z.string(),
  name: z.string(),
  joinUrl: z.string(),
  activeUsers: z.number().int().nonnegative(),
  joined: z.boolean(),
});
export type ServerRoom = z.infer<typeof serverRoomSchema>;

export const communityCalls = {
  'communities.list': { args: z.object({}).strict(), result: z.array(communityRoomSchema) },
  /** Joins a room by its URL. Failures: `communities.errors.<code>` reasons. */
  'communities.join': { args: z.object({ url: joinUrlArg }).strict(), result: communityRoomSchema },
  'communities.leave': { args: z.object({ roomId }).strict(), result: z.null() },
  /** The rooms the server of a join URL lists (`GET /rooms`), for its default rooms list. */
  'communities.serverRooms': {
    args: z.object({ url: joinUrlArg }).strict(),
    result: z.array(serverRoomSchema),
  },
  /** Newest first; before the post `before` (or the newest). Fetches older posts from the server when needed. */
  'communities.posts': {
    args: z
      .object({ roomId, before: postId.nullable(), limit: z.number().int().min(1).max(COMMUNITY_PAGE_MAX) })
      .strict(),
    result: z.array(communityPostSchema),
  },
  'communities.send': {
    args: z
      .object({ roomId, body: z.string().min(1).max(COMMUNITY_POST_MAX), replyTo: postId.optional() })
      .strict(),
    result: communityPostSchema,
  },
  'communities.react': {
    args: z.object({ roomId, postId, emoji, remove: z.boolean() }).strict(),
    result: z.null(),
  },
  /** Deletes our post, or any post as a moderator. */
  'communities.deletePost': { args: z.object({ roomId, postId }).strict(), result: z.null() },
  'communities.ban': {
    args: z.object({ roomId, userId: blindedId, unban: z.boolean() }).strict(),
    result: z.null(),
  },
  'communities.markRead': { args: z.object({ roomId, upTo: postId }).strict(), result: z.null() },
  /** The room image as a data URL, or null. */
  'communities.image': { args: z.object({ roomId }).strict(), result: z.string().nullable() },
  'communities.dms': { args: z.object({}).strict(), result: z.array(communityDmSchema) },
  /**
   * Opens (creating) the community DM conversation with a poster of a joined room (its 15 or 25 ID):
   * the conversation's id, for the conversation list and view.
   */
  'communities.openDm': {
    args: z.object({ roomId, peer: blindedId }).strict(),
    result: blindedId,
  },
  /** Blocked community DM senders with the room they came through (unblocked with contacts.setBlocked). */
  'communities.blockedDms': {
    args: z.object({}).strict(),
    result: z.array(
      z.object({ conversationId: blindedId, name: z.string().nullable(), room: z.string().nullable() }),
    ),
  },
  'communities.sendDm': {
    args: z.object({ roomId, to: blindedId, body: z.string().min(1).max(COMMUNITY_POST_MAX) }).strict(),
    result: communityDmSchema,
  },
  /** Posts of joined rooms whose text matches every word (accents folded), newest first. */
  'communities.search': {
    args: z
      .object({ text: z.string().max(SEARCH_TEXT_MAX), limit: z.number().int().min(1).max(200).optional() })
      .strict(),
    result: z.array(communityPostHitSchema),
  },
} as const;

export const communityEvents = {
  /** Joined rooms changed (joined, left, info, unread): the whole list. */
  'communities.changed': z.array(communityRoomSchema),
  /** Posts of a room stored or changed. */
  'communities.posts': z.object({ roomId, posts: z.array(communityPostSchema) }),
  /** Community DMs changed: the whole list (small). */
  'communities.dms': z.array(communityDmSchema),
} as const;
