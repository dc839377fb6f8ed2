/**
 * Reactions (sync-groups-communities.md §5): `DataMessage.reaction{id = target's sent timestamp,
 * author = target's author, emoji, action REACT | REMOVE}`, an ordinary message to the peer and,
 * as Session does for 1-to-1 reactions, a sync copy (syncTarget = the conversation) for our other
 * devices. The reactor is whoever signed the envelope: never a field a sender could fill in.
 */
import { z } from 'zod';
import type { SessionId } from '../../crypto/keys';
import { isSessionId } from '../../crypto/session-id';
import type { ContentMessage, Reaction } from '../../swarm/messages/index';
import type { MessageRecord, VeilDatabase } from '../db';
import { isEmoji, normalizeEmoji, type MessageAction } from '../../shared/ipc/messaging';

/** Session Desktop's first six (`DEFAULT_RECENT_REACTS`), shown until the user has used others. */
export const DEFAULT_RECENT_REACTIONS = ['😂', '🥰', '😢', '😡', '😮', '😈'] as const;
/** The reaction bar holds six, as Session's (`REACT_LIMIT`). */
export const RECENT_REACTIONS_MAX = 6;
const RECENT_KEY = 'reactions.recent';

export function recentReactions(db: VeilDatabase): string[] {
  const used = (db.kv.get(RECENT_KEY, z.array(z.string())) ?? []).filter(isEmoji);
  const all = [...used, ...DEFAULT_RECENT_REACTIONS.filter((e) => !used.includes(e))];
  return all.slice(0, RECENT_REACTIONS_MAX);
}

/** Moves `emoji` to the front of the recent list (kept in the encrypted database). */
export function noteRecentReaction(db: VeilDatabase, emoji: string): void {
  const used = (db.kv.get(RECENT_KEY, z.array(z.string())) ?? []).filter((e) => e !== emoji);
  db.kv.set(RECENT_KEY, [emoji, ...used].slice(0, RECENT_REACTIONS_MAX));
}

/** The DataMessage of our reaction to `target`; `syncTarget` for the copy to our own swarm. */
export function reactionContent(
  target: MessageRecord,
  emoji: string,
  remove: boolean,
  syncTarget?: SessionId,
): ContentMessage {
  return {
    dataMessage: {
      reaction: { id: target.sentAt, author: target.sender, emoji, action: remove ? 'REMOVE' : 'REACT' },
      ...(syncTarget !== undefined ? { syncTarget } : {}),
    },
  };
}

/**
 * Applies a reaction received in `conversationId` from `reactor` (sent at `sentAt`). The target
 * must be a message of that same conversation that is not deleted: a reaction cannot reach into
 * another chat. Returns the event to announce, or undefined when nothing visible changed.
 */
export function applyReaction(
  db: VeilDatabase,
  conversationId: SessionId,
  reactor: SessionId,
  reaction: Reaction,
  sentAt: number,
): MessageAction | undefined {
  const emoji = reaction.emoji === undefined ? undefined : normalizeEmoji(reaction.emoji);
  if (emoji === undefined || !isEmoji(emoji) || !isSessionId(reaction.author)) return undefined;
  const target = db.actions.findBySenderAt(reaction.author, reaction.id);
  if (target?.conversationId !== conversationId || target.deletedAt !== null) return undefined;
  const removed = reaction.action === 'REMOVE';
  if (!db.reactions.apply({ messageId: target.id, reactor, emoji, at: sentAt, removed })) return undefined;
  return { kind: 'reaction', conversationId, messageId: target.id, emoji, from: reactor, removed };
}
