/**
 * ConvoInfoVolatile's read state for the entry kinds kept by conversation ID (groups `g`,
 * community DMs `b`), with the rules of the 1-to-1 entries (collect.ts, apply.ts):
 * - written when the conversation has nothing unread: the newest message's sent time, only
 *   forward (an older value would be taken as an explicit reset);
 * - applied when another device of ours read further: messages sent up to that time are read
 *   here, unless that device marked the conversation unread;
 * - a conversation that left this device leaves the config too.
 * One implementation, so the kinds cannot drift apart; each kind says which IDs and rows are its.
 */
import type { SessionId } from '../../crypto/keys';
import type { ConvoInfoVolatile, ConvoKind } from '../../swarm/config';
import type { ConversationRecord } from '../db';
import type { GlueContext } from './apply';

export interface EntryKind {
  readonly kind: ConvoKind;
  /** Whether a conversation ID (or a config entry's key) is of this kind. */
  readonly isId: (id: string) => boolean;
  /** Whether a conversation row is of this kind. */
  readonly isRow: (row: ConversationRecord) => boolean;
  /** What else a read applied from another device starts here (after-read timers). */
  readonly afterRead?: (ctx: GlueContext, id: SessionId) => void;
}

/** The conversations of this kind named in `ids` (a local change mixes every kind). */
export function idsOfKind(k: EntryKind, ids: Iterable<string>): SessionId[] {
  return [...ids].filter((id) => k.isId(id)) as SessionId[];
}

/** Database → config, for the conversations named, or every one of this kind. */
export function collectEntryReadState(
  k: EntryKind,
  ctx: GlueContext,
  volatile: ConvoInfoVolatile,
  only?: Iterable<string>,
): void {
  const rows =
    only === undefined
      ? ctx.db.conversations.listConversations('all').filter((c) => k.isRow(c))
      : idsOfKind(k, only).map((id) => ctx.db.conversations.getConversation(id) ?? id);
  for (const row of rows) {
    if (typeof row === 'string') {
      volatile.erase(k.kind, row);
      continue;
    }
    if (!k.isId(row.id) || row.unreadCount !== 0 || row.lastMessage === null) continue;
    const current = volatile.get(k.kind, row.id);
    if (current !== undefined && current.lastRead >= row.lastMessage.at) continue;
    volatile.set(k.kind, row.id, { lastRead: row.lastMessage.at, unread: false });
  }
}

/** Config → database: what another device of ours read is read here. */
export function applyEntryReadState(
  k: EntryKind,
  ctx: GlueContext,
  volatile: ConvoInfoVolatile,
  only?: Iterable<string>,
): boolean {
  const entries =
    only === undefined
      ? volatile.all(k.kind)
      : idsOfKind(k, only).flatMap((id) => {
          const state = volatile.get(k.kind, id);
          return state === undefined ? [] : [{ id, state }];
        });
  let changed = false;
  for (const { id, state } of entries) {
    if (!k.isId(id) || state.unread || state.lastRead <= 0) continue;
    const conversationId = id as SessionId;
    const row = ctx.db.conversations.getConversation(conversationId);
    if (!row || !k.isRow(row) || row.unreadCount === 0) continue;
    if (ctx.db.conversations.markReadUpTo(conversationId, state.lastRead, ctx.now) > 0) {
      changed = true;
      ctx.touched?.add(conversationId);
      k.afterRead?.(ctx, conversationId);
    }
  }
  return changed;
}
