/**
 * What every part of the groups service shares (group-service.ts builds one): its options, the
 * network clock, sent times that never repeat, `groups.changed`, and the row lookup that turns a
 * malformed or unknown group ID into a `GroupError`.
 */
import type { Identity, SessionId } from '../../crypto/keys';
import type { ContentMessage } from '../../swarm/messages/index';
import type { ControlKind, VeilDatabase } from '../db';
import type { GroupRow } from '../db/groups';
import type { DomainBus } from '../domain/bus';
import type { FileServerSource } from '../files/file-server-source';
import type { ProfilePicture } from '../domain/events';
import type { GroupDelivery } from '../messaging/group-incoming';
import type { IncomingChanges } from '../messaging/incoming';
import type { LastHashStore, NetworkClient } from '../network';
import { GroupError } from './errors';
import { groupIdOrThrow } from './group-input';

export interface GroupServiceOptions {
  readonly db: VeilDatabase;
  readonly bus: DomainBus;
  readonly network: NetworkClient | undefined;
  readonly identity: () => Identity;
  readonly displayName: () => string | null;
  /** The messaging service's crash-safe control outbox (invitations leave through it). */
  readonly queueControl: (
    recipient: SessionId,
    kind: ControlKind,
    build: (sentAt: number) => ContentMessage,
  ) => number;
  readonly kickOutbox: () => void;
  /** The messaging service: a group's messages are messages of its conversation. */
  readonly messages: {
    receive(groupId: SessionId, items: readonly GroupDelivery[]): IncomingChanges;
    announce(changes: IncomingChanges): void;
  };
  readonly lastHashes: LastHashStore;
  readonly pollIntervalMs?: number;
  /** What the groups' polls await before handling what they fetched (core/first-screen.ts). */
  readonly beforeHandling?: () => Promise<void> | undefined;
  /** First retry of an unfinished removal (doubles per failure); tests make it short. */
  readonly removalRetryMs?: number;
  /** Where a group picture is uploaded (the account avatar's file server). */
  readonly fileServer?: FileServerSource;
  /** Our picture, sent with our invitation response so admins can show it to the group. */
  readonly ownPicture?: () => ProfilePicture | undefined;
  readonly log: (line: string) => void;
}

export class GroupRuntime {
  private lastSentAt = 0;
  started = false;
  stopped = false;

  constructor(readonly o: GroupServiceOptions) {}

  get db(): VeilDatabase {
    return this.o.db;
  }

  now(): number {
    return this.o.network?.networkNow() ?? Date.now();
  }

  nextSentAt(): number {
    this.lastSentAt = Math.max(this.now(), this.lastSentAt + 1);
    return this.lastSentAt;
  }

  emit(groupIds: readonly string[]): void {
    this.o.bus.emit({ type: 'groups.changed', groupIds, source: 'local' });
  }

  network(): NetworkClient {
    if (!this.o.network) throw new GroupError('offline', 'no network is configured');
    return this.o.network;
  }

  row(text: string): GroupRow {
    const row = this.o.db.groups.get(groupIdOrThrow(text));
    if (!row) throw new GroupError('unknown-group', `no such group on this profile: ${text.trim()}`);
    return row;
  }

  errorText(e: unknown): string {
    return e instanceof Error ? e.message : String(e);
  }
}
