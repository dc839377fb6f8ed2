import type { Identity, SessionId } from '../../crypto/keys';
import type { VeilDatabase } from '../db';
import type { DomainBus } from '../domain/bus';
import type { ProfilePicture } from '../domain/events';
import type { MessageAttachmentHooks } from '../attachments/hooks';
import type { ContentMessage } from '../../swarm/messages/index';

/** How messages leave this computer: a store into a swarm (the network layer in production). */
export interface MessageTransport {
  /** Network-adjusted time (ms): every sent timestamp uses it. */
  now(): number;
  /**
   * This computer's clock, for the outbox's schedule: network time jumps when it is corrected,
   * and a queue timed on it would wait out the jump (a message queued before the first time
   * sample of a clock 5 minutes fast sat 5 minutes in the outbox).
   */
  localNow(): number;
  /** Signed `delete` of our own messages from our own swarm (unsend); absent offline. */
  deleteOwn?(hashes: readonly string[]): Promise<void>;
  /**
   * Stores the serialized WebSocketMessage in `recipient`'s swarm, namespace 0, for `ttlMs`
   * (default 14 days; a disappearing-after-send message lives only its timer); resolves with its hash.
   */
  store(recipient: SessionId, data: Uint8Array, ttlMs?: number): Promise<{ readonly hash: string }>;
  /**
   * Shortens the expiry of messages in our own swarm to `expiryMs` (network time) with the
   * signed `expire` RPC (network.md §3.6): read after-read messages. Absent offline.
   */
  expire?(hashes: readonly string[], expiryMs: number): Promise<void>;
}

export interface MessagingSettings {
  readonly readReceipts: boolean;
  readonly typingIndicators: boolean;
  /** Community DMs are polled and shown as message requests (Settings). */
  readonly communityMessageRequests?: boolean;
}

export interface MessagingDeps {
  readonly db: VeilDatabase;
  /** The account's keys (main only); asked each time, so a lock wipes them for good. */
  readonly identity: () => Identity;
  readonly displayName: () => string | null;
  readonly transport: MessageTransport;
  /** Where every change is announced, once written (ids only; see src/main/domain/events.ts). */
  readonly bus: DomainBus;
  /**
   * Our profile picture for outgoing messages, from the avatar service; absent where there is
   * none (unit tests of messaging, a core without avatars).
   */
  readonly ownPicture?: () => ProfilePicture | undefined;
  readonly settings: () => MessagingSettings;
  readonly log: (line: string) => void;
  /**
   * A 1-to-1 `DataMessage.groupUpdateMessage` (a group invitation), handed to the groups service
   * inside the receiving transaction; absent: such messages are dropped.
   */
  readonly groupUpdate?: (
    sender: SessionId,
    sentAt: number,
    update: Uint8Array,
    now: number,
    /** The sender's display name from the message's profile (who invited us), if any. */
    senderName: string | null,
  ) => void;
  /**
   * Private groups: stores a Content in a group's swarm (namespace 11, `encrypt_message` with
   * the group's newest key, signed with our admin key or sub-account) under `sentAt`; the
   * outbox sends group messages, reactions and deletions through it. Absent: they fail.
   */
  readonly groupStore?: (
    groupId: SessionId,
    content: ContentMessage,
    sentAt: number,
  ) => Promise<{ readonly hash: string }>;
  /** A group's invitation, accepted or declined from the message requests (the groups service). */
  readonly groupRequests?: {
    accept(groupId: SessionId): Promise<void>;
    decline(groupId: SessionId): void;
  };
  /** Files of messages (src/main/attachments); absent: messages without files only. */
  readonly attachments?: MessageAttachmentHooks;
}
