import type { SessionId } from '../../crypto/keys';
import { isMessageId, type MessageRecord } from '../db';
import type { Conversation, Message, SearchHit } from '../../shared/ipc/messaging';
import type { MessagingDeps } from './deps';
import { toConversation, toMessage } from './mappers';
import { resolveQuote } from './quotes';

/** Database rows → what the windows see (IPC shapes), with quotes looked up and reactions. */
export class MessageViews {
  constructor(private readonly deps: MessagingDeps) {}

  listConversations(): Conversation[] {
    const { db } = this.deps;
    return db.conversations.listConversations('all').map((c) => {
      const last = c.lastMessage ? db.messages.getMessage(c.lastMessage.id) : undefined;
      return toConversation(
        c,
        last ? toMessage(last).status : undefined,
        db.disappearing.setting(c.id).setting,
      );
    });
  }

  conversation(id: SessionId): Conversation | undefined {
    return this.listConversations().find((c) => c.id === id);
  }

  all(records: readonly MessageRecord[]): Message[] {
    const { db } = this.deps;
    const reactions = db.reactions.forMessages(records.map((m) => m.id));
    const ownId = this.deps.identity().sessionId;
    return records.map((m) =>
      toMessage(m, db.outbox.lastError(m.id), {
        quote: m.quote === null || m.deletedAt !== null ? null : resolveQuote(db, m.conversationId, m.quote),
        reactions: reactions.get(m.id) ?? [],
        ownId,
      }),
    );
  }

  one(m: MessageRecord): Message {
    const [view] = this.all([m]);
    if (!view) throw new Error('a message view is missing');
    return view;
  }

  /** These messages of one conversation (unknown or foreign ids left out). */
  byIds(conversationId: SessionId, ids: readonly string[]): Message[] {
    const records: MessageRecord[] = [];
    for (const id of ids) {
      if (!isMessageId(id)) continue;
      const m = this.deps.db.messages.getMessage(id);
      if (m?.conversationId === conversationId) records.push(m);
    }
    return this.all(records);
  }

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
