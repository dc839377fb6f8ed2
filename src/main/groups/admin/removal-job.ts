/**
 * Removing members from a private group, crash-safe (desktop `GroupPendingRemovalsJob.ts`,
 * `metaGroups.ts` `handleMemberRemovedFromUI` @ 1380d1eb). The removal is written to the
 * database first (migration 0013, one row per member), then done in steps that each leave a
 * mark, so that a failure — the network gone, the app killed — is finished by a later attempt
 * (after a back-off while online, and at the next start) without doing any step twice:
 * 1. Members marks them "pending removal" (`R` = 1, or 2 with their messages), as Session does,
 *    so that every admin — a desktop one included — sees the removal and may finish it;
 * 2. the REMOVED control message, with the key they still hold, at the sent time chosen when the
 *    removal was asked (a copy sent twice is one notice for everyone);
 * 3. the kicked message in namespace −11 (kicked-message.ts) and the revocation of their tokens,
 *    in one `sequence`; then their messages deleted, when asked;
 * 4. they are erased from Members and the key rotates without them (Keys, Info, Members pushed);
 *    only then do the rows go. A repeated rekey makes the same deterministic Keys message.
 */
import type { SessionId } from '../../../crypto/keys';
import { RemovedStatus } from '../../../swarm/groups/configs';
import { buildKickedMessage } from '../../../swarm/groups/kicked-message';
import { subaccountToken } from '../../../swarm/groups/subaccount';
import type { GroupRemovalRow } from '../../db/group-removals';
import { backoffDelay } from '../../network/backoff';
import { GroupError } from '../errors';
import { adminKeyPair } from '../group-auth';
import { AdminSteps, groupUpdate, type Admin } from './admin-steps';
import { deleteContentUpdate, memberChangeUpdate } from './control-notices';
import { deleteFromGroupSwarm, kickFromSwarm } from './swarm-ops';

/** Desktop waits 10 s between attempts (`defaultMsBetweenRetries`); ours doubles up to 10 min. */
export const REMOVAL_RETRY_MS = 10_000;
const REMOVAL_RETRY_MAX_MS = 10 * 60_000;

export interface RemovalRequest {
  readonly deleteMessages: boolean;
  /** The REMOVED message's sent time; null when nothing is announced (a member who left). */
  readonly announceAt: number | null;
}

export class RemovalJob {
  private readonly running = new Map<string, Promise<void>>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private offOnline: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly s: AdminSteps,
    private readonly retryMs: number = REMOVAL_RETRY_MS,
  ) {}

  /** Writes the removal down (call inside the caller's transaction, or alone); `run` does it. */
  ask(groupId: string, members: readonly string[], r: RemovalRequest): void {
    const now = Date.now();
    this.s.c.db.groupRemovals.add(
      members.map((member) => ({
        groupId,
        member,
        deleteMessages: r.deleteMessages,
        announceAt: r.announceAt,
      })),
      now,
    );
  }

  /** Another admin marked members pending removal in Members: we finish it too, as desktop does. */
  adopt(groupId: string, members: readonly { sessionId: string; withMessages: boolean }[]): void {
    const known = new Set(this.s.c.db.groupRemovals.ofGroup(groupId).map((r) => r.member));
    const fresh = members.filter((m) => !known.has(m.sessionId));
    if (fresh.length === 0) return;
    for (const m of fresh)
      this.ask(groupId, [m.sessionId], { deleteMessages: m.withMessages, announceAt: null });
    void this.run(groupId).catch(() => undefined);
  }

  /** Retries what is due now and whenever the network comes back; the rest after its back-off. */
  start(): void {
    this.offOnline = this.s.c.onOnline(() => {
      this.runDue();
    });
    this.runDue();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.offOnline?.();
    await Promise.allSettled([...this.running.values()]);
  }

  /**
   * Does the group's pending removals now (after any attempt already running for it). Rejects
   * with a `GroupError` ('pending') when it could not finish: the removal stays written and is
   * tried again later.
   */
  run(groupId: string): Promise<void> {
    const before = this.running.get(groupId) ?? Promise.resolve();
    const next = before
      .catch(() => undefined)
      .then(() => this.attempt(groupId))
      .finally(() => {
        if (this.running.get(groupId) === next) this.running.delete(groupId);
      });
    this.running.set(groupId, next);
    return next;
  }

  private runDue(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    const rows = this.s.c.db.groupRemovals.all();
    if (rows.length === 0) return;
    const now = Date.now();
    const groups = new Map<string, number>();
    for (const r of rows) groups.set(r.groupId, Math.max(groups.get(r.groupId) ?? 0, r.nextAttemptAt));
    let soonest = Infinity;
    for (const [groupId, at] of groups) {
      if (at <= now && this.s.c.online()) {
        if (!this.running.has(groupId)) void this.run(groupId).catch(() => undefined);
      } else soonest = Math.min(soonest, Math.max(at, now + 1000));
    }
    if (soonest !== Infinity) {
      this.timer = setTimeout(() => {
        this.runDue();
      }, soonest - now);
      this.timer.unref();
    }
  }

  private async attempt(groupId: string): Promise<void> {
    const { c } = this.s;
    const rows = c.db.groupRemovals.ofGroup(groupId);
    if (rows.length === 0 || this.stopped) return;
    const row = c.db.groups.get(groupId);
    const group = row ? adminKeyPair(row) : undefined;
    if (!row || !group || row.status !== 'joined') {
      // Not ours to finish any more (the group is gone, or we left it).
      c.db.groupRemovals.drop(groupId);
      return;
    }
    try {
      await this.steps({ row, group }, rows);
    } catch (e) {
      const attempts = Math.max(...rows.map((r) => r.attempts)) + 1;
      const wait = backoffDelay(attempts - 1, this.retryMs, REMOVAL_RETRY_MAX_MS);
      const text = e instanceof Error ? e.message : String(e);
      c.db.groupRemovals.failed(groupId, text, Date.now() + wait);
      c.log(
        `group ${groupId.slice(0, 10)}: removal not finished (${text}); again in ${Math.round(wait / 1000)} s`,
      );
      this.runDue();
      throw new GroupError(
        'pending',
        'the removal is saved and will be finished when the group’s swarm can be reached',
      );
    }
  }

  private async steps(a: Admin, rows: readonly GroupRemovalRow[]): Promise<void> {
    const { s } = this;
    const { c } = s;
    const groupId = a.row.groupId;
    const members = rows.map((r) => r.member as SessionId);
    const configs = await s.configsOf(a);

    // 1. Pending removal in Members.
    let marked = false;
    for (const r of rows) {
      const entry = configs.members.get(r.member);
      const status = r.deleteMessages ? RemovedStatus.RemovedWithMessages : RemovedStatus.Removed;
      if (!entry || entry.admin || entry.removedStatus === status) continue;
      configs.members.set({ ...entry, removedStatus: status });
      marked = true;
    }
    if (marked) {
      await s.push(a, configs);
      s.writeMembers(a, configs);
      c.changed([groupId]);
    }

    // 2. The REMOVED control message, one per time it was asked.
    const byTime = new Map<number, SessionId[]>();
    for (const r of rows)
      if (r.announceAt !== null && !r.announced)
        byTime.set(r.announceAt, [...(byTime.get(r.announceAt) ?? []), r.member as SessionId]);
    for (const [at, told] of byTime) {
      await c.sendToGroup(
        a.row,
        (sentAt) => groupUpdate(memberChangeUpdate(a.group, 'REMOVED', told, sentAt)),
        at,
      );
      c.db.transaction(() => {
        c.db.groupRemovals.mark(groupId, told, 'announced');
      });
      c.notice(groupId, { kind: 'members-removed', by: s.me(), members: told }, at);
    }

    // 3. The kicked message and the revocations; their messages deleted when asked.
    const toKick = rows.filter((r) => !r.kicked).map((r) => r.member as SessionId);
    if (toKick.length > 0) {
      const generation = c.db.groups.keys(groupId)[0]?.generation ?? 0;
      await kickFromSwarm(
        c.network(),
        a.group,
        buildKickedMessage(a.group, toKick, generation),
        toKick.map((m) => subaccountToken(a.group, m)),
      );
      const erase = rows.filter((r) => !r.kicked && r.deleteMessages).map((r) => r.member as SessionId);
      if (erase.length > 0) await this.deleteContentOf(a, erase);
      c.db.groupRemovals.mark(groupId, toKick, 'kicked');
    }

    // 4. Erased from Members, a new key generation without them; then the rows go.
    for (const m of members) configs.members.erase(m);
    const remaining = AdminSteps.current(configs).map((m) => m.sessionId);
    await s.push(a, configs, s.rekey(a, configs, remaining));
    c.db.transaction(() => {
      s.writeMembers(a, configs);
      c.db.groupRemovals.finish(groupId, members);
    });
    c.changed([groupId]);
  }

  /** `GroupUpdateDeleteMemberContentMessage`, and their messages gone here and from the swarm. */
  private async deleteContentOf(a: Admin, members: readonly SessionId[]): Promise<void> {
    const { c } = this.s;
    const gone = c.deleteMessagesOf(a.row.groupId, members);
    await c.sendToGroup(a.row, (sentAt) => groupUpdate(deleteContentUpdate(a.group, members, [], sentAt)));
    await deleteFromGroupSwarm(c.network(), a.group, gone);
  }
}
