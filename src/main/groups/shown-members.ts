/**
 * Who a group's views count as its members: `groups --json` and `group members`, the group
 * panel, the conversation's header. All of them read this one list so they cannot disagree.
 *
 * A group's members are those its Members config holds (libsession `groups/members`): invitees
 * are members there too, with an invite status (sent, not sent, failed) until they accept; those
 * marked removed are listed (an admin's removal may still be on its way) but not counted.
 */
import { isSessionId } from '../../crypto/session-id';
import type { VeilDatabase } from '../db';
import type { GroupMemberRow, GroupRow } from '../db/groups';
import { inviterNameOf } from './invitations';

export function shownMembers(db: VeilDatabase, row: GroupRow, self: string): GroupMemberRow[] {
  // A group we left, were removed from or that was deleted is no longer polled: the rows left
  // are Members as it was before, still counting us. Desktop erases the group's configs when it
  // leaves one and shows no count for a group it was removed from; so do we.
  if (row.status === 'left') return [];
  const listed = db.groups.members(row.groupId);
  if (listed.some((m) => m.status !== 'removed') || row.invitedBy === null || !isSessionId(row.invitedBy))
    return listed;
  // Invited (or just joined) before the group's Members config was read: its admin wrote us in
  // it as invited before sending the invitation, so it holds at least who invited us (an admin,
  // by the name the invitation carried) and us.
  const inviter: GroupMemberRow = {
    sessionId: row.invitedBy,
    name: inviterNameOf(db, row.groupId) ?? '',
    admin: true,
    status: 'accepted',
  };
  const us: GroupMemberRow = { sessionId: self, name: '', admin: false, status: 'sent' };
  return [inviter, us].sort((a, b) => (a.sessionId < b.sessionId ? -1 : 1));
}

/** The members a group's views count and show: `shownMembers` without those removed. */
export function presentMembers(db: VeilDatabase, row: GroupRow, self: string): GroupMemberRow[] {
  return shownMembers(db, row, self).filter((m) => m.status !== 'removed');
}
