/**
 * Opening a conversation by Session ID from the window, and what becomes of one opened and never
 * used (unused-conversations.ts): the window discards it when it leaves, and its first message
 * makes it a conversation like any other. Kept out of the messaging service, which asks it on
 * each send.
 */
import type { SessionId } from '../../crypto/keys';
import type { ConversationRecord, VeilDatabase } from '../db';
import type { Conversation } from '../../shared/ipc/messaging';
import { IpcFailure } from '../../shared/ipc/result';
import type { MessagingHost } from './host';
import { acceptRequest } from './requests';
import { sessionIdOrThrow } from './session-id-input';
import { discardIfUnused, isMarkedOpened, markOpened, unmarkOpened } from './unused-conversations';

/** The conversation's row, or the IPC error the window translates. */
export function conversationOrThrow(db: VeilDatabase, id: SessionId): ConversationRecord {
  const c = db.conversations.getConversation(id);
  if (!c) throw new IpcFailure('not-found', 'no such conversation', 'conversation.none');
  return c;
}

export class ConversationOpening {
  /**
   * Conversations opened here and not written to yet: their first message makes them contacts,
   * a change config sync collects, where any later message only moves the list's preview.
   */
  private readonly openedUnused = new Set<SessionId>();

  constructor(
    private readonly host: MessagingHost,
    /** The conversation as the windows see it (after `open` wrote it). */
    private readonly view: (id: SessionId) => Conversation,
  ) {}

  /** Opens (creating) the conversation with a valid Session ID; our own is Note to Self. */
  open(text: string): Conversation {
    const { db, transport, identity } = this.host.deps;
    const id = sessionIdOrThrow(text);
    const noteToSelf = id === identity().sessionId;
    const created = db.conversations.ensureConversation(
      { id, type: noteToSelf ? 'note_to_self' : 'private', approved: true },
      transport.now(),
    );
    // Nobody is a contact for being looked up: not until a message exists (unused-conversations.ts).
    if (created && !noteToSelf) markOpened(db, id);
    if (created ? !noteToSelf : isMarkedOpened(db, id)) this.openedUnused.add(id);
    // Starting a conversation with someone whose request waits accepts it: they are told so.
    if (conversationOrThrow(db, id).isRequest) acceptRequest(this.host, id);
    else this.host.emitConversations([id]);
    return this.view(id);
  }

  /** A message was written to the conversation: one opened here is no longer unused. */
  written(conversationId: SessionId): void {
    if (!this.openedUnused.delete(conversationId)) return;
    unmarkOpened(this.host.deps.db, conversationId);
    this.host.emitConversations([conversationId]);
  }

  /** The window left a conversation it opened and never used: it goes (unused-conversations.ts). */
  discardUnused(conversationId: SessionId): boolean {
    const gone = discardIfUnused(this.host.deps.db, conversationId);
    if (gone) this.host.emitConversations([conversationId]);
    return gone;
  }
}
