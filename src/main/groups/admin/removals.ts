/**
 * Removing members, by an admin's choice or because they left: written down first, then done by
 * the crash-safe removal job (removal-job.ts). A removed member is told before the key changes
 * (the REMOVED message is readable with the key they hold), then left the kicked message of
 * namespace −11 and revoked: they can neither read the new key nor poll the swarm again.
 */
import type { SessionId } from '../../../crypto/keys';
import { GroupError } from '../errors';
import { membersOrThrow } from '../group-input';
import { AdminSteps } from './admin-steps';
import type { RemovalJob } from './removal-job';

export async function removeMembers(
  s: AdminSteps,
  job: RemovalJob,
  groupId: string,
  texts: readonly string[],
  opts: { deleteMessages: boolean },
): Promise<void> {
  const { c } = s;
  const a = s.adminOf(groupId);
  const me = s.me();
  if (texts.some((t) => t.trim().toLowerCase() === me))
    throw new GroupError('not-allowed', 'you cannot remove yourself: leave the group instead');
  const asked = membersOrThrow(texts, me);
  const configs = await s.configsOf(a);
  const byId = new Map(AdminSteps.current(configs).map((m) => [m.sessionId, m]));
  for (const m of asked) {
    const member = byId.get(m);
    if (!member) throw new GroupError('bad-member', `not a member of this group: ${m}`);
    if (member.admin) throw new GroupError('not-allowed', `an admin cannot be removed: ${m}`);
  }
  job.ask(a.row.groupId, asked, { deleteMessages: opts.deleteMessages, announceAt: c.nextSentAt() });
  await job.run(a.row.groupId);
}

/**
 * A member told the group they left (`GroupUpdateMemberLeftMessage`): as desktop's admin does,
 * they are removed like anyone else, without a control message (their own "left" is the notice).
 */
export async function dropLeftMember(
  s: AdminSteps,
  job: RemovalJob,
  groupId: string,
  member: SessionId,
): Promise<void> {
  const a = s.adminOf(groupId);
  if (member === s.me()) return;
  const configs = await s.configsOf(a);
  if (!AdminSteps.current(configs).some((m) => m.sessionId === member)) return;
  job.ask(a.row.groupId, [member], { deleteMessages: false, announceAt: null });
  await job.run(a.row.groupId);
}
