/**
 * The user's message actions: react, delete for everyone (unsend), delete for me. Each writes
 * its local change and queues what must leave (to the peer and, as Session does, a copy for our
 * own devices) in one transaction, so a crash right after still sends them at the next start.
 */
import { isGroupId } from '../../swarm/groups/identity';
import { encodeGroupUpdate } from '../../swarm/groups/control-messages';
import type { ContentMessage } from '../../swarm/messages/index';
import { isMessageId, type MessageRecord } from '../db';
import { normalizeEmoji, type Message } from '../../shared/ipc/messaging';
import { IpcFailure } from '../../shared/ipc/result';
import type { MessagingHost } from './host';
import { noteRecentReaction, reactionContent } from './reactions';
import { deleteForEveryoneLocally, ownSwarmHashes } from './unsend';

function messageOrThrow(host: MessagingHost, messageId: string): MessageRecord {
  if (!isMessageId(messageId)) throw new IpcFailure('invalid-arguments', 'not a message id');
  const m = host.deps.db.messages.getMessage(messageId);
  if (!m) throw new IpcFailure('not-found', 'no such message', 'message.none');
  return m;
}

/**
 * Adds or removes our reaction. It goes to the peer, and to our own swarm with syncTarget (our
 * other devices show it too); in Note to Self only the latter. Both copies share one sent
 * timestamp, like a message and its sync copy.
 */
export function react(host: MessagingHost, messageId: string, chosen: string, remove: boolean): Message {
  const { db } = host.deps;
  const emoji = normalizeEmoji(chosen);
  const target = messageOrThrow(host, messageId);
  if (target.deletedAt !== null)
    throw new IpcFailure('conflict', 'the message was deleted', 'message.deleted');
  const conversation = db.conversations.getConversation(target.conversationId);
  if (conversation?.blocked === true)
    throw new IpcFailure('conflict', 'this contact is blocked', 'conversation.blocked');
  const own = host.deps.identity().sessionId;
  const peer = target.conversationId;
  // In a group: one store in the group's swarm, which our other devices read too.
  const group = conversation?.type === 'group';
  if (group && db.groups.get(peer)?.status !== 'joined')
    throw new IpcFailure('conflict', 'you are not a member of this group', 'group.not-member');
  db.transaction(() => {
    const sentAt =
      peer === own
        ? host.queueControl(own, 'reaction', reactionContent(target, emoji, remove, own))
        : host.queueControl(peer, 'reaction', reactionContent(target, emoji, remove));
    if (peer !== own && !group)
      host.queueControl(own, 'reaction', reactionContent(target, emoji, remove, peer), sentAt);
    db.reactions.apply({ messageId: target.id, reactor: own, emoji, at: sentAt, removed: remove });
    if (!remove) noteRecentReaction(db, emoji);
  });
  host.kick();
  host.emitMessages(peer, [target.id]);
  const updated = db.messages.getMessage(target.id);
  if (!updated) throw new IpcFailure('not-found', 'no such message', 'message.none');
  return host.view(updated);
}

/**
 * Delete for everyone, for one of our messages that reached a swarm: it becomes "This message was
 * deleted" here (vanishes in Note to Self), UnsendRequests go to the peer and to our own swarm
 * (each its own sent timestamp), then our copies are deleted from our swarm. That last step is
 * best effort: the UnsendRequests alone make every device drop it. Resolves with whether the
 * swarm deletion worked.
 */
export async function unsend(host: MessagingHost, messageId: string): Promise<boolean> {
  const { db } = host.deps;
  const m = messageOrThrow(host, messageId);
  const own = host.deps.identity().sessionId;
  if (m.sender !== own)
    throw new IpcFailure('conflict', 'only your own messages can be deleted for everyone', 'message.not-own');
  if (m.deletedAt !== null) throw new IpcFailure('conflict', 'the message was deleted', 'message.deleted');
  if (m.direction !== 'out' || (m.status !== 'sent' && m.status !== 'read'))
    throw new IpcFailure('conflict', 'the message has not been sent', 'message.not-sent');
  const request: ContentMessage = { unsendRequest: { timestamp: m.sentAt, author: own } };
  const noteToSelf = m.conversationId === own;
  if (isGroupId(m.conversationId)) return unsendInGroup(host, m);
  db.transaction(() => {
    if (!noteToSelf) host.queueControl(m.conversationId, 'unsend', request);
    host.queueControl(own, 'unsend', request);
    deleteForEveryoneLocally(db, own, m, host.deps.transport.now());
  });
  host.kick();
  // Replies quoting it are re-sent to the windows too: their quote must stop showing its text.
  const replies = db.actions.quotingIds(m.conversationId, m.sender, m.sentAt);
  if (noteToSelf)
    host.deps.bus.emit({ type: 'messages.deleted', conversationId: m.conversationId, ids: [m.id] });
  host.emitMessages(m.conversationId, noteToSelf ? replies : [m.id, ...replies]);
  host.emitConversations([m.conversationId]);
  const hashes = ownSwarmHashes(m);
  const { transport } = host.deps;
  if (hashes.length === 0 || transport.deleteOwn === undefined) return false;
  try {
    await transport.deleteOwn(hashes);
    return true;
  } catch (error) {
    host.deps.log(`unsend: swarm delete failed: ${error instanceof Error ? error.message : 'error'}`);
    return false;
  }
}

/** Delete for me: gone from this computer only (the others keep their copies). */
export function deleteForMe(host: MessagingHost, messageId: string): void {
  const m = messageOrThrow(host, messageId);
  host.deps.db.actions.removeCompletely(m);
  host.deps.bus.emit({ type: 'messages.deleted', conversationId: m.conversationId, ids: [m.id] });
  host.emitConversations([m.conversationId]);
}

/**
 * Delete for everyone in a group, as Session does for its groups: a
 * `GroupUpdateDeleteMemberContentMessage{messageHashes}` naming our own message, in the group's
 * swarm (members may delete their own messages without an admin's signature). The group's swarm
 * copy itself stays until it expires: deleting it there takes the group's admin key.
 */
function unsendInGroup(host: MessagingHost, m: MessageRecord): Promise<boolean> {
  const { db } = host.deps;
  if (m.hash === null) throw new IpcFailure('conflict', 'the message has not been sent', 'message.not-sent');
  if (db.groups.get(m.conversationId)?.status !== 'joined')
    throw new IpcFailure('conflict', 'you are not a member of this group', 'group.not-member');
  const content: ContentMessage = {
    dataMessage: {
      groupUpdateMessage: encodeGroupUpdate({ deleteMemberContent: { messageHashes: [m.hash] } }),
    },
  };
  db.transaction(() => {
    host.queueControl(m.conversationId, 'unsend', content);
    deleteForEveryoneLocally(db, host.deps.identity().sessionId, m, host.deps.transport.now());
  });
  host.kick();
  const replies = db.actions.quotingIds(m.conversationId, m.sender, m.sentAt);
  host.emitMessages(m.conversationId, [m.id, ...replies]);
  host.emitConversations([m.conversationId]);
  return Promise.resolve(false);
}
