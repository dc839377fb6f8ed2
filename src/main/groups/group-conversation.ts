/**
 * A group's conversation follows the group (issue #18 items 4 and 6): an invitation is a message
 * request named after the group, a joined group an ordinary conversation, a declined invitation
 * none. Called inside the transaction that changed the group (and for every group at start, so a
 * crash between the two never leaves them apart).
 */
import type { SessionId } from '../../crypto/keys';
import type { VeilDatabase } from '../db';

/** Returns whether the conversation changed (or appeared, or went). */
export function reconcileGroupConversation(db: VeilDatabase, groupId: string, now: number): boolean {
  const id = groupId as SessionId;
  const row = db.groups.get(groupId);
  const existing = db.conversations.getConversation(id);
  // Declined (left without ever joining) or gone: an invitation's request goes with it.
  if (!row || (row.status === 'left' && row.joinedAt === null)) {
    return existing !== undefined && db.conversations.deleteConversation(id);
  }
  const invited = row.status === 'invited';
  let changed = db.conversations.ensureConversation(
    { id, type: 'group', approved: !invited, isRequest: invited },
    now,
  );
  const current = db.conversations.getConversation(id);
  if (!current) return changed;
  const patch: { displayName?: string; isRequest?: boolean; approved?: boolean } = {};
  if (row.name !== '' && current.displayName !== row.name) patch.displayName = row.name;
  if (current.isRequest !== invited) patch.isRequest = invited;
  if (!invited && !current.approved) patch.approved = true;
  if (Object.keys(patch).length > 0) changed = db.conversations.updateConversation(id, patch, now) || changed;
  return changed;
}
