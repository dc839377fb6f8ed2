/**
 * Namespace-11 messages of a private group, once the groups service has decrypted them and
 * proved their author (`decrypt_message`): they become messages of the group's conversation,
 * `sender` = the author's 05 ID, with the same handling of text, replies, files, reactions and
 * deletions as 1-to-1 (incoming.ts). Runs inside the groups service's receiving transaction; the
 * changes are announced once it committed.
 */
import type { SessionId } from '../../crypto/keys';
import type { ContentMessage } from '../../swarm/messages/index';
import { isMessageHash, newMessageId } from '../db';
import type { MessagingDeps } from './deps';
import { bodyTooLong, type IncomingChanges } from './incoming';
import { quoteFromWire } from './quotes';
import { applyReaction } from './reactions';
import { deleteForEveryoneLocally } from './unsend';
import { isExpirationUpdate, settingOf } from './disappearing/wire';

/** One message of a group's swarm, decrypted and authenticated. */
export interface GroupDelivery {
  readonly hash: string;
  /** Its author, proved by the group message's signature. */
  readonly sender: SessionId;
  readonly sentAt: number;
  readonly content: ContentMessage;
  /** Swarm hashes its author asks to delete (`GroupUpdateDeleteMemberContentMessage`, no admin). */
  readonly deleteOwn?: readonly string[];
  /**
   * An admin's deletion, its signature checked by the groups service: every message of
   * `members`, and the messages named by swarm hash whoever wrote them.
   */
  readonly deleteByAdmin?: { readonly members: readonly string[]; readonly hashes: readonly string[] };
}

export function emptyChanges(): IncomingChanges {
  return {
    stored: new Map(),
    messages: new Map(),
    conversations: new Set(),
    typing: [],
    actions: [],
    removed: new Map(),
    pictures: new Map(),
    dropped: 0,
  };
}

function noteId(map: Map<SessionId, string[]>, conversationId: SessionId, id: string): void {
  const list = map.get(conversationId) ?? [];
  list.push(id);
  map.set(conversationId, list);
}

/** Stores what a group's poll brought into its conversation; returns what changed. */
export function processGroupIncoming(
  deps: MessagingDeps,
  groupId: SessionId,
  items: readonly GroupDelivery[],
  now: number,
): IncomingChanges {
  const changes = emptyChanges();
  const own = deps.identity().sessionId;
  for (const item of items) {
    if (!isMessageHash(item.hash)) {
      changes.dropped++;
      continue;
    }
    if (item.deleteOwn !== undefined) {
      deleteOwn(deps, groupId, item.sender, item.deleteOwn, now, changes);
      continue;
    }
    if (item.deleteByAdmin !== undefined) {
      const { members, hashes } = item.deleteByAdmin;
      const targets = [
        ...members.flatMap((member) => deps.db.actions.bySender(groupId, member as SessionId)),
        ...hashes.flatMap((hash) => deps.db.actions.findByHash(groupId, hash) ?? []),
      ];
      for (const target of targets) markDeleted(deps, groupId, target, item.sender, now, changes);
      continue;
    }
    const data = item.content.dataMessage;
    const body = data?.body;
    if (body !== undefined && bodyTooLong(body)) {
      changes.dropped++;
      continue;
    }
    // A reaction names its target by (author, sent time); it must be a message of this group.
    const reaction = data?.reaction;
    if (reaction !== undefined) {
      const action = applyReaction(deps.db, groupId, item.sender, reaction, item.sentAt);
      if (action?.kind === 'reaction') {
        changes.actions.push(action);
        noteId(changes.messages, groupId, action.messageId);
        changes.conversations.add(groupId);
      }
    }
    // An UnsendRequest in a group (older clients): only its author's own message, in this group.
    const unsend = item.content.unsendRequest;
    if (unsend?.author === item.sender) {
      const target = deps.db.actions.findBySenderAt(item.sender, unsend.timestamp);
      if (target?.conversationId === groupId) markDeleted(deps, groupId, target, item.sender, now, changes);
    }
    const files = data?.attachments ?? [];
    const update = isExpirationUpdate(item.content);
    if ((body === undefined || body === '') && files.length === 0) continue;
    if (update) continue; // the group's timer lives in its Info config (groups-admin)
    const quote = quoteFromWire(data?.quote);
    const setting = settingOf(item.content);
    const id = newMessageId();
    const mine = item.sender === own;
    const message = {
      id,
      conversationId: groupId,
      sender: item.sender,
      body: body ?? '',
      sentAt: item.sentAt,
      receivedAt: now,
      hash: item.hash,
      ...(quote !== undefined ? { quote } : {}),
      expiry: setting,
      ...(setting.mode === 'after-send' ? { expiresAt: item.sentAt + setting.seconds * 1000 } : {}),
    };
    // Ours from another device of ours: shown as sent (a copy of one sent here is a duplicate).
    const result = mine ? deps.db.messages.insertSynced(message) : deps.db.messages.insertIncoming(message);
    if (result !== 'inserted') continue;
    if (files.length > 0) deps.attachments?.received(id, files);
    noteId(changes.stored, groupId, id);
    changes.conversations.add(groupId);
  }
  return changes;
}

function markDeleted(
  deps: MessagingDeps,
  groupId: SessionId,
  target: NonNullable<ReturnType<MessagingDeps['db']['actions']['findBySenderAt']>>,
  from: SessionId,
  now: number,
  changes: IncomingChanges,
): void {
  if (!deleteForEveryoneLocally(deps.db, deps.identity().sessionId, target, now)) return;
  changes.actions.push({ kind: 'unsend', conversationId: groupId, messageId: target.id, from });
  noteId(changes.messages, groupId, target.id);
  for (const id of deps.db.actions.quotingIds(groupId, target.sender, target.sentAt))
    noteId(changes.messages, groupId, id);
  changes.conversations.add(groupId);
}

/**
 * A member's delete for everyone in a group: the hashes of its own messages. One naming
 * someone else's message is ignored (deleting others' messages takes an admin's signature).
 */
function deleteOwn(
  deps: MessagingDeps,
  groupId: SessionId,
  sender: SessionId,
  hashes: readonly string[],
  now: number,
  changes: IncomingChanges,
): void {
  for (const hash of hashes) {
    const target = deps.db.actions.findByHash(groupId, hash);
    if (target?.sender !== sender) {
      if (target) deps.log('ignored a group deletion of a message its sender did not write');
      continue;
    }
    markDeleted(deps, groupId, target, sender, now, changes);
  }
}
