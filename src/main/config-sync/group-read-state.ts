/**
 * Groups' read state in ConvoInfoVolatile `g` (issue #18 item 4; sync-groups-communities.md §1;
 * libsession `convo_info_volatile.hpp`: `g` → {33-byte `03…` group ID → {`r` last read, ms;
 * `u` marked unread}}), with the same rules as the 1-to-1 entries (collect.ts, apply.ts):
 * - written when a group's conversation has nothing unread: the newest message's sent time,
 *   only forward (an older value would be taken as an explicit reset);
 * - applied when another device of ours read further: every message sent up to its mark is read
 *   here (after-read timers start), unless that device marked the group unread.
 * A group whose conversation left this device leaves the config too.
 */
import type { SessionId } from '../../crypto/keys';
import { isGroupId } from '../../swarm/groups/identity';
import type { ConvoInfoVolatile } from '../../swarm/config';
import type { GlueContext } from './apply';

/** The group conversations named in `ids` (a local change mixes people and groups). */
export function groupIdsIn(ids: Iterable<string>): SessionId[] {
  return [...ids].filter((id) => isGroupId(id)) as string[] as SessionId[];
}

/** Database → config, for the groups named, or every group conversation. */
export function collectGroupReadState(
  ctx: GlueContext,
  volatile: ConvoInfoVolatile,
  only?: Iterable<string>,
): void {
  const rows =
    only === undefined
      ? ctx.db.conversations.listConversations('all').filter((c) => isGroupId(c.id))
      : groupIdsIn(only).map((id) => ctx.db.conversations.getConversation(id) ?? id);
  for (const row of rows) {
    if (typeof row === 'string') {
      volatile.erase('group', row);
      continue;
    }
    if (row.unreadCount !== 0 || row.lastMessage === null) continue;
    const current = volatile.get('group', row.id);
    if (current !== undefined && current.lastRead >= row.lastMessage.at) continue;
    volatile.set('group', row.id, { lastRead: row.lastMessage.at, unread: false });
  }
}

/** Config → database: what another device of ours read in a group is read here. */
export function applyGroupReadState(
  ctx: GlueContext,
  volatile: ConvoInfoVolatile,
  only?: Iterable<string>,
): boolean {
  const entries =
    only === undefined
      ? volatile.all('group')
      : groupIdsIn(only).flatMap((id) => {
          const state = volatile.get('group', id);
          return state === undefined ? [] : [{ id, state }];
        });
  let changed = false;
  for (const { id, state } of entries) {
    if (!isGroupId(id) || state.unread || state.lastRead <= 0) continue;
    const conversationId = id as string as SessionId;
    const row = ctx.db.conversations.getConversation(conversationId);
    if (!row || row.unreadCount === 0) continue;
    if (ctx.db.conversations.markReadUpTo(conversationId, state.lastRead, ctx.now) > 0) {
      changed = true;
      ctx.touched?.add(conversationId);
      ctx.db.disappearing.startAfterRead(conversationId, ctx.now);
    }
  }
  return changed;
}
