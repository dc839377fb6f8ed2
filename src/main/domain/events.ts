/**
 * What happens inside the core, as facts other parts react to (issue #15 item 2). Events name
 * what changed (ids), never a ready-made list for a window: each subscriber reads what it needs,
 * and the windows' IPC events are one projection of these (src/main/ipc/event-projection.ts).
 */
import type { SessionId } from '../../crypto/keys';
import type { AccountStatus } from '../../shared/ipc/account';
import type { Attachment } from '../../shared/ipc/attachments';
import type { MessageAction } from '../../shared/ipc/messaging';
import type { NetworkStatus } from '../../shared/ipc/network';
import type { SystemSettings } from '../../shared/ipc/system';
import type { Settings } from '../../shared/settings';
import type { VeilNotification } from '../../shared/notifications';
import type { GroupNotice } from '../../shared/group-notice';

/** A profile picture as Session announces it: the file's URL and its 32-byte profile key. */
export interface ProfilePicture {
  readonly url: string;
  readonly key: Uint8Array;
}

/**
 * Who made a conversation change. Config sync ignores the changes it made itself (it would
 * otherwise collect what it has just applied, and announce it again), and 'sending': a message
 * written here or its sending state (sent, failed) moved the list's preview only, no field a
 * config carries — a burst of sends must not cost a config dump and push per message.
 */
export type ChangeSource = 'local' | 'incoming' | 'config-sync' | 'sending';

export type DomainEvent =
  | { readonly type: 'account.changed'; readonly status: AccountStatus; readonly source: ChangeSource }
  | { readonly type: 'settings.changed'; readonly settings: Settings }
  | { readonly type: 'system.changed'; readonly settings: SystemSettings }
  | { readonly type: 'network.changed'; readonly status: NetworkStatus }
  /** An older profile's one-time page-size conversion: 0…100, then null once over. */
  | { readonly type: 'database.optimising'; readonly percent: number | null }
  /** New rows in a conversation: received, synced from another device of ours, or written here. */
  | {
      readonly type: 'messages.stored';
      readonly conversationId: SessionId;
      readonly ids: readonly string[];
      /** Written here to be sent: nothing for the notifier to read back. */
      readonly outgoing?: boolean;
    }
  /** Existing rows changed: sent, failed, read, reacted to, unsent, timer started. */
  | { readonly type: 'messages.changed'; readonly conversationId: SessionId; readonly ids: readonly string[] }
  /** Rows gone from this computer (deleted for me, expired, unsent in Note to Self). */
  | { readonly type: 'messages.deleted'; readonly conversationId: SessionId; readonly ids: readonly string[] }
  /** A reaction or an unsend was applied (the message's row change comes as messages.changed). */
  | { readonly type: 'message.action'; readonly action: MessageAction }
  | { readonly type: 'typing.changed'; readonly conversationId: SessionId; readonly typing: boolean }
  /**
   * Conversation rows changed (created, deleted, read, approved, renamed, their preview…). In
   * 1-to-1 messaging a contact is its conversation: contact.changed is the same fact, named for
   * the contact fields (nickname, blocked).
   */
  | {
      readonly type: 'conversations.changed';
      readonly ids: readonly SessionId[];
      readonly source: ChangeSource;
    }
  | { readonly type: 'contact.changed'; readonly ids: readonly SessionId[]; readonly source: ChangeSource }
  /** Config sync merged remote configs; our picture as the UserProfile config now has it. */
  | { readonly type: 'config.merged'; readonly ownPicture: ProfilePicture | null }
  /**
   * A contact's message carried their profile: a picture (new or the same) or none (removed).
   * Emitted after the message's transaction: a subscriber may take its time.
   */
  | {
      readonly type: 'profile-picture.received';
      readonly sender: SessionId;
      readonly picture: ProfilePicture | null;
    }
  /** The notifier decided to notify, with what the privacy level allows (src/main/notifications). */
  | { readonly type: 'notification'; readonly notification: VeilNotification }
  /** These people's pictures changed in the avatar cache. */
  | { readonly type: 'profile-pictures.changed'; readonly sessionIds: readonly SessionId[] }
  /**
   * A file of a message moved (state or progress). It carries its view because the progress of a
   * transfer lives in memory only (the database has the state, not the fraction).
   */
  /**
   * Joined community rooms changed: joined, left (the id is gone), their info, image, read mark
   * or unread count. `source` 'config-sync' when another device of ours joined or left.
   */
  | {
      readonly type: 'communities.changed';
      readonly roomIds: readonly number[];
      readonly source: ChangeSource;
    }
  /** Posts of a room were stored or changed (new, edited, deleted, reactions), by server id. */
  | { readonly type: 'community.posts'; readonly roomId: number; readonly ids: readonly number[] }
  /** Blinded DMs arrived or were sent on a community server, with these peers (blinded IDs). */
  | { readonly type: 'community.dms'; readonly baseUrl: string; readonly peers: readonly string[] }
  /**
   * Private groups changed: created, invited to, joined, left, renamed, members. `source`
   * 'config-sync' when another device of ours added or removed them.
   */
  | {
      readonly type: 'groups.changed';
      readonly groupIds: readonly string[];
      readonly source: ChangeSource;
    }
  /**
   * A change to a group to show in its timeline ("Alice added Bob"): made here by an admin, or
   * received as a verified control message or config. The group's conversation stores it.
   */
  | {
      readonly type: 'group.notice';
      readonly groupId: string;
      readonly notice: GroupNotice;
      /** The control message's sent time (ms, network time). */
      readonly sentAt: number;
    }
  | {
      readonly type: 'attachment.changed';
      readonly conversationId: SessionId;
      readonly messageId: string;
      readonly attachment: Attachment;
    }
  | PortabilityEvent;

/** An export or import job moved or ended (src/main/portability). */
export type PortabilityEvent =
  | {
      readonly type: 'portability.progress';
      readonly jobId: string;
      readonly operation: 'export' | 'import';
      readonly done: number;
      readonly total: number;
    }
  | {
      readonly type: 'portability.finished';
      readonly jobId: string;
      readonly operation: 'export' | 'import';
      readonly error?: { readonly code: string; readonly message: string };
    };

export type DomainEventType = DomainEvent['type'];
export type DomainEventOf<T extends DomainEventType> = Extract<DomainEvent, { readonly type: T }>;
