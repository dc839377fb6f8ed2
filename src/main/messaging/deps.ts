import type { Identity, SessionId } from '../../crypto/keys';
import type { VeilDatabase } from '../db';
import type { EventHub } from '../core/events';

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
  /** Stores the serialized WebSocketMessage in `recipient`'s swarm, namespace 0; resolves with its hash. */
  store(recipient: SessionId, data: Uint8Array): Promise<{ readonly hash: string }>;
  /** Signed `delete` of our own messages from our own swarm (unsend); absent offline. */
  deleteOwn?(hashes: readonly string[]): Promise<void>;
}

export interface MessagingSettings {
  readonly readReceipts: boolean;
  readonly typingIndicators: boolean;
}

export interface MessagingDeps {
  readonly db: VeilDatabase;
  /** The account's keys (main only); asked each time, so a lock wipes them for good. */
  readonly identity: () => Identity;
  readonly displayName: () => string | null;
  readonly transport: MessageTransport;
  readonly events: EventHub;
  readonly settings: () => MessagingSettings;
  readonly log: (line: string) => void;
}
