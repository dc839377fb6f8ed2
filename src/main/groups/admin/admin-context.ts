/**
 * What the admin operations need from the groups service (group-service.ts builds it): the
 * database, the network, our identity, the live configs of a group (the ones its poller merges
 * into), sending to the group and 1-to-1 through the crash-safe control outbox, and the bus.
 */
import type { Identity, SessionId } from '../../../crypto/keys';
import type { ContentMessage } from '../../../swarm/messages/index';
import type { GroupNotice } from '../../../shared/group-notice';
import type { VeilDatabase, ControlKind } from '../../db';
import type { GroupRow } from '../../db/groups';
import type { FileServerSource } from '../../files/file-server-source';
import type { NetworkClient } from '../../network';
import type { GroupConfigs } from './config-dumps';

export interface AdminContext {
  readonly db: VeilDatabase;
  network(): NetworkClient;
  identity(): Identity;
  displayName(): string | null;
  /** The group's row (a `GroupError` for a malformed ID or an unknown group). */
  row(groupId: string): GroupRow;
  /** The group's configs after one poll of its swarm (another admin may have changed them). */
  freshConfigs(groupId: string): Promise<GroupConfigs>;
  /**
   * The group's configs as held now, without a poll: its poller's live configs (merged with every
   * batch polled so far), or the saved ones when it is not polled.
   */
  heldConfigs(groupId: string): GroupConfigs;
  /**
   * Stores a Content in namespace 11 with the newest key; `build` gets the sent time to sign
   * (`at`, or the next one: a retried change sends the sent time it chose the first time).
   */
  sendToGroup(
    row: GroupRow,
    build: (sentAt: number) => ContentMessage,
    at?: number,
  ): Promise<{ hash: string; sentAt: number }>;
  /** A sent time never given before (network clock). */
  nextSentAt(): number;
  /** Whether the network can be tried now, and a listener for when that changes. */
  online(): boolean;
  onOnline(listener: () => void): () => void;
  queueControl(recipient: SessionId, kind: ControlKind, build: (sentAt: number) => ContentMessage): number;
  kickOutbox(): void;
  /** `groups.changed` for these groups. */
  changed(groupIds: readonly string[]): void;
  /**
   * Every message these members wrote in the group's conversation, deleted for everyone here
   * (and announced); returns their swarm hashes, to delete them from the group's swarm too.
   */
  deleteMessagesOf(groupId: string, members: readonly SessionId[]): string[];
  /** `group.notice` for the timeline. */
  notice(groupId: string, notice: GroupNotice, sentAt: number): void;
  /** We no longer poll this group (destroyed). */
  ended(groupId: string): Promise<void>;
  readonly fileServer: FileServerSource;
  log(line: string): void;
}
