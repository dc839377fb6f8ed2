import type { SessionId } from '../../crypto/keys';
import { parseSessionIdInput } from '../../crypto/session-id';
import { buildOutgoing1o1, encodeContent } from '../../swarm/messages/index';
import type { ContentMessage } from '../../swarm/messages/index';
import {
  isMessageId,
  newMessageId,
  type ControlKind,
  type ConversationRecord,
  type MessageCursor,
  type MessageId,
  type MessageRecord,
} from '../db';
import type { Contact, Conversation, Message, SearchHit, SessionIdCheck } from '../../shared/ipc/messaging';
import { IpcFailure } from '../../shared/ipc/result';
import type { MessagingDeps } from './deps';
import { processIncoming, type Polled } from './incoming';
import { toConversation, toMessage } from './mappers';
import { deleteForMe, react, unsend, type ActionHost } from './message-actions';
import { quoteOf, resolveQuote, withQuotedFile } from './quotes';
import { recentReactions } from './reactions';
import { cleanName } from './names';
import { OutboxSender } from './outbox-sender';
import { DEFAULT_RETRY, type RetryPolicy } from './backoff';
import type { DisappearingSetting } from '../../shared/disappearing';
import { AfterReadExpiry } from './disappearing/after-read';
import { ExpirySweeper } from './disappearing/sweeper';

const TYPING_RESEND_MS = 10_000;
/** Messages decrypted and stored per transaction while catching up (≈ 15 ms of work). */
const RECEIVE_SLICE = 25;
/** Conversation-list updates within this window are sent once. */
const LIST_COALESCE_MS = 30;

/**
 * 1-to-1 messaging on one profile: the outbox, incoming messages, requests, receipts, typing.
 * Every change is written first, then announced (`messages.changed`, `conversations.changed`).
 */
export class MessagingService {
  private readonly sender: OutboxSender;
  private readonly sweeper: ExpirySweeper;
  private readonly afterRead: AfterReadExpiry;
  private readonly typingSentAt = new Map<string, number>();
  private lastSentAt: number | undefined;
  private listTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly deps: MessagingDeps,
    policy: RetryPolicy = DEFAULT_RETRY,
  ) {
    this.sender = new OutboxSender(
      deps,
      (conversationId, ids) => {
        this.emitMessages(conversationId, ids);
        this.emitConversations();
      },
      policy,
    );
    this.sweeper = new ExpirySweeper(deps, (conversationId, ids) => {
      this.deps.events.emit('messages.deleted', { conversationId, ids: [...ids] });
      this.emitConversations();
    });
    this.afterRead = new AfterReadExpiry(deps);
  }

  /**
   * Resumes the outbox: "sending" messages and control messages left by a crash or a quit go
   * out now, each message with a full minute again before "failed".
   */
  start(): void {
    // What expired while the app was closed goes before anything is listed or sent.
    this.sweeper.start();
    this.deps.db.outbox.restartClocks();
    this.sender.kick();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.listTimer);
    this.sender.stop();
    this.sweeper.stop();
  }

  /** Resolves once the swarm expiries started by reads have been sent (the CLI waits). */
  settled(): Promise<void> {
    return this.afterRead.settled();
  }

  private ownId(): SessionId {
    return this.deps.identity().sessionId;
  }

  /** Our own Session ID (the recipient of the copies for our other devices). */
  ownSessionId(): SessionId {
    return this.ownId();
  }

  private conversationOrThrow(id: SessionId): ConversationRecord {
    const c = this.deps.db.conversations.getConversation(id);
    if (!c) throw new IpcFailure('not-found', 'no such conversation', 'conversation.none');
    return c;
  }

  listConversations(): Conversation[] {
    return this.deps.db.conversations.listConversations('all').map((c) => {
      const last = c.lastMessage ? this.deps.db.messages.getMessage(c.lastMessage.id) : undefined;
      return toConversation(
        c,
        last ? toMessage(last).status : undefined,
        this.deps.db.disappearing.setting(c.id).setting,
        last ? (this.deps.attachments?.firstOf(last.id) ?? null) : null,
      );
    });
  }

  private conversation(id: SessionId): Conversation {
    const found = this.listConversations().find((c) => c.id === id);
    if (!found) throw new IpcFailure('not-found', 'no such conversation', 'conversation.none');
    return found;
  }

  checkSessionId(text: string): SessionIdCheck {
    const parsed = parseSessionIdInput(text);
    if (parsed.ok) return { sessionId: parsed.sessionId, problem: null };
    const { kind, ...params } = parsed.error;
    return { sessionId: null, problem: { reason: `sessionId.${kind}`, params } };
  }

  /** Opens (creating) the conversation with a valid Session ID; our own is Note to Self. */
  open(text: string): Conversation {
    const parsed = parseSessionIdInput(text);
    if (!parsed.ok) {
      const { kind, ...params } = parsed.error;
      throw new IpcFailure('invalid-arguments', `not a Session ID (${kind})`, `sessionId.${kind}`, params);
    }
    const id = parsed.sessionId;
    const now = this.deps.transport.now();
    const noteToSelf = id === this.ownId();
    this.deps.db.conversations.ensureConversation(
      { id, type: noteToSelf ? 'note_to_self' : 'private', approved: true },
      now,
    );
    // Starting a conversation with someone whose request waits accepts it: they are told so.
    if (this.conversationOrThrow(id).isRequest) this.acceptRequest(id);
    this.emitConversations();
    return this.conversation(id);
  }

  page(conversationId: SessionId, before: { shownAt: number; id: string } | null, limit: number): Message[] {
    let older: MessageCursor | undefined;
    if (before !== null) {
      if (!isMessageId(before.id)) throw new IpcFailure('invalid-arguments', 'not a message id');
      older = { shownAt: before.shownAt, id: before.id };
    }
    return this.viewAll(this.deps.db.messages.pageMessages(conversationId, older, limit)).reverse();
  }

  /** Records → IPC messages, with their quotes looked up and their reactions. */
  private viewAll(records: readonly MessageRecord[]): Message[] {
    const reactions = this.deps.db.reactions.forMessages(records.map((m) => m.id));
    const ownId = this.ownId();
    const files = this.deps.attachments?.viewsOf(records.map((m) => m.id));
    return records.map((m) =>
      toMessage(m, this.deps.db.outbox.lastError(m.id), {
        quote:
          m.quote === null || m.deletedAt !== null
            ? null
            : withQuotedFile(resolveQuote(this.deps.db, m.conversationId, m.quote), this.deps.attachments),
        reactions: reactions.get(m.id) ?? [],
        ownId,
        attachments: files?.get(m.id) ?? [],
      }),
    );
  }

  private view(m: MessageRecord): Message {
    const [one] = this.viewAll([m]);
    if (!one) throw new Error('a message view is missing');
    return one;
  }

  /** What the message actions borrow from the service (see message-actions.ts). */
  private host(): ActionHost {
    return {
      deps: this.deps,
      queueControl: (recipient, kind, content, sentAt) => this.queueControl(recipient, kind, content, sentAt),
      kick: () => {
        this.sender.kick();
      },
      emitMessages: (conversationId, ids) => {
        this.emitMessages(conversationId, ids);
      },
      emitConversations: () => {
        this.emitConversations();
      },
      view: (m) => this.view(m),
    };
  }

  /** The message a reply quotes: ours to see, in the same conversation, not deleted. */
  private quotable(conversationId: SessionId, replyTo: string): MessageRecord {
    if (!isMessageId(replyTo)) throw new IpcFailure('invalid-arguments', 'not a message id');
    const original = this.deps.db.messages.getMessage(replyTo);
    if (original?.conversationId !== conversationId)
      throw new IpcFailure('not-found', 'no such message in this conversation', 'message.none');
    if (original.deletedAt !== null)
      throw new IpcFailure('conflict', 'the message was deleted', 'message.deleted');
    return original;
  }

  /** Writes the message and its outbox rows in one transaction, then wakes the sender. */
  send(
    conversationId: SessionId,
    body: string,
    replyTo?: string,
    attachments: readonly string[] = [],
  ): Message {
    const c = this.conversationOrThrow(conversationId);
    if (c.blocked) throw new IpcFailure('conflict', 'this contact is blocked', 'conversation.blocked');
    if (attachments.length > 0 && !this.deps.attachments)
      throw new IpcFailure('unavailable', 'attachments are not available here');
    const original = replyTo === undefined ? undefined : this.quotable(conversationId, replyTo);
    const quote = original && quoteOf(original, this.deps.attachments?.firstOf(original.id)?.contentType);
    const id = newMessageId();
    const own = this.ownId();
    const now = this.deps.transport.now();
    this.deps.db.transaction(() => {
      // Replying to a request accepts it (Session sends its MessageRequestResponse first).
      if (c.isRequest) this.approveAndQueue(conversationId);
      const sentAt = this.nextSentAt(own, now);
      const { setting } = this.deps.db.disappearing.setting(conversationId);
      this.deps.db.outbox.insertOutgoing(
        {
          id,
          conversationId,
          sender: own,
          body,
          sentAt,
          syncToSelf: true,
          ...(quote !== undefined ? { quote } : {}),
          ...outgoingExpiry(setting, sentAt),
        },
        now,
        this.deps.transport.localNow(),
      );
      // Its files leave the staging area in the same transaction: both or neither.
      if (attachments.length > 0) this.deps.attachments?.attachStaged(id, attachments);
    });
    return this.view(this.queued(id));
  }

  /**
   * After an outgoing row (a message, a change of setting) was written: wakes the sender, plans
   * its disappearance, refreshes the list, and returns the stored row.
   */
  private queued(id: MessageId): MessageRecord {
    this.sender.kick();
    this.sweeper.plan();
    this.emitConversations();
    const stored = this.deps.db.messages.getMessage(id);
    if (!stored) throw new Error('the message just written is missing');
    return stored;
  }

  /**
   * Changes the conversation's disappearing setting: applied here, then announced to them and to
   * our other devices by a control message that also shows in the timeline (sent through the
   * outbox like a message: retried, and resendable if it fails). Note to Self only disappears
   * after send, as in Session.
   */
  setDisappearing(conversationId: SessionId, setting: DisappearingSetting): Message {
    const c = this.conversationOrThrow(conversationId);
    if (c.type === 'note_to_self' && setting.mode === 'after-read')
      throw new IpcFailure(
        'invalid-arguments',
        'Note to Self only disappears after send',
        'disappearing.note-to-self',
      );
    if (c.blocked) throw new IpcFailure('conflict', 'this contact is blocked', 'conversation.blocked');
    const id = newMessageId();
    const own = this.ownId();
    const now = this.deps.transport.now();
    this.deps.db.transaction(() => {
      const sentAt = this.nextSentAt(own, now);
      this.deps.db.disappearing.apply(conversationId, setting, sentAt, now);
      this.deps.db.outbox.insertOutgoing(
        {
          id,
          conversationId,
          sender: own,
          body: '',
          sentAt,
          syncToSelf: true,
          expirationUpdate: true,
          ...outgoingExpiry(setting, sentAt),
        },
        now,
        this.deps.transport.localNow(),
      );
    });
    return toMessage(this.queued(id));
  }

  /**
   * A sent timestamp later than any message we sent before: (sender, sent timestamp) is how
   * every Session client recognises a message, so two sends in one millisecond must differ.
   */
  private nextSentAt(own: SessionId, now: number): number {
    this.lastSentAt ??= this.deps.db.messages.latestSentAtBy(own) ?? 0;
    this.lastSentAt = Math.max(now, this.lastSentAt + 1);
    return this.lastSentAt;
  }

  /** Message search (FTS5, accents folded), newest first. */
  search(text: string, limit = 50): SearchHit[] {
    return this.deps.db.search(text, { limit }).map((h) => ({
      conversationId: h.conversationId,
      messageId: h.messageId,
      body: h.body,
      sentAt: h.sentAt,
      snippet: h.snippet,
    }));
  }

  resend(messageId: string): Message {
    if (!isMessageId(messageId)) throw new IpcFailure('invalid-arguments', 'not a message id');
    if (!this.deps.db.outbox.resend(messageId, this.deps.transport.localNow())) {
      throw new IpcFailure('conflict', 'only a failed message can be resent', 'message.not-failed');
    }
    this.deps.attachments?.resend(messageId);
    this.sender.kick();
    const m = this.deps.db.messages.getMessage(messageId);
    if (!m) throw new IpcFailure('not-found', 'no such message');
    this.emitMessages(m.conversationId, [m.id]);
    return this.view(m);
  }

  /** Delete for me: the message leaves this computer only (a failed one never left it). */
  deleteMessage(messageId: string): void {
    deleteForMe(this.host(), messageId);
  }

  /** Adds or removes our reaction to a message (message-actions.ts). */
  react(messageId: string, emoji: string, remove: boolean): Message {
    return react(this.host(), messageId, emoji, remove);
  }

  /** Delete for everyone; resolves with whether our swarm copies were deleted too. */
  unsend(messageId: string): Promise<boolean> {
    return unsend(this.host(), messageId);
  }

  /** The six emoji of the reaction bar. */
  recentReactions(): string[] {
    return recentReactions(this.deps.db);
  }

  /** The message with this local id, as the windows see it (the CLI prints from it). */
  message(messageId: string): Message | undefined {
    if (!isMessageId(messageId)) return undefined;
    const m = this.deps.db.messages.getMessage(messageId);
    return m ? this.view(m) : undefined;
  }

  /** Marks a conversation read; with read receipts on, tells the sender which messages. */
  markRead(conversationId: SessionId): void {
    const c = this.conversationOrThrow(conversationId);
    let started: ReturnType<AfterReadExpiry['start']> = [];
    const queued = this.deps.db.transaction(() => {
      const now = this.deps.transport.now();
      const times = this.deps.db.conversations.markConversationRead(conversationId, now);
      started = this.afterRead.start(conversationId, now);
      if (times.length === 0 || !this.deps.settings().readReceipts || c.isRequest || c.type !== 'private')
        return false;
      this.queueControl(conversationId, 'read-receipt', {
        receiptMessage: { type: 'READ', timestamp: times },
      });
      return true;
    });
    if (queued) this.sender.kick();
    if (started.length > 0) {
      this.afterRead.shortenOnSwarm(started);
      this.sweeper.plan();
      this.emitMessages(
        conversationId,
        started.map((t) => t.id),
      );
    }
    this.emitConversations();
  }

  /**
   * Accepts a request: the conversation is approved and the MessageRequestResponse (with what
   * was read meanwhile, if the user shares receipts) is queued in the same transaction.
   */
  acceptRequest(conversationId: SessionId): void {
    this.conversationOrThrow(conversationId);
    this.approveAndQueue(conversationId);
    this.sender.kick();
    this.emitConversations();
  }

  /** The writes of accepting a request, in one transaction (or the caller's). */
  private approveAndQueue(conversationId: SessionId): void {
    this.deps.db.transaction(() => {
      this.deps.db.conversations.updateConversation(
        conversationId,
        { isRequest: false, approved: true },
        this.deps.transport.now(),
      );
      const name = this.deps.displayName();
      this.queueControl(conversationId, 'request-response', {
        messageRequestResponse: {
          isApproved: true,
          ...(name !== null ? { profile: { displayName: name } } : {}),
        },
      });
      if (this.deps.settings().readReceipts) {
        const read = this.deps.db.messages
          .pageMessages(conversationId, undefined, 500)
          .filter((m) => m.direction === 'in' && m.status === 'read')
          .map((m) => m.sentAt);
        if (read.length > 0)
          this.queueControl(conversationId, 'read-receipt', {
            receiptMessage: { type: 'READ', timestamp: read },
          });
      }
    });
  }

  /** Control messages still queued for a conversation, oldest first (the CLI waits for them). */
  pendingControl(conversationId: SessionId): ControlKind[] {
    return this.deps.db.control.pendingKinds(conversationId);
  }

  declineRequest(conversationId: SessionId): void {
    this.conversationOrThrow(conversationId);
    this.deps.db.conversations.deleteConversation(conversationId);
    this.emitConversations();
  }

  /** Our typing state, sent only with the setting on, and at most every 10 s while typing. */
  typing(conversationId: SessionId, typing: boolean): void {
    if (!this.deps.settings().typingIndicators) return;
    const c = this.deps.db.conversations.getConversation(conversationId);
    if (!c || c.isRequest || c.type !== 'private') return;
    const now = this.deps.transport.now();
    const last = this.typingSentAt.get(conversationId);
    if (typing && last !== undefined && now - last < TYPING_RESEND_MS) return;
    if (typing) this.typingSentAt.set(conversationId, now);
    else this.typingSentAt.delete(conversationId);
    this.sendEphemeral(conversationId, {
      typingMessage: { timestamp: now, action: typing ? 'STARTED' : 'STOPPED' },
    });
  }

  contacts(): Contact[] {
    return this.deps.db.conversations
      .listConversations('all')
      .filter((c) => c.type === 'private' && (c.approved || c.blocked))
      .map((c) => ({ sessionId: c.id, name: c.displayName, nickname: c.nickname, blocked: c.blocked }));
  }

  setNickname(sessionId: SessionId, nickname: string | null): void {
    this.conversationOrThrow(sessionId);
    this.deps.db.conversations.updateConversation(
      sessionId,
      { nickname: nickname === null ? null : cleanName(nickname) },
      this.deps.transport.now(),
    );
    this.emitConversations();
  }

  setBlocked(sessionId: SessionId, blocked: boolean): void {
    const now = this.deps.transport.now();
    this.deps.db.conversations.ensureConversation({ id: sessionId, type: 'private' }, now);
    this.deps.db.transaction(() => {
      this.deps.db.conversations.updateConversation(
        sessionId,
        { blocked, ...(blocked ? { isRequest: false } : {}) },
        now,
      );
      // A receipt still queued would tell someone just blocked that we read them.
      if (blocked) this.deps.db.control.removeFor(sessionId);
    });
    this.emitConversations();
  }

  /**
   * Hands what the poller found to the incoming pipeline, in slices of one transaction each,
   * yielding between slices: catching up on a thousand messages never freezes the app.
   */
  async receive(polled: readonly Polled[]): Promise<number> {
    let dropped = 0;
    for (let i = 0; i < polled.length; i += RECEIVE_SLICE) {
      // Closing mid-way: throwing keeps the poller's positions where they were, so the rest is
      // fetched again at the next start (what was stored already is dropped as a copy).
      if (this.stopped) throw new Error('messaging stopped before every polled message was handled');
      const slice = polled.slice(i, i + RECEIVE_SLICE);
      const changes = this.deps.db.transaction(() =>
        processIncoming(this.deps, slice, this.deps.transport.now()),
      );
      dropped += changes.dropped;
      for (const [conversationId, ids] of changes.messages) this.emitMessages(conversationId, ids);
      for (const [conversationId, ids] of changes.removed)
        this.deps.events.emit('messages.deleted', { conversationId, ids });
      for (const action of changes.actions) this.deps.events.emit('messages.action', action);
      for (const t of changes.typing) this.deps.events.emit('typing.changed', t);
      if (changes.conversations.size > 0) this.emitConversations();
      if (changes.messages.size > 0) this.sweeper.plan();
      if (i + RECEIVE_SLICE < polled.length) await new Promise((r) => setImmediate(r));
    }
    return dropped;
  }

  /**
   * Queues a control message in the crash-safe outbox (inside the caller's transaction): it
   * leaves even if the process exits right after. Its sent timestamp is unique like a message's.
   */
  private queueControl(
    recipient: SessionId,
    kind: ControlKind,
    content: ContentMessage,
    at?: number,
  ): number {
    const now = this.deps.transport.now();
    const sentAt = at ?? this.nextSentAt(this.ownId(), now);
    this.deps.db.control.enqueue(
      { recipient, kind, content: encodeContent(content), sentAt },
      now,
      this.deps.transport.localNow(),
    );
    return sentAt;
  }

  /** Typing indicators: best effort, a few quick tries, never queued (late, they would lie). */
  private sendEphemeral(recipient: SessionId, content: ContentMessage): void {
    const attempt = async (n: number): Promise<void> => {
      try {
        const built = buildOutgoing1o1({
          senderIdentity: this.deps.identity(),
          recipientSessionId: recipient,
          content,
          sentAt: this.deps.transport.now(),
        });
        await this.deps.transport.store(recipient, built.data);
      } catch (error) {
        if (n < 3) setTimeout(() => void attempt(n + 1), 1000 * n).unref();
        else
          this.deps.log(`control message not delivered: ${error instanceof Error ? error.message : 'error'}`);
      }
    };
    void attempt(1);
  }

  private emitMessages(conversationId: SessionId, ids: readonly string[]): void {
    const records: MessageRecord[] = [];
    for (const id of ids) {
      if (!isMessageId(id)) continue;
      const m = this.deps.db.messages.getMessage(id);
      if (m) records.push(m);
    }
    const messages = this.viewAll(records);
    if (messages.length > 0) this.deps.events.emit('messages.changed', { conversationId, messages });
  }

  /** The list is rebuilt at most once per short window, however many changes arrive. */
  private emitConversations(): void {
    if (this.listTimer !== undefined || this.stopped) return;
    this.listTimer = setTimeout(() => {
      this.listTimer = undefined;
      if (!this.stopped) this.deps.events.emit('conversations.changed', this.listConversations());
    }, LIST_COALESCE_MS);
  }
}

/**
 * The disappearing fields of a message we send now: its setting, and its deletion time. Our own
 * messages start their timer when sent in both modes, as Session Desktop does
 * (`checkForExpiringOutgoingMessage`): we have read what we wrote.
 */
function outgoingExpiry(
  setting: DisappearingSetting,
  sentAt: number,
): { expiry: DisappearingSetting; expiresAt?: number } {
  if (setting.mode === 'off') return { expiry: setting };
  return { expiry: setting, expiresAt: sentAt + setting.seconds * 1000 };
}
