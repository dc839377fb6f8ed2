/**
 * Private groups v2 on one profile (issue #18): create, invitations, accept/decline/leave, group
 * messages, and one poller per group swarm we belong to. Each change is written first, then
 * announced on the domain bus (`groups.changed`; a group's messages are its conversation's); config sync writes the
 * account's UserGroups `g` entries from the database (groups-glue.ts).
 */
import { z } from 'zod';
import type { Identity, SessionId } from '../../crypto/keys';
import { encodeGroupUpdate } from '../../swarm/groups/control-messages';
import type { GroupId } from '../../swarm/groups/identity';
import { Namespace } from '../../swarm/namespaces';
import type { ContentMessage } from '../../swarm/messages/index';
import type { VeilDatabase } from '../db';
import type { ControlKind } from '../db';
import type { GroupMemberRow, GroupRow } from '../db/groups';
import { newMessageId, type MessageId } from '../db';
import type { GroupNotice } from '../../shared/group-notice';
import { isGroupId } from '../../swarm/groups/identity';
import type { GroupDelivery } from '../messaging/group-incoming';
import type { IncomingChanges } from '../messaging/incoming';
import { reconcileGroupConversation } from './group-conversation';
import type { DomainBus } from '../domain/bus';
import { Poller, type LastHashStore, type NetworkClient, type PolledMessage } from '../network';
import { buildNewGroup } from './build-group';
import { GroupError } from './errors';
import { adminKeyPair, swarmAuthOf } from './group-auth';
import { groupConfigsFor, ingestGroupBatch, type GroupConfigs } from './group-ingest';
import { groupIdOrThrow, groupNameOrThrow, membersOrThrow } from './group-input';
import { storeGroupConfig, storeGroupMessage } from './group-swarm';
import { inviteContent, receiveInvite } from './invitations';
import type { GroupAdminApi } from './admin-api';
import type { AdminContext } from './admin/admin-context';
import { forgetGroupConfigs, loadGroupConfigs, saveGroupConfigs } from './admin/config-dumps';
import { GroupAdmin } from './admin/group-admin';
import { infoView, type GroupInfoView } from './admin/config-dumps';
import { receivePromotion } from './admin/promotion';
import { probeAccess } from './admin/swarm-ops';
import type { FileServerSource } from '../files/file-server-source';

/** Session polls an active group every 5 s; the CLI asks for faster polls. */
const GROUP_POLL_MS = 5_000;
/** Namespaces of a group swarm, Keys first (sync-groups-communities.md §3.3 "Flow"). */
export const GROUP_NAMESPACES: readonly number[] = [
  Namespace.GroupKeys,
  Namespace.GroupInfo,
  Namespace.GroupMembers,
  Namespace.GroupMessages,
];
/** Polls of a just-accepted group's swarm while its key has not arrived. */
const ACCEPT_POLLS = 5;
const zNumber = z.number();
const zBoolean = z.boolean();
const declinedKey = (id: string) => `groups.declined.${id}`;
const responseKey = (id: string) => `groups.response-pending.${id}`;

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
  /** Where a group picture is uploaded (the account avatar's file server). */
  readonly fileServer?: FileServerSource;
  readonly log: (line: string) => void;
}

export interface GroupSummary {
  readonly groupId: string;
  readonly name: string;
  readonly status: 'invited' | 'joined' | 'left';
  readonly admin: boolean;
  readonly members: number;
  readonly invitedBy: string | null;
  readonly ended: 'removed' | 'destroyed' | null;
}

interface Polled {
  readonly poller: Poller;
  readonly configs: GroupConfigs;
  /** When the swarm last answered our poll (a member checks its access when it stops). */
  lastAnsweredAt: number;
}

/** Why a group we were in ended: kept so that the windows can say it. */
const endedKey = (id: string) => `groups.ended.${id}`;
const zEnded = z.enum(['removed', 'destroyed']);

export class GroupService {
  private readonly pollers = new Map<string, Polled>();
  private lastSentAt = 0;
  private started = false;
  private stopped = false;
  private readonly unsubscribe: () => void;
  private accessTimer: ReturnType<typeof setInterval> | undefined;
  /** What an admin can do (issue #18 item 5): add, remove, promote, rename, destroy… */
  readonly admin: GroupAdminApi;
  private readonly adminOps: GroupAdmin;

  constructor(private readonly o: GroupServiceOptions) {
    this.adminOps = new GroupAdmin(this.adminContext());
    this.admin = this.adminOps;
    this.unsubscribe = o.bus.on(['groups.changed'], (e) => {
      // Whoever changed a group (here, another device of ours, an admin's change): its
      // conversation follows (a request for an invitation, gone when declined, renamed).
      this.reconcileConversations(e.groupIds);
      // Another device of ours added or removed groups (config sync): poll what we belong to now.
      if (e.source === 'config-sync' && this.started) this.syncPollers();
    });
  }

  private now(): number {
    return this.o.network?.networkNow() ?? Date.now();
  }

  private nextSentAt(): number {
    this.lastSentAt = Math.max(this.now(), this.lastSentAt + 1);
    return this.lastSentAt;
  }

  private emit(groupIds: readonly string[]): void {
    this.o.bus.emit({ type: 'groups.changed', groupIds, source: 'local' });
  }

  private network(): NetworkClient {
    if (!this.o.network) throw new GroupError('offline', 'no network is configured');
    return this.o.network;
  }

  private row(text: string): GroupRow {
    const row = this.o.db.groups.get(groupIdOrThrow(text));
    if (!row) throw new GroupError('unknown-group', `no such group on this profile: ${text.trim()}`);
    return row;
  }

  start(): void {
    this.started = true;
    // A crash between a group's change and its conversation's leaves nothing apart for long.
    this.reconcileConversations(this.o.db.groups.all().map((g) => g.groupId));
    this.syncPollers();
    // A removed member's sub-account is revoked: its polls are refused, never answered.
    const every = Math.max(3 * (this.o.pollIntervalMs ?? GROUP_POLL_MS), 3_000);
    this.accessTimer = setInterval(() => void this.checkAccess(every), every);
    this.accessTimer.unref();
  }

  private reconcileConversations(groupIds: readonly string[]): void {
    if (this.stopped) return;
    const now = this.now();
    const changed = this.o.db.transaction(() =>
      groupIds.filter((id) => isGroupId(id) && reconcileGroupConversation(this.o.db, id, now)),
    );
    // The conversation's group view (status, members, role) follows the group's row too: an open
    // window must learn that we were removed or left even when the conversation row is unchanged.
    const hasConversation = (id: string) =>
      this.o.db.conversations.getConversation(id as SessionId) !== undefined;
    const shown = groupIds.filter((id) => isGroupId(id) && hasConversation(id));
    const ids = [...new Set([...changed, ...shown])];
    if (ids.length > 0)
      this.o.bus.emit({ type: 'conversations.changed', ids: ids as SessionId[], source: 'local' });
  }

  /**
   * Stores a notice in the group's timeline ("Alice added Bob", from src/shared/group-notice.ts),
   * at `sentAt` (the control message's sent time, so the notice of a change made here and the
   * copy of it polled from the swarm are one). The notice's author (`by`, or the member who
   * left) is its sender. Returns the new message's id, or undefined when the group has no
   * conversation here or the notice was already stored. Call it after the change is written.
   */
  storeGroupNotice(groupId: string, notice: GroupNotice, sentAt: number): MessageId | undefined {
    const id = groupIdOrThrow(groupId);
    const conversationId = id as string as SessionId;
    if (!this.o.db.conversations.getConversation(conversationId)) return undefined;
    const messageId = newMessageId();
    const author = (notice.kind === 'member-left' ? notice.member : notice.by) as SessionId;
    const result = this.o.db.messages.insertNotice({
      id: messageId,
      conversationId,
      sender: author,
      notice,
      sentAt,
      receivedAt: Date.now(),
    });
    if (result !== 'inserted') return undefined;
    this.o.bus.emit({ type: 'messages.stored', conversationId, ids: [messageId] });
    this.o.bus.emit({ type: 'conversations.changed', ids: [conversationId], source: 'local' });
    return messageId;
  }

  /**
   * One store of a Content in the group's swarm (namespace 11, encrypted with its newest key),
   * under `sentAt`: the messaging outbox sends group messages, reactions and deletions with it.
   */
  async storeMessage(groupId: string, content: ContentMessage, sentAt: number): Promise<{ hash: string }> {
    const row = this.row(groupId);
    if (row.status !== 'joined') throw new GroupError('not-allowed', 'you are not a member of this group');
    return this.sendContent(row, content, sentAt);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.accessTimer);
    this.unsubscribe();
    const all = [...this.pollers.values()];
    this.pollers.clear();
    await Promise.all(all.map((p) => p.poller.stop()));
  }

  /** Every group, invitations included (`groups --json`). */
  list(): GroupSummary[] {
    // A declined invitation stays as "left, never joined" (so the UserGroups entry is erased and
    // not brought back by the next merge) but is no group of ours.
    const shown = this.o.db.groups.all().filter((g) => g.status !== 'left' || g.joinedAt !== null);
    return shown.map((g) => ({
      groupId: g.groupId,
      name: g.name,
      status: g.status,
      admin: adminKeyPair(g) !== undefined,
      members: this.o.db.groups.members(g.groupId).filter((m) => m.status !== 'removed').length,
      invitedBy: g.invitedBy,
      ended: this.endedOf(g.groupId),
    }));
  }

  /** The group's Info as this device last merged it (name, description, timer, picture). */
  info(groupId: string): GroupInfoView {
    const row = this.row(groupId);
    const keys = this.o.db.groups.keys(row.groupId).map((k) => k.key);
    const configs = this.pollers.get(row.groupId)?.configs ?? loadGroupConfigs(this.o.db, row, keys);
    return infoView(row, configs);
  }

  /** Why a group ended for us: removed by an admin, or deleted for everyone. */
  endedOf(groupId: string): 'removed' | 'destroyed' | null {
    return this.o.db.kv.get(endedKey(groupId), zEnded) ?? null;
  }

  members(groupId: string): GroupMemberRow[] {
    return this.o.db.groups.members(this.row(groupId).groupId);
  }

  /**
   * Creates a group: Keys, Info and Members stored in its swarm, then the group, its members and
   * the invitations written here in one transaction (the invitations leave through the outbox).
   */
  async create(nameText: string, memberTexts: readonly string[]): Promise<GroupId> {
    const name = groupNameOrThrow(nameText);
    const identity = this.o.identity();
    const members = membersOrThrow(memberTexts, identity.sessionId);
    const network = this.network();
    const now = this.now();
    const built = buildNewGroup({
      name,
      admin: identity.sessionId,
      adminName: this.o.displayName() ?? '',
      members,
      nowMs: now,
    });
    const groupId = built.keyPair.groupId;
    const auth = { kind: 'group-admin', ed25519SecretKey: built.keyPair.secretKey } as const;
    // Keys first: a member who polls between two stores can already read what follows.
    const keysStored = await storeGroupConfig(network, groupId, auth, Namespace.GroupKeys, built.keys);
    const infoStored = await storeGroupConfig(network, groupId, auth, Namespace.GroupInfo, built.info);
    const membersStored = await storeGroupConfig(
      network,
      groupId,
      auth,
      Namespace.GroupMembers,
      built.membersConfig,
    );
    built.configs.info.confirmPushed(built.configs.info.seqno, infoStored.hash);
    built.configs.members.confirmPushed(built.configs.members.seqno, membersStored.hash);
    const { db } = this.o;
    db.transaction(() => {
      saveGroupConfigs(db, groupId, built.configs);
      db.groups.insert(
        { groupId, name, status: 'joined', adminSeed: built.keyPair.seed, joinedAt: now },
        Date.now(),
      );
      db.groups.addKey(groupId, {
        generation: built.generation,
        key: built.key,
        timestamp: keysStored.storedAtMs ?? now,
      });
      db.groups.setMembers(groupId, [
        { sessionId: identity.sessionId, name: this.o.displayName() ?? '', admin: true, status: 'accepted' },
        ...members.map((m): GroupMemberRow => ({ sessionId: m, name: '', admin: false, status: 'sent' })),
      ]);
      for (const m of members)
        this.o.queueControl(m, 'group-invite', (sentAt) => inviteContent(built.keyPair, name, m, sentAt));
    });
    this.o.kickOutbox();
    this.emit([groupId]);
    this.syncPollers();
    return groupId;
  }

  /**
   * A 1-to-1 `groupUpdateMessage` (the messaging service calls this inside its receiving
   * transaction): a valid invitation is stored, anything else ignored.
   */
  receiveUpdate(sender: SessionId, sentAt: number, update: Uint8Array, now: number): void {
    const identity = this.o.identity();
    const promoted = receivePromotion(this.o.db, sender, update);
    if (promoted.kind === 'promoted') {
      // Our poller signs as the group now, and our configs may be written: build them anew.
      queueMicrotask(() => {
        void this.becameAdmin(promoted.groupId);
      });
      return;
    }
    if (promoted.kind === 'ignored') {
      this.o.log(`group promotion from ${sender.slice(0, 10)} ignored: ${promoted.reason}`);
      return;
    }
    const outcome = receiveInvite(this.o.db, identity, sender, sentAt, update, now);
    if (outcome.kind === 'ignored') {
      this.o.log(`group update from ${sender.slice(0, 10)} ignored: ${outcome.reason}`);
      return;
    }
    const declinedAt = this.o.db.kv.get(declinedKey(outcome.groupId), zNumber);
    if (declinedAt !== undefined && declinedAt >= sentAt) {
      this.o.db.groups.setStatus(outcome.groupId, 'left');
      return;
    }
    queueMicrotask(() => {
      this.emit([outcome.groupId]);
    });
  }

  /** Accepts an invitation: the group's swarm is polled and our acceptance sent to it. */
  async accept(groupId: string): Promise<void> {
    const row = this.row(groupId);
    if (row.status !== 'invited')
      throw new GroupError('not-allowed', 'there is no pending invitation to this group');
    this.network();
    this.o.db.transaction(() => {
      this.o.db.groups.setStatus(row.groupId, 'joined', this.now());
      this.o.db.kv.set(responseKey(row.groupId), true);
    });
    this.emit([row.groupId]);
    this.syncPollers();
    // The Keys message may take a poll or two to reach every member of the swarm.
    for (let i = 0; i < ACCEPT_POLLS && this.o.db.groups.keys(row.groupId).length === 0; i++)
      await this.pollerOf(row.groupId)?.poller.pollOnce();
    await this.sendPendingResponse(row.groupId);
  }

  /**
   * Declines an invitation: kept as "left" without a join (hidden from the list), so that config
   * sync erases it from UserGroups; a later invitation brings it back.
   */
  decline(groupId: string): void {
    const row = this.row(groupId);
    if (row.status !== 'invited')
      throw new GroupError('not-allowed', 'there is no pending invitation to this group');
    this.o.db.transaction(() => {
      this.o.db.kv.set(declinedKey(row.groupId), row.invitedAt ?? 0);
      this.o.db.groups.setStatus(row.groupId, 'left');
    });
    this.emit([row.groupId]);
  }

  /** Leaves a group: the others are told (`GroupUpdateMemberLeftMessage`), polling stops. */
  async leave(groupId: string): Promise<void> {
    const row = this.row(groupId);
    if (row.status !== 'joined') throw new GroupError('not-allowed', 'you are not a member of this group');
    try {
      await this.sendContent(row, () => ({
        dataMessage: { groupUpdateMessage: encodeGroupUpdate({ memberLeftMessage: {} }) },
      }));
    } catch (e) {
      // Leaving works offline too; the others learn it from the admin's next Members config.
      this.o.log(`group leave notice not sent: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.o.db.groups.setStatus(row.groupId, 'left');
    await this.dropPoller(row.groupId);
    this.emit([row.groupId]);
  }

  /** One store in the group's swarm; `content` may be built from the sent time it gets. */
  private async sendContent(
    row: GroupRow,
    content: ContentMessage | ((sentAt: number) => ContentMessage),
    at?: number,
  ): Promise<{ hash: string; sentAt: number }> {
    const network = this.network();
    const identity = this.o.identity();
    const auth = swarmAuthOf(row, identity);
    const key = this.o.db.groups.keys(row.groupId)[0];
    if (!auth) throw new GroupError('not-allowed', 'this profile holds no access to the group');
    if (!key) throw new GroupError('no-key', 'the group’s keys have not arrived yet: try again in a moment');
    const sentAt = at ?? this.nextSentAt();
    const stored = await storeGroupMessage(network, {
      groupId: row.groupId,
      auth,
      identity,
      key: key.key,
      sentAt,
      content: typeof content === 'function' ? content(sentAt) : content,
    });
    return { hash: stored.hash, sentAt };
  }

  /** `GroupUpdateInviteResponseMessage{isApproved}` once we hold a key to send it with. */
  private async sendPendingResponse(groupId: string): Promise<void> {
    const { db } = this.o;
    const row = db.groups.get(groupId);
    if (row?.status !== 'joined' || db.kv.get(responseKey(groupId), zBoolean) !== true) return;
    if (db.groups.keys(groupId).length === 0) return;
    try {
      await this.sendContent(row, () => ({
        dataMessage: { groupUpdateMessage: encodeGroupUpdate({ inviteResponse: { isApproved: true } }) },
      }));
      db.kv.delete(responseKey(groupId));
    } catch (e) {
      this.o.log(`group invite response not sent yet: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  pollerOf(groupId: string): Polled | undefined {
    return this.pollers.get(groupId);
  }

  /** One poll of every joined group (the CLI's `receive` and tests). */
  async pollAll(): Promise<void> {
    await Promise.all([...this.pollers.values()].map((p) => p.poller.pollOnce()));
  }

  /** A poller for each joined group we can sign for; none for the others. */
  private syncPollers(): void {
    const network = this.o.network;
    if (!network || this.stopped) return;
    const identity = this.o.identity();
    const joined = new Set<string>();
    for (const row of this.o.db.groups.all()) {
      if (row.status !== 'joined') continue;
      const auth = swarmAuthOf(row, identity);
      if (!auth) continue;
      joined.add(row.groupId);
      if (this.pollers.has(row.groupId)) continue;
      const configs = groupConfigsFor(
        this.o.db,
        row,
        this.o.db.groups.keys(row.groupId).map((k) => k.key),
      );
      const poller = new Poller({
        client: network,
        owner: { pubkey: row.groupId, auth },
        intervalMs: this.o.pollIntervalMs ?? GROUP_POLL_MS,
        lastHashes: this.o.lastHashes,
        log: this.o.log,
      });
      poller.register({
        name: `group ${row.groupId.slice(0, 10)}`,
        namespaces: GROUP_NAMESPACES,
        handle: async (batch) => {
          const polled = this.pollers.get(row.groupId);
          if (polled) polled.lastAnsweredAt = Date.now();
          await this.handle(row.groupId, configs, batch.messages);
        },
      });
      this.pollers.set(row.groupId, { poller, configs, lastAnsweredAt: Date.now() });
      if (this.started) poller.start();
    }
    for (const id of [...this.pollers.keys()]) if (!joined.has(id)) void this.dropPoller(id);
  }

  private async dropPoller(groupId: string): Promise<void> {
    const p = this.pollers.get(groupId);
    this.pollers.delete(groupId);
    await p?.poller.stop();
  }

  private async handle(
    groupId: string,
    configs: GroupConfigs,
    messages: readonly PolledMessage[],
  ): Promise<void> {
    if (this.stopped) throw new Error('groups are stopped');
    const { db } = this.o;
    const row = db.groups.get(groupId);
    if (row?.status !== 'joined' || messages.length === 0) return;
    const identity = this.o.identity();
    const { result, changes } = db.transaction(() => {
      const ingested = ingestGroupBatch(db, identity, row, configs, messages, this.o.log);
      return {
        result: ingested,
        changes: this.o.messages.receive(groupId as SessionId, ingested.messages),
      };
    });
    const dropped = result.dropped + changes.dropped;
    if (dropped > 0) this.o.log(`group ${groupId.slice(0, 10)}: dropped ${dropped} item(s)`);
    this.o.messages.announce(changes);
    for (const n of result.notices) {
      this.notice(groupId, n.notice, n.sentAt);
      if (n.notice.kind === 'member-left' && adminKeyPair(row)) {
        const member = n.notice.member as SessionId;
        // Not awaited: it polls this group again, which waits for this cycle to end.
        void this.adminOps.dropLeftMember(groupId, member).catch((e: unknown) => {
          this.o.log(`group member who left not dropped yet: ${e instanceof Error ? e.message : String(e)}`);
        });
      }
    }
    if (result.destroyed) {
      const by = db.groups.members(groupId).find((m) => m.admin)?.sessionId ?? row.invitedBy;
      this.end(groupId, 'destroyed');
      if (by !== null && /^05[0-9a-f]{64}$/.test(by))
        this.notice(groupId, { kind: 'destroyed', by }, this.now());
      return;
    }
    if (result.removed) {
      this.end(groupId, 'removed');
      return;
    }
    if (result.infoChanged || result.membersChanged) this.emit([groupId]);
    await this.sendPendingResponse(groupId);
  }

  private deleteMessagesOf(groupId: string, members: readonly SessionId[]): string[] {
    const { db } = this.o;
    const conversationId = groupIdOrThrow(groupId) as string as SessionId;
    const now = Date.now();
    const gone = db.transaction(() =>
      members
        .flatMap((member) => db.actions.bySender(conversationId, member))
        .filter((m) => db.actions.markDeleted(m, now)),
    );
    if (gone.length === 0) return [];
    this.o.bus.emit({ type: 'messages.changed', conversationId, ids: gone.map((m) => m.id) });
    this.o.bus.emit({ type: 'conversations.changed', ids: [conversationId], source: 'local' });
    return gone.flatMap((m) => (m.hash ? [m.hash] : []));
  }

  /** A change to the group, in its timeline (and on the bus for whoever else listens). */
  private notice(groupId: string, notice: GroupNotice, sentAt: number): void {
    this.storeGroupNotice(groupId, notice, sentAt);
    this.o.bus.emit({ type: 'group.notice', groupId, notice, sentAt });
  }

  /** A group we were in is over for us: removed by an admin or deleted for everyone. */
  private end(groupId: string, why: 'removed' | 'destroyed'): void {
    const { db } = this.o;
    db.transaction(() => {
      db.kv.set(endedKey(groupId), why);
      db.groups.setStatus(groupId, 'left');
    });
    this.o.log(
      `group ${groupId.slice(0, 10)}: ${why === 'removed' ? 'we were removed' : 'deleted by an admin'}`,
    );
    // Not awaited from inside its own poll cycle (stop waits for the cycle to end).
    void this.dropPoller(groupId);
    this.emit([groupId]);
  }

  /** Members whose polls stopped being answered ask once whether they were revoked. */
  private async checkAccess(quietMs: number): Promise<void> {
    const network = this.o.network;
    if (!network || this.stopped) return;
    const identity = this.o.identity();
    for (const [groupId, p] of [...this.pollers]) {
      if (Date.now() - p.lastAnsweredAt < quietMs) continue;
      const row = this.o.db.groups.get(groupId);
      if (row?.status !== 'joined' || adminKeyPair(row)) continue;
      const auth = swarmAuthOf(row, identity);
      if (!auth) continue;
      if ((await probeAccess(network, groupId, auth)) === 'revoked') this.end(groupId, 'removed');
    }
  }

  /** After a promotion: poll as the group, and accept it in Members (`A` set, `P` cleared). */
  private async becameAdmin(groupId: string): Promise<void> {
    await this.dropPoller(groupId);
    this.syncPollers();
    this.emit([groupId]);
    try {
      await this.adminOps.acceptPromotion(groupId);
    } catch (e) {
      this.o.log(
        `group promotion not accepted in Members yet: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }

  private async freshConfigs(groupId: string): Promise<GroupConfigs> {
    const p = this.pollers.get(groupId);
    if (p) {
      await p.poller.pollOnce();
      return p.configs;
    }
    const row = this.row(groupId);
    return loadGroupConfigs(
      this.o.db,
      row,
      this.o.db.groups.keys(row.groupId).map((k) => k.key),
    );
  }

  private adminContext(): AdminContext {
    return {
      db: this.o.db,
      network: () => this.network(),
      identity: () => this.o.identity(),
      displayName: () => this.o.displayName(),
      row: (id) => this.row(id),
      freshConfigs: (id) => this.freshConfigs(id),
      sendToGroup: (row, build) => this.sendContent(row, build),
      queueControl: (recipient, kind, build) => this.o.queueControl(recipient, kind, build),
      kickOutbox: () => {
        this.o.kickOutbox();
      },
      changed: (ids) => {
        this.emit(ids);
      },
      deleteMessagesOf: (id, members) => this.deleteMessagesOf(id, members),
      notice: (id, notice, sentAt) => {
        this.notice(id, notice, sentAt);
      },
      ended: async (id) => {
        this.o.db.kv.set(endedKey(id), 'destroyed');
        forgetGroupConfigs(this.o.db, id);
        await this.dropPoller(id);
      },
      fileServer: this.o.fileServer ?? (() => Promise.resolve(undefined)),
      log: (line) => {
        this.o.log(line);
      },
    };
  }
}
