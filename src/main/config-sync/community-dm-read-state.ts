/**
 * Community DMs' read state in ConvoInfoVolatile `b` (libsession `convo_info_volatile.hpp`
 * `convo::blinded_one_to_one`: 33-byte blinded ID, `15`/`25` prefix included → {`r` last read,
 * ms; `u` marked unread; `y` legacy blinding}; docs/protocol-notes.md), with the same rules as the
 * 1-to-1 entries (collect.ts, apply.ts) and groups (group-read-state.ts):
 * - written when the DM's conversation has nothing unread: the newest message's sent time, only
 *   forward (an older value would be taken as an explicit reset);
 * - applied when another device of ours read further: every message sent up to its mark is read
 *   here, unless that device marked the conversation unread.
 * A community DM whose conversation left this device leaves the config too.
 */
import type { SessionId } from '../../crypto/keys';
import type { ConvoInfoVolatile } from '../../swarm/config';
import type { GlueContext } from './apply';

const BLINDED_RE = /^(?:15|25)[0-9a-f]{64}$/;

/** The community DM conversations named in `ids` (a local change mixes every kind). */
function blindedIdsIn(ids: Iterable<string>): SessionId[] {
  return [...ids].filter((id) => BLINDED_RE.test(id)) as SessionId[];
}

/** Database → config, for the community DMs named, or every one. */
export function collectCommunityDmReadState(
  ctx: GlueContext,
  volatile: ConvoInfoVolatile,
  only?: Iterable<string>,
): void {
  const rows =
    only === undefined
      ? ctx.db.conversations.listConversations('all').filter((c) => c.type === 'community_dm')
      : blindedIdsIn(only).map((id) => ctx.db.conversations.getConversation(id) ?? id);
  for (const row of rows) {
    if (typeof row === 'string') {
      volatile.erase('blinded', row);
      continue;
    }
    if (!BLINDED_RE.test(row.id) || row.unreadCount !== 0 || row.lastMessage === null) continue;
    const current = volatile.get('blinded', row.id);
    if (current !== undefined && current.lastRead >= row.lastMessage.at) continue;
    volatile.set('blinded', row.id, { lastRead: row.lastMessage.at, unread: false });
  }
}

/** Config → database: what another device of ours read in a community DM is read here. */
export function applyCommunityDmReadState(
  ctx: GlueContext,
  volatile: ConvoInfoVolatile,
  only?: Iterable<string>,
): boolean {
  const entries =
    only === undefined
      ? volatile.all('blinded')
      : blindedIdsIn(only).flatMap((id) => {
          const state = volatile.get('blinded', id);
          return state === undefined ? [] : [{ id, state }];
        });
  let changed = false;
  for (const { id, state } of entries) {
    if (!BLINDED_RE.test(id) || state.unread || state.lastRead <= 0) continue;
    const conversationId = id as SessionId;
    const row = ctx.db.conversations.getConversation(conversationId);
    if (row?.type !== 'community_dm' || row.unreadCount === 0) continue;
    if (ctx.db.conversations.markReadUpTo(conversationId, state.lastRead, ctx.now) > 0) {
      changed = true;
      ctx.touched?.add(conversationId);
    }
  }
  return changed;
}
