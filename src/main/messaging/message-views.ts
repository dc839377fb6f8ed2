import type { SessionId } from '../../crypto/keys';
import { isMessageId, type ConversationRecord, type MessageRecord } from '../db';
import type { Conversation, ConversationGroup, Message, SearchHit } from '../../shared/ipc/messaging';
import { isSessionId } from '../../crypto/session-id';
import { adminKeyPair } from '../groups/group-auth';
import { endedOf } from '../groups/group-ended';
import { presentMembers } from '../groups/shown-members';
import { isUnused } from './unused-conversations';
import type { MessagingDeps } from './deps';
import { toConversation, toMessage } from './mappers';
import { loadInvitations, withInvitation } from './community-invitation';
import { resolveQuote, withQuotedFile } from './quotes';

/** A group conversation's members and our place in it (never its keys). */
function groupOf(db: MessagingDeps['db'], groupId: string, self: string): ConversationGroup | undefined {
  const row = db.groups.get(groupId);
  if (!row) return undefined;
  return {
    status: row.status,
    admin: adminKeyPair(row) !== undefined,
    invitedBy: row.invitedBy !== null && isSessionId(row.invitedBy) ? row.invitedBy : null,
    members: presentMembers(db, row, self).map((m) => ({
      sessionId: m.sessionId,
      name: m.name,
      admin: m.admin,
    })),
    ended: row.status === 'left' ? endedOf(db, groupId) : null,
  };
}

/** Database rows → what the windows see (IPC shapes), with quotes looked up and reactions. */
export class MessageViews {
  constructor(private readonly deps: Pick<MessagingDeps, 'db' | 'identity' | 'attachments'>) {}

  listConversations(): Conversation[] {
    return this.deps.db.conversations.listConversations('all').map((c) => this.viewOf(c));
  }

  /** One conversation's view: each incoming message's notification asked for the whole list. */
  conversation(id: SessionId): Conversation | undefined {
    const c = this.deps.db.conversations.getConversation(id);
    return c ? this.viewOf(c) : undefined;
  }

  private viewOf(c: ConversationRecord): Conversation {
    const { db } = this.deps;
    // The joined columns say all the list shows of a message received ('received' is its only
    // status); our own messages' status (sending, sent, failed) and a group's notice need the
    // row. Every list read each last message whole, and zod-checked it (issue #15).
    const lastId = c.lastMessage?.id;
    const needsRow = c.lastMessage !== null && (c.lastMessage.direction === 'out' || c.type === 'group');
    const last = needsRow && lastId !== undefined ? db.messages.getMessage(lastId) : undefined;
    const view = toConversation(
      c,
      last ? toMessage(last).status : undefined,
      db.disappearing.setting(c.id).setting,
      lastId !== undefined ? (this.deps.attachments?.firstOf(lastId) ?? null) : null,
      db.mute.get(c.id),
    );
    // A community DM says which community it came through (issue #19).
    if (c.type === 'community_dm') {
      const link = db.communityDms.link(c.id);
      if (!link) return view;
      // As the sender refuses it (dm-threads `requestsOff`): someone who wrote to us can be answered.
      const requestsOff =
        db.communityDms.requestsOff(c.id) &&
        !db.communities.dms().some((d) => d.direction === 'in' && d.peer === c.id);
      return {
        ...view,
        community: { name: link.name, server: link.baseUrl, ...(requestsOff ? { requestsOff } : {}) },
      };
    }
    if (c.type === 'private') return isUnused(db, c) ? { ...view, unused: true } : view;
    if (c.type !== 'group') return view;
    const group = groupOf(db, c.id, this.deps.identity().sessionId);
    return {
      ...view,
      ...(group ? { group } : {}),
      ...(view.lastMessage && last?.notice
        ? { lastMessage: { ...view.lastMessage, notice: last.notice } }
        : {}),
    };
  }

  all(records: readonly MessageRecord[]): Message[] {
    return this.viewsOf(records, false);
  }

  /**
   * `justWritten`: messages whose ids were drawn (randomUUID) inside a transaction that has just
   * committed in this turn; nothing can name them yet, so no reaction and no invitation is looked
   * up. Their files (attached in that same transaction) and a reply's quote are.
   */
  private viewsOf(records: readonly MessageRecord[], justWritten: boolean): Message[] {
    const { db } = this.deps;
    const reactions = justWritten ? undefined : db.reactions.forMessages(records.map((m) => m.id));
    const ownId = this.deps.identity().sessionId;
    const files = this.deps.attachments?.viewsOf(records.map((m) => m.id));
    const invitations = justWritten
      ? undefined
      : loadInvitations(
          db,
          records.map((m) => m.id),
        );
    return records.map((m) => {
      // The error shows on a failed message only: no outbox query for the others (most).
      const view = toMessage(
        m,
        m.direction === 'out' && m.status === 'failed' ? db.outbox.lastError(m.id) : null,
        {
          quote:
            m.quote === null || m.deletedAt !== null
              ? null
              : withQuotedFile(resolveQuote(db, m.conversationId, m.quote), this.deps.attachments),
          reactions: reactions?.get(m.id) ?? [],
          ownId,
          attachments: files?.get(m.id) ?? [],
        },
      );
      return invitations === undefined ? view : withInvitation(invitations.get(m.id), view);
    });
  }

  one(m: MessageRecord): Message {
    const [view] = this.all([m]);
    if (!view) throw new Error('a message view is missing');
    return view;
  }

  /**
   * These messages of one conversation (unknown or foreign ids left out). A domain event's two
   * readers (the windows' projection and the notifier) ask for the same event's ids in the same
   * turn, with nothing written in between: the second gets the first's views instead of reading
   * and mapping every message again (during a catch-up, half of what announcing a slice cost).
   */
  byIds(conversationId: SessionId, ids: readonly string[]): Message[] {
    const last = this.lastByIds;
    if (last?.ids === ids && last.conversationId === conversationId) return [...last.views];
    const records = this.deps.db.messages.messagesIn(conversationId, ids.filter(isMessageId));
    const views = this.all(records);
    this.remember(conversationId, ids, views);
    return [...views];
  }

  /**
   * A message this process has just written to be sent (`record`: written-message.ts, what a
   * read of its row would give), viewed without reading it back, and kept as `byIds`'s answer
   * for `ids` in this turn: the `messages.stored` event's readers and the send's own answer ask
   * for those ids next, as they would after a read.
   */
  written(record: MessageRecord, ids: readonly string[]): void {
    this.remember(record.conversationId, ids, this.viewsOf([record], true));
  }

  private remember(conversationId: SessionId, ids: readonly string[], views: Message[]): void {
    if (this.lastByIds === undefined)
      queueMicrotask(() => {
        this.lastByIds = undefined;
      });
    this.lastByIds = { conversationId, ids, views };
  }

  /** The last `byIds` answer, kept until the current task's microtasks run (see `byIds`). */
  private lastByIds:
    | { readonly conversationId: SessionId; readonly ids: readonly string[]; readonly views: Message[] }
    | undefined;

  /** Message search (FTS5, accents folded), newest first. */
  search(text: string, limit: number): SearchHit[] {
    return this.deps.db.search(text, { limit }).map((h) => ({
      conversationId: h.conversationId,
      messageId: h.messageId,
      body: h.body,
      sentAt: h.sentAt,
      snippet: h.snippet,
    }));
  }
}
