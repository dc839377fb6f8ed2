/**
 * What a group's changes leave in its conversation: notices ("Alice added Bob", from
 * src/shared/group-notice.ts) and the messages of removed members deleted for everyone.
 */
import type { SessionId } from '../../crypto/keys';
import type { GroupNotice } from '../../shared/group-notice';
import { newMessageId, type MessageId } from '../db';
import { clearEndNoticeDue, dueEndNotice, type GroupEnd } from './group-ended';
import type { GroupRuntime } from './group-runtime';
import { groupIdOrThrow } from './group-input';

export class GroupTimeline {
  constructor(private readonly rt: GroupRuntime) {}

  /**
   * Stores a notice in the group's timeline at `sentAt` (the control message's sent time, so the
   * notice of a change made here and the copy of it polled from the swarm are one). The
   * notice's author (`by`, or the member who left) is its sender. Returns the new message's id,
   * or undefined when the group has no conversation here or the notice was already stored. Call
   * it after the change is written.
   */
  storeNotice(groupId: string, notice: GroupNotice, sentAt: number): MessageId | undefined {
    const { db, bus } = this.rt.o;
    const conversationId = groupIdOrThrow(groupId) as string as SessionId;
    if (!db.conversations.getConversation(conversationId)) return undefined;
    const messageId = newMessageId();
    const author = ('by' in notice ? notice.by : notice.member) as SessionId;
    const result = db.messages.insertNotice({
      id: messageId,
      conversationId,
      sender: author,
      notice,
      sentAt,
      receivedAt: Date.now(),
    });
    if (result !== 'inserted') return undefined;
    bus.emit({ type: 'messages.stored', conversationId, ids: [messageId] });
    bus.emit({ type: 'conversations.changed', ids: [conversationId], source: 'local' });
    return messageId;
  }

  /** A change to the group, in its timeline (and on the bus for whoever else listens). */
  notice(groupId: string, notice: GroupNotice, sentAt: number): void {
    this.storeNotice(groupId, notice, sentAt);
    this.rt.o.bus.emit({ type: 'group.notice', groupId, notice, sentAt });
  }

  /**
   * What the timeline says when the group ended for us: "You were removed from the group", or
   * who deleted it (an admin we know of: the members' list, or whoever invited us), as the
   * group's own swarm would have told us.
   */
  endNotice(groupId: string, why: GroupEnd): GroupNotice {
    const { db } = this.rt;
    const me = this.rt.o.identity().sessionId;
    if (why === 'removed') return { kind: 'kicked', member: me };
    const row = db.groups.get(groupId);
    const by = db.groups.members(groupId).find((m) => m.admin)?.sessionId ?? row?.invitedBy ?? null;
    return by !== null && /^05[0-9a-f]{64}$/.test(by)
      ? { kind: 'destroyed', by }
      : { kind: 'deleted', member: me };
  }

  /**
   * The notices config sync left due (groups-glue.ts: a group another device of ours saw end, or
   * a restored computer's), stored once each now that the group's conversation exists.
   */
  storeDueEndNotices(groupIds: readonly string[]): void {
    const { db } = this.rt;
    for (const groupId of groupIds) {
      const due = dueEndNotice(db, groupId);
      if (!due) continue;
      // Stored first: a crash before the clear stores the same notice at the same time again,
      // which the timeline keeps once.
      this.notice(groupId, this.endNotice(groupId, due.why), due.at);
      clearEndNoticeDue(db, groupId);
    }
  }

  /**
   * Every message these members wrote in the group's conversation, deleted for everyone here
   * (and announced); returns their swarm hashes, to delete them from the group's swarm too.
   */
  deleteMessagesOf(groupId: string, members: readonly SessionId[]): string[] {
    const { db, bus } = this.rt.o;
    const conversationId = groupIdOrThrow(groupId) as string as SessionId;
    const now = Date.now();
    const gone = db.transaction(() =>
      members
        .flatMap((member) => db.actions.bySender(conversationId, member))
        .filter((m) => db.actions.markDeleted(m, now)),
    );
    if (gone.length === 0) return [];
    bus.emit({ type: 'messages.changed', conversationId, ids: gone.map((m) => m.id) });
    bus.emit({ type: 'conversations.changed', ids: [conversationId], source: 'local' });
    return gone.flatMap((m) => (m.hash ? [m.hash] : []));
  }
}
