/** How a member is told in the panel: a name, a role and an invitation status in words. */
import type { TFunction } from 'i18next';
import type { GroupMember } from '../../shared/ipc/groups';

export interface Named {
  readonly sessionId: string;
  readonly name: string | null;
  readonly nickname: string | null;
}

/**
 * As Session names a member, and as the group's timeline does (messaging/group/names.ts): our
 * nickname for them, else their contact name (which follows the profile of their every message),
 * else the name the group knows them by, else a short ID.
 */
export function memberName(member: GroupMember, contacts: ReadonlyMap<string, Named>): string {
  const c = contacts.get(member.sessionId);
  if (c?.nickname) return c.nickname;
  if (c?.name) return c.name;
  if (member.name.trim() !== '') return member.name;
  return `${member.sessionId.slice(0, 6)}…${member.sessionId.slice(-4)}`;
}

/** An invitation can be sent again while it is unanswered or has failed. */
export function canResend(member: GroupMember): boolean {
  return member.status === 'sent' || member.status === 'failed' || member.status === 'not-sent';
}

/** Admins first, then by name; removed members are not listed. */
export function shownMembers(
  members: readonly GroupMember[],
  contacts: ReadonlyMap<string, Named>,
  ownId: string | undefined,
): GroupMember[] {
  return members
    .filter((m) => m.status !== 'removed')
    .sort(
      (a, b) =>
        Number(b.sessionId === ownId) - Number(a.sessionId === ownId) ||
        Number(b.admin) - Number(a.admin) ||
        memberName(a, contacts).localeCompare(memberName(b, contacts)),
    );
}

/** The part of a group the line under its name depends on (a summary or a conversation's group). */
export interface Standing {
  readonly status: 'invited' | 'joined' | 'left';
  readonly ended: 'removed' | 'destroyed' | null;
}

/**
 * What the group's panel and its conversation's header say under its name: how many members it
 * has (`counted`, in each view's words), or, once we are out of it, why (main counts a group we are out of as nobody: "0 members"
 * read as an empty group, and an older count as if we were still in it).
 */
export function standingText(t: TFunction, group: Standing, counted: string): string {
  if (group.status !== 'left') return counted;
  if (group.ended === 'removed') return t('groupStanding.removed');
  if (group.ended === 'destroyed') return t('groupStanding.deleted');
  return t('groups.left');
}
