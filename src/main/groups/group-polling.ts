/**
 * One poller per group swarm we belong to (Session polls an active group every 5 s): what each
 * poll brings is ingested (group-ingest.ts) in one transaction with the messages it carries, its
 * notices go to the timeline, and a group that ended for us (removed, destroyed) stops being
 * polled. A member whose polls stop being answered asks once whether its token was revoked.
 */
import type { SessionId } from '../../crypto/keys';
import { RemovedStatus } from '../../swarm/groups/configs';
import type { GroupId } from '../../swarm/groups/identity';
import { readKickedMessage } from '../../swarm/groups/kicked-message';
import { Namespace } from '../../swarm/namespaces';
import { Poller, type PolledMessage } from '../network';
import { loadGroupConfigs } from './admin/config-dumps';
import { addPending } from './admin/pending-member-writes';
import { probeAccess } from './admin/swarm-ops';
import { markEnded, type GroupEnd } from './group-ended';
import { adminKeyPair, swarmAuthOf } from './group-auth';
import { groupConfigsFor, ingestGroupBatch, type GroupConfigs } from './group-ingest';
import type { GroupRuntime } from './group-runtime';
import type { GroupTimeline } from './group-timeline';

/** Session polls an active group every 5 s; the CLI asks for faster polls. */
export const GROUP_POLL_MS = 5_000;
/** Namespaces of a group swarm, Keys first (sync-groups-communities.md §3.3 "Flow"). */
export const GROUP_NAMESPACES: readonly number[] = [
  Namespace.GroupKeys,
  Namespace.GroupInfo,
  Namespace.GroupMembers,
  Namespace.GroupMessages,
];

export interface Polled {
  readonly poller: Poller;
  readonly configs: GroupConfigs;
  /** When the swarm last answered our poll (a member checks its access when it stops). */
  lastAnsweredAt: number;
}

export interface GroupPollingHooks {
  /** An admin heard a member leave: they are dropped from the group (admin/group-admin.ts). */
  memberLeft(groupId: string, member: SessionId): Promise<void>;
  /** After a batch was handled (a pending invite response may now be sent). */
  afterBatch(groupId: string): Promise<void>;
  /**
   * Members who joined and members' names and pictures, seen in this batch and kept as pending
   * (admin/pending-member-writes.ts): an admin writes them to Members.
   */
  membersSeen(groupId: string): void;
  /** An admin's Members config marks members pending removal: the removal job finishes them. */
  pendingRemovals(groupId: string, members: readonly { sessionId: string; withMessages: boolean }[]): void;
}

export class GroupPolling {
  private readonly pollers = new Map<string, Polled>();
  private accessTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly rt: GroupRuntime,
    private readonly timeline: GroupTimeline,
    private readonly hooks: GroupPollingHooks,
  ) {}

  start(): void {
    this.sync();
    // A removed member's sub-account is revoked: its polls are refused, never answered.
    const every = Math.max(3 * (this.rt.o.pollIntervalMs ?? GROUP_POLL_MS), 3_000);
    this.accessTimer = setInterval(() => void this.checkAccess(every), every);
    this.accessTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.accessTimer);
    const all = [...this.pollers.values()];
    this.pollers.clear();
    await Promise.all(all.map((p) => p.poller.stop()));
  }

  pollerOf(groupId: string): Polled | undefined {
    return this.pollers.get(groupId);
  }

  /** One poll of every joined group (the CLI's `receive` and tests). */
  async pollAll(): Promise<void> {
    await Promise.all([...this.pollers.values()].map((p) => p.poller.pollOnce()));
  }

  /** A poller for each joined group we can sign for; none for the others. */
  sync(): void {
    const { rt } = this;
    const network = rt.o.network;
    if (!network || rt.stopped) return;
    const identity = rt.o.identity();
    const joined = new Set<string>();
    for (const row of rt.db.groups.all()) {
      if (row.status !== 'joined') continue;
      const auth = swarmAuthOf(row, identity);
      if (!auth) continue;
      joined.add(row.groupId);
      if (this.pollers.has(row.groupId)) continue;
      const configs = groupConfigsFor(
        rt.db,
        row,
        rt.db.groups.keys(row.groupId).map((k) => k.key),
      );
      const poller = new Poller({
        client: network,
        owner: { pubkey: row.groupId, auth },
        intervalMs: rt.o.pollIntervalMs ?? GROUP_POLL_MS,
        lastHashes: rt.o.lastHashes,
        ...(rt.o.beforeHandling ? { beforeHandling: rt.o.beforeHandling } : {}),
        log: rt.o.log,
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
      // A route of its own: once our token is revoked, only −11 still answers us.
      poller.register({
        name: `group ${row.groupId.slice(0, 10)} kicked`,
        namespaces: [Namespace.GroupRevokedRetrievableMessages],
        handle: (batch) => {
          this.handleKicked(row.groupId, batch.messages);
        },
      });
      this.pollers.set(row.groupId, { poller, configs, lastAnsweredAt: Date.now() });
      if (rt.started) poller.start();
    }
    for (const id of [...this.pollers.keys()]) if (!joined.has(id)) void this.drop(id);
  }

  async drop(groupId: string): Promise<void> {
    const p = this.pollers.get(groupId);
    this.pollers.delete(groupId);
    await p?.poller.stop();
  }

  /** The group's configs after one poll of its swarm (or as saved, when it is not polled). */
  async freshConfigs(groupId: string): Promise<GroupConfigs> {
    const p = this.pollers.get(groupId);
    if (p) {
      await p.poller.pollOnce();
      return p.configs;
    }
    return this.heldConfigs(groupId);
  }

  /** The group's configs as its poller holds them now (no poll), or as saved. */
  heldConfigs(groupId: string): GroupConfigs {
    const p = this.pollers.get(groupId);
    if (p) return p.configs;
    const row = this.rt.row(groupId);
    return loadGroupConfigs(
      this.rt.db,
      row,
      this.rt.db.groups.keys(row.groupId).map((k) => k.key),
    );
  }

  private async handle(
    groupId: string,
    configs: GroupConfigs,
    messages: readonly PolledMessage[],
  ): Promise<void> {
    const { rt } = this;
    if (rt.stopped) throw new Error('groups are stopped');
    const { db } = rt;
    const row = db.groups.get(groupId);
    if (row?.status !== 'joined' || messages.length === 0) return;
    const identity = rt.o.identity();
    const admin = adminKeyPair(row) !== undefined;
    const { result, changes, pending } = db.transaction(() => {
      const ingested = ingestGroupBatch(db, identity, row, configs, messages, rt.o.log);
      return {
        result: ingested,
        changes: rt.o.messages.receive(groupId as SessionId, ingested.messages),
        // With the messages that showed it: they are past our last hash once this commits.
        pending: admin && addPending(db, groupId, ingested.accepted, ingested.profiles),
      };
    });
    const dropped = result.dropped + changes.dropped;
    if (dropped > 0) rt.o.log(`group ${groupId.slice(0, 10)}: dropped ${dropped} item(s)`);
    rt.o.messages.announce(changes);
    if (result.renamedContacts.length > 0)
      rt.o.bus.emit({ type: 'conversations.changed', ids: result.renamedContacts, source: 'incoming' });
    for (const n of result.notices) {
      this.timeline.notice(groupId, n.notice, n.sentAt);
      if (n.notice.kind === 'member-left' && adminKeyPair(row)) {
        const member = n.notice.member as SessionId;
        // Not awaited: it polls this group again, which waits for this cycle to end.
        void this.hooks.memberLeft(groupId, member).catch((e: unknown) => {
          rt.o.log(`group member who left not dropped yet: ${rt.errorText(e)}`);
        });
      }
    }
    // Not awaited either: writing into Members polls this group again.
    if (pending) this.hooks.membersSeen(groupId);
    if (result.destroyed) {
      this.end(groupId, 'destroyed');
      return;
    }
    if (result.removed) {
      this.end(groupId, 'removed');
      return;
    }
    if (result.infoChanged || result.membersChanged) rt.emit([groupId]);
    if (result.membersChanged && adminKeyPair(row)) {
      const me = identity.sessionId;
      const pending = configs.members
        .all()
        .filter((m) => m.removedStatus !== RemovedStatus.None && !m.admin && m.sessionId !== me)
        .map((m) => ({
          sessionId: m.sessionId,
          withMessages: m.removedStatus === RemovedStatus.RemovedWithMessages,
        }));
      if (pending.length > 0) this.hooks.pendingRemovals(groupId, pending);
    }
    await this.hooks.afterBatch(groupId);
  }

  /**
   * Namespace −11: an admin's kicked message for us, at a generation at least the newest we hold
   * and stored after we joined, means we were removed (desktop `handleLibSessionKickedMessage`).
   * Anything else there — for someone else, older, forged, garbage — is ignored.
   */
  private handleKicked(groupId: string, messages: readonly PolledMessage[]): void {
    const { rt } = this;
    if (rt.stopped) throw new Error('groups are stopped');
    if (messages.length === 0) return;
    const row = rt.db.groups.get(groupId);
    if (row?.status !== 'joined' || adminKeyPair(row)) return;
    const identity = rt.o.identity();
    const ours = rt.db.groups.keys(groupId)[0]?.generation ?? -1;
    for (const m of messages) {
      if (row.joinedAt !== null && m.timestamp < row.joinedAt) continue; // from before we (re)joined
      const read = readKickedMessage(m.data, groupId as GroupId, identity, ours);
      if (read.kind === 'kicked') {
        this.end(groupId, 'removed', m.timestamp);
        return;
      }
    }
  }

  /**
   * A group we were in is over for us: removed by an admin or deleted for everyone. Once: a
   * group config sync already ended (another device of ours saw it first) has its notice.
   */
  end(groupId: string, why: GroupEnd, at = this.rt.now()): void {
    const { db } = this.rt;
    const notice = this.timeline.endNotice(groupId, why);
    const ended = db.transaction(() => {
      if (db.groups.get(groupId)?.status !== 'joined') return false;
      markEnded(db, groupId, why);
      return db.groups.setStatus(groupId, 'left');
    });
    if (!ended) {
      void this.drop(groupId);
      return;
    }
    // "You were removed from the group" (or who deleted it), whichever way we learnt it (−11,
    // Members, revoked token, Info destroyed).
    this.timeline.notice(groupId, notice, at);
    this.rt.o.log(
      `group ${groupId.slice(0, 10)}: ${why === 'removed' ? 'we were removed' : 'deleted by an admin'}`,
    );
    // Not awaited from inside its own poll cycle (stop waits for the cycle to end).
    void this.drop(groupId);
    this.rt.emit([groupId]);
  }

  /** Members whose polls stopped being answered ask once whether they were revoked. */
  private async checkAccess(quietMs: number): Promise<void> {
    const { rt } = this;
    const network = rt.o.network;
    if (!network || rt.stopped) return;
    const identity = rt.o.identity();
    for (const [groupId, p] of [...this.pollers]) {
      if (Date.now() - p.lastAnsweredAt < quietMs) continue;
      const row = rt.db.groups.get(groupId);
      if (row?.status !== 'joined' || adminKeyPair(row)) continue;
      const auth = swarmAuthOf(row, identity);
      if (!auth) continue;
      if ((await probeAccess(network, groupId, auth)) === 'revoked') this.end(groupId, 'removed');
    }
  }
}
