/**
 * An admin's changes to who is in the group, other than removals (removals.ts): adding members
 * (a new key generation, or the keys we hold when they get the history), promoting to admin,
 * sending an invitation again, and accepting our own promotion in Members.
 */
import type { SessionId } from '../../../crypto/keys';
import { encodeGroupUpdate } from '../../../swarm/groups/control-messages';
import { InviteStatus, newMember, RemovedStatus } from '../../../swarm/groups/configs';
import { buildSupplementMessage } from '../../../swarm/groups/keys-message';
import { subaccountToken } from '../../../swarm/groups/subaccount';
import { MAX_GROUP_MEMBERS } from '../build-group';
import { GroupError } from '../errors';
import { membersOrThrow } from '../group-input';
import { inviteContent } from '../invitations';
import { contactNameOf } from '../member-profile';
import { AdminSteps, groupUpdate } from './admin-steps';
import { changeRevocations } from './swarm-ops';

/** Members config `P`: promotion sent, not yet accepted by the promoted member. */
const PROMOTION_SENT = 1;

export async function addMembers(
  s: AdminSteps,
  groupId: string,
  texts: readonly string[],
  opts: { shareHistory: boolean },
): Promise<void> {
  const { c } = s;
  const a = s.adminOf(groupId);
  const asked = membersOrThrow(texts, s.me());
  const configs = await s.configsOf(a);
  const present = new Set(AdminSteps.current(configs).map((m) => m.sessionId));
  const added = asked.filter((m) => !present.has(m));
  if (added.length === 0) throw new GroupError('bad-member', 'everyone named is already in the group');
  if (present.size + added.length > MAX_GROUP_MEMBERS)
    throw new GroupError(
      'too-many-members',
      `a group holds at most ${MAX_GROUP_MEMBERS} members, you included`,
    );
  for (const m of added)
    configs.members.set({
      ...newMember(m, contactNameOf(c.db, m)),
      inviteStatus: InviteStatus.Sent,
      supplement: opts.shareHistory,
    });
  const network = c.network();
  // A member removed before and added again must be let back into the swarm.
  await changeRevocations(
    network,
    a.group,
    'unrevoke_subaccount',
    added.map((m) => subaccountToken(a.group, m)),
  );
  if (opts.shareHistory) {
    const held = [...c.db.groups.keys(a.row.groupId)].reverse();
    const message = buildSupplementMessage(
      a.group,
      added,
      held.map((k) => ({ generation: k.generation, key: k.key, timestampMs: k.timestamp })),
    );
    await s.push(a, configs, { message });
  } else {
    const everyone = [...present, ...added];
    await s.push(a, configs, s.rekey(a, configs, everyone));
  }
  c.db.transaction(() => {
    s.writeMembers(a, configs);
    for (const m of added)
      c.queueControl(m, 'group-invite', (sentAt) => inviteContent(a.group, a.row.name, m, sentAt));
  });
  c.kickOutbox();
  await s.announce(a, s.memberChange(a, 'ADDED', added, opts.shareHistory), {
    kind: 'members-added',
    by: s.me(),
    members: added,
    withHistory: opts.shareHistory,
  });
}

/** We were promoted (promotion.ts): our own Members entry says so (`A` = 1, `P` cleared). */
export async function acceptPromotion(s: AdminSteps, groupId: string): Promise<void> {
  const a = s.adminOf(groupId);
  const configs = await s.configsOf(a);
  const me = s.me();
  const entry = configs.members.get(me);
  if (!entry || (entry.admin && entry.promotionStatus === 0)) return;
  configs.members.set({ ...entry, admin: true, promotionStatus: 0, inviteStatus: 0 });
  await s.push(a, configs);
  s.writeMembers(a, configs);
  s.c.changed([a.row.groupId]);
}

export async function promote(s: AdminSteps, groupId: string, texts: readonly string[]): Promise<void> {
  const { c } = s;
  const a = s.adminOf(groupId);
  const asked = membersOrThrow(texts, s.me());
  const configs = await s.configsOf(a);
  const byId = new Map(AdminSteps.current(configs).map((m) => [m.sessionId, m]));
  const promoted: SessionId[] = [];
  for (const m of asked) {
    const member = byId.get(m);
    if (!member) throw new GroupError('bad-member', `not a member of this group: ${m}`);
    if (member.admin && member.promotionStatus === 0) continue;
    configs.members.set({ ...member, admin: true, promotionStatus: PROMOTION_SENT, inviteStatus: 0 });
    promoted.push(m);
  }
  if (promoted.length === 0) throw new GroupError('bad-member', 'everyone named is already an admin');
  await s.push(a, configs);
  c.db.transaction(() => {
    s.writeMembers(a, configs);
    for (const m of promoted)
      c.queueControl(m, 'group-promote', () =>
        groupUpdate(
          encodeGroupUpdate({ promoteMessage: { groupIdentitySeed: a.group.seed, name: a.row.name } }),
        ),
      );
  });
  c.kickOutbox();
  await s.announce(a, s.memberChange(a, 'PROMOTED', promoted), {
    kind: 'promoted',
    by: s.me(),
    members: promoted,
  });
}

export async function resendInvite(s: AdminSteps, groupId: string, member: string): Promise<void> {
  const { c } = s;
  const a = s.adminOf(groupId);
  const [m] = membersOrThrow([member], s.me());
  if (m === undefined) throw new GroupError('bad-member', 'you are already in the group');
  const configs = await s.configsOf(a);
  const entry = configs.members.get(m);
  if (entry?.removedStatus !== RemovedStatus.None)
    throw new GroupError('bad-member', `not a member of this group: ${m}`);
  const row = c.db.groups.members(a.row.groupId).find((x) => x.sessionId === m);
  if (entry.admin || row?.status === 'accepted')
    throw new GroupError('not-allowed', 'this member has already accepted the invitation');
  configs.members.set({ ...entry, inviteStatus: InviteStatus.Sent });
  await s.push(a, configs);
  c.db.transaction(() => {
    s.writeMembers(a, configs);
    c.queueControl(m, 'group-invite', (sentAt) => inviteContent(a.group, a.row.name, m, sentAt));
  });
  c.kickOutbox();
  c.changed([a.row.groupId]);
}
