/**
 * Removing members, by an admin's choice or because they left. A removed member is told before
 * the key changes (the REMOVED message is readable with the key they hold), then their
 * sub-account token is revoked: they can neither read the new key nor poll the swarm again.
 */
import type { SessionId } from '../../../crypto/keys';
import { subaccountToken } from '../../../swarm/groups/subaccount';
import { GroupError } from '../errors';
import { membersOrThrow } from '../group-input';
import { AdminSteps, groupUpdate, type Admin } from './admin-steps';
import { deleteContentUpdate } from './control-notices';
import { changeRevocations, deleteFromGroupSwarm } from './swarm-ops';

export async function removeMembers(
  s: AdminSteps,
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
  const current = AdminSteps.current(configs);
  const byId = new Map(current.map((m) => [m.sessionId, m]));
  for (const m of asked) {
    const member = byId.get(m);
    if (!member) throw new GroupError('bad-member', `not a member of this group: ${m}`);
    if (member.admin) throw new GroupError('not-allowed', `an admin cannot be removed: ${m}`);
  }
  const removed = new Set<string>(asked);
  // Told first, with the key they still hold.
  await s.announce(a, s.memberChange(a, 'REMOVED', asked), {
    kind: 'members-removed',
    by: me,
    members: asked,
  });
  if (opts.deleteMessages) await deleteContentOf(s, a, asked);
  for (const m of asked) configs.members.erase(m);
  const remaining = current.filter((m) => !removed.has(m.sessionId)).map((m) => m.sessionId);
  await s.push(a, configs, s.rekey(a, configs, remaining));
  await changeRevocations(
    c.network(),
    a.group,
    'revoke_subaccount',
    asked.map((m) => subaccountToken(a.group, m)),
  );
  s.writeMembers(a, configs);
  c.changed([a.row.groupId]);
}

/**
 * A member told the group they left (`GroupUpdateMemberLeftMessage`): as desktop's admin does,
 * they are erased from Members, the key rotates without them and their token is revoked. No
 * control message: their own "left" is the notice.
 */
export async function dropLeftMember(s: AdminSteps, groupId: string, member: SessionId): Promise<void> {
  const a = s.adminOf(groupId);
  if (member === s.me()) return;
  const configs = await s.configsOf(a);
  const current = AdminSteps.current(configs);
  if (!current.some((m) => m.sessionId === member)) return;
  configs.members.erase(member);
  const remaining = current.filter((m) => m.sessionId !== member).map((m) => m.sessionId);
  await s.push(a, configs, s.rekey(a, configs, remaining));
  await changeRevocations(s.c.network(), a.group, 'revoke_subaccount', [subaccountToken(a.group, member)]);
  s.writeMembers(a, configs);
  s.c.changed([a.row.groupId]);
}

/** `GroupUpdateDeleteMemberContentMessage`, and their messages gone here and from the swarm. */
async function deleteContentOf(s: AdminSteps, a: Admin, members: readonly SessionId[]): Promise<void> {
  const { c } = s;
  const gone = c.deleteMessagesOf(a.row.groupId, members);
  try {
    await c.sendToGroup(a.row, (sentAt) => groupUpdate(deleteContentUpdate(a.group, members, [], sentAt)));
    await deleteFromGroupSwarm(c.network(), a.group, gone);
  } catch (e) {
    c.log(`group content deletion not complete: ${e instanceof Error ? e.message : String(e)}`);
  }
}
