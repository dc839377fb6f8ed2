/**
 * Private groups v2 on one profile (issue #18): create, invitations, accept/decline/leave, group
 * messages, and one poller per group swarm we belong to. Each change is written first, then
 * announced on the domain bus (`groups.changed`; a group's messages are its conversation's); config sync writes the
 * account's UserGroups `g` entries from the database (groups-glue.ts).
 *
 * The parts: group-runtime.ts (what they share), group-polling.ts (the group swarms' pollers),
 * group-membership.ts (our invitations, joining, leaving), group-timeline.ts (notices),
 * group-sender.ts (a store in namespace 11) and admin/ (what an admin can do).
 */
import type { SessionId } from '../../crypto/keys';
import type { GroupId } from '../../swarm/groups/identity';
import { Namespace } from '../../swarm/namespaces';
import type { ContentMessage } from '../../swarm/messages/index';
import type { GroupMemberRow, GroupRow } from '../db/groups';
import type { MessageId } from '../db';
import type { GroupNotice } from '../../shared/group-notice';
import { isGroupId } from '../../swarm/groups/identity';
import { reconcileGroupConversation } from './group-conversation';
import { buildNewGroup } from './build-group';
import { GroupError } from './errors';
import { adminKeyPair } from './group-auth';
import { groupNameOrThrow, membersOrThrow } from './group-input';
import { storeGroupConfig } from './group-swarm';
import { prefetchSwarms } from '../network';
import { inviteContent } from './invitations';
import type { GroupAdminApi } from './admin-api';
import type { AdminContext } from './admin/admin-context';
import { forgetGroupConfigs, loadGroupConfigs, saveGroupConfigs } from './admin/config-dumps';
import { GroupAdmin } from './admin/group-admin';
import { infoView, type GroupInfoView } from './admin/config-dumps';
import { endedOf, markEnded, type GroupEnd } from './group-ended';
import { GroupMembership } from './group-membership';
import { GroupPolling, type Polled } from './group-polling';
import { GroupRuntime, type GroupServiceOptions } from './group-runtime';
import { sendGroupContent } from './group-sender';
import { GroupTimeline } from './group-timeline';
import { MemberProfiles } from './admin/member-profiles';
import { forgetPending } from './admin/pending-member-writes';
import { contactNameOf } from './member-profile';
import { presentMembers, shownMembers } from './shown-members';

export type { GroupServiceOptions } from './group-runtime';
export { GROUP_NAMESPACES } from './group-polling';

export interface GroupSummary {
  readonly groupId: string;
  readonly name: string;
  readonly status: 'invited' | 'joined' | 'left';
  readonly admin: boolean;
  readonly members: number;
  readonly invitedBy: string | null;
  readonly ended: GroupEnd | null;
}

export class GroupService {
  private readonly rt: GroupRuntime;
  private readonly timeline: GroupTimeline;
  private readonly polling: GroupPolling;
  private readonly membership: GroupMembership;
  private readonly unsubscribe: () => void;
  /** What an admin can do (issue #18 item 5): add, remove, promote, rename, destroy… */
  readonly admin: GroupAdminApi;
  private readonly adminOps: GroupAdmin;
  private readonly memberProfiles: MemberProfiles;

  constructor(private readonly o: GroupServiceOptions) {
    this.rt = new GroupRuntime(o);
    this.timeline = new GroupTimeline(this.rt);
    this.polling = new GroupPolling(this.rt, this.timeline, {
      memberLeft: (groupId, member) => this.adminOps.dropLeftMember(groupId, member),
      afterBatch: (groupId) => this.membership.sendPendingResponse(groupId),
      membersSeen: (groupId) => {
        void this.memberProfiles.seen(groupId);
      },
      pendingRemovals: (groupId, members) => {
        this.adminOps.removals.adopt(groupId, members);
      },
    });
    this.adminOps = new GroupAdmin(this.adminContext(), o.removalRetryMs);
    this.admin = this.adminOps;
    this.memberProfiles = new MemberProfiles(this.adminContext());
    this.membership = new GroupMembership(this.rt, this.polling, (groupId) =>
      this.adminOps.acceptPromotion(groupId),
    );
    this.unsubscribe = o.bus.on(['groups.changed'], (e) => {
      // Whoever changed a group (here, another device of ours, an admin's change): its
      // conversation follows (a request for an invitation, gone when declined, renamed).
      this.reconcileConversations(e.groupIds);
      // Ended on another device of ours (or read by a restored computer): the timeline says so.
      if (!this.rt.stopped) this.timeline.storeDueEndNotices(e.groupIds);
      // Another device of ours added or removed groups (config sync): poll what we belong to now.
      if (e.source === 'config-sync' && this.rt.started) this.polling.sync();
    });
  }

  start(): void {
    this.rt.started = true;
    // Names of the members of groups that ended before the database dropped them with the group
    // (an older version's profile, or one imported from it).
    this.o.db.groups.forgetEndedMemberNames();
    // A crash between a group's change and its conversation's leaves nothing apart for long.
    this.reconcileConversations(this.o.db.groups.all().map((g) => g.groupId));
    this.timeline.storeDueEndNotices(this.o.db.groups.all().map((g) => g.groupId));
    this.polling.start();
    // Removals cut short by a crash or a failed network are finished now.
    this.adminOps.removals.start();
    // So are Members writes (joined members, names) a crash or a failed push left pending.
    for (const row of this.o.db.groups.all())
      if (row.status === 'joined' && adminKeyPair(row)) void this.memberProfiles.seen(row.groupId);
  }

  async stop(): Promise<void> {
    await this.memberProfiles.idle();
    this.rt.stopped = true;
    this.unsubscribe();
    await this.adminOps.removals.stop();
    await this.polling.stop();
  }

  private reconcileConversations(groupIds: readonly string[]): void {
    if (this.rt.stopped) return;
    const now = this.rt.now();
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

  /** A notice in the group's timeline (group-timeline.ts); undefined when not stored. */
  storeGroupNotice(groupId: string, notice: GroupNotice, sentAt: number): MessageId | undefined {
    return this.timeline.storeNotice(groupId, notice, sentAt);
  }

  /**
   * One store of a Content in the group's swarm (namespace 11, encrypted with its newest key),
   * under `sentAt`: the messaging outbox sends group messages, reactions and deletions with it.
   */
  async storeMessage(groupId: string, content: ContentMessage, sentAt: number): Promise<{ hash: string }> {
    const row = this.rt.row(groupId);
    if (row.status !== 'joined') throw new GroupError('not-allowed', 'you are not a member of this group');
    return sendGroupContent(this.rt, row, content, sentAt);
  }

  /** Every group, invitations included (`groups --json`). */
  list(): GroupSummary[] {
    // A declined invitation stays as "left, never joined" (so the UserGroups entry is erased and
    // not brought back by the next merge) but is no group of ours.
    const self = this.o.identity().sessionId;
    const shown = this.o.db.groups.all().filter((g) => g.status !== 'left' || g.joinedAt !== null);
    return shown.map((g) => ({
      groupId: g.groupId,
      name: g.name,
      status: g.status,
      admin: adminKeyPair(g) !== undefined,
      members: presentMembers(this.o.db, g, self).length,
      invitedBy: g.invitedBy,
      ended: this.endedOf(g.groupId),
    }));
  }

  /** The group's Info as this device last merged it (name, description, timer, picture). */
  info(groupId: string): GroupInfoView {
    const row = this.rt.row(groupId);
    const keys = this.o.db.groups.keys(row.groupId).map((k) => k.key);
    const configs = this.polling.pollerOf(row.groupId)?.configs ?? loadGroupConfigs(this.o.db, row, keys);
    return infoView(row, configs);
  }

  /** Why a group ended for us: removed by an admin, or deleted for everyone. */
  endedOf(groupId: string): GroupEnd | null {
    return endedOf(this.o.db, groupId);
  }

  members(groupId: string): GroupMemberRow[] {
    return shownMembers(this.o.db, this.rt.row(groupId), this.o.identity().sessionId);
  }

  /**
   * Creates a group: Keys, Info and Members stored in its swarm, then the group, its members and
   * the invitations written here in one transaction (the invitations leave through the outbox).
   */
  async create(nameText: string, memberTexts: readonly string[]): Promise<GroupId> {
    const name = groupNameOrThrow(nameText);
    const identity = this.o.identity();
    const members = membersOrThrow(memberTexts, identity.sessionId);
    const network = this.rt.network();
    const now = this.rt.now();
    const memberNames = new Map(members.map((m) => [m, contactNameOf(this.o.db, m)]));
    const built = buildNewGroup({
      name,
      admin: identity.sessionId,
      adminName: this.o.displayName() ?? '',
      members,
      memberNames,
      nowMs: now,
    });
    const groupId = built.keyPair.groupId;
    // The invitees' swarms, looked up in a few shared requests while the configs are stored
    // (never rejects): otherwise each invitation's first store asks for its swarm on its own.
    const swarmsKnown = prefetchSwarms(network, members);
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
        ...members.map((m): GroupMemberRow => ({
          sessionId: m,
          name: memberNames.get(m) ?? '',
          admin: false,
          status: 'sent',
        })),
      ]);
      for (const m of members)
        this.o.queueControl(m, 'group-invite', (sentAt) => inviteContent(built.keyPair, name, m, sentAt));
    });
    // The invitations are in the outbox (crash-safe); they leave together, up to its limit in
    // flight, once their swarms are known.
    void swarmsKnown.finally(() => {
      this.o.kickOutbox();
    });
    this.rt.emit([groupId]);
    this.polling.sync();
    return groupId;
  }

  /** A 1-to-1 `groupUpdateMessage`, inside messaging's receiving transaction (group-membership.ts). */
  receiveUpdate(sender: SessionId, sentAt: number, update: Uint8Array, now: number): void {
    this.membership.receiveUpdate(sender, sentAt, update, now);
  }

  /** Accepts an invitation: the group's swarm is polled and our acceptance sent to it. */
  accept(groupId: string): Promise<void> {
    return this.membership.accept(groupId);
  }

  /** Declines an invitation (hidden, erased from UserGroups; a later invitation brings it back). */
  decline(groupId: string): void {
    this.membership.decline(groupId);
  }

  /** Leaves a group: the others are told (`GroupUpdateMemberLeftMessage`), polling stops. */
  leave(groupId: string): Promise<void> {
    return this.membership.leave(groupId);
  }

  pollerOf(groupId: string): Polled | undefined {
    return this.polling.pollerOf(groupId);
  }

  /** One poll of every joined group (the CLI's `receive` and tests). */
  pollAll(): Promise<void> {
    return this.polling.pollAll();
  }

  private adminContext(): AdminContext {
    const { rt } = this;
    return {
      db: this.o.db,
      network: () => rt.network(),
      identity: () => this.o.identity(),
      displayName: () => this.o.displayName(),
      row: (id: string): GroupRow => rt.row(id),
      freshConfigs: (id) => this.polling.freshConfigs(id),
      heldConfigs: (id) => this.polling.heldConfigs(id),
      sendToGroup: (row, build, at) => sendGroupContent(rt, row, build, at),
      nextSentAt: () => rt.nextSentAt(),
      online: () => {
        const state = this.o.network?.status().state;
        return state === 'connected' || state === 'degraded';
      },
      onOnline: (listener) => {
        let was = false;
        return (
          this.o.network?.onStatus((st) => {
            const now = st.state === 'connected' || st.state === 'degraded';
            if (now && !was) listener();
            was = now;
          }) ??
          (() => {
            /* no network: nothing to hear */
          })
        );
      },
      queueControl: (recipient, kind, build) => this.o.queueControl(recipient, kind, build),
      kickOutbox: () => {
        this.o.kickOutbox();
      },
      changed: (ids) => {
        rt.emit(ids);
      },
      deleteMessagesOf: (id, members) => this.timeline.deleteMessagesOf(id, members),
      notice: (id, notice, sentAt) => {
        this.timeline.notice(id, notice, sentAt);
      },
      ended: async (id) => {
        markEnded(this.o.db, id, 'destroyed');
        forgetGroupConfigs(this.o.db, id);
        forgetPending(this.o.db, id);
        await this.polling.drop(id);
      },
      fileServer: this.o.fileServer ?? (() => Promise.resolve(undefined)),
      log: (line) => {
        this.o.log(line);
      },
    };
  }
}
