import type { SessionId } from '../../crypto/keys';
import { isMessageId, type ControlKind, type MessageCursor, type MessageId } from '../db';
import type { Contact, Conversation, Message, SearchHit, SessionIdCheck } from '../../shared/ipc/messaging';
import { IpcFailure } from '../../shared/ipc/result';
import type { ChangeSource } from '../domain/events';
import type { MessagingDeps } from './deps';
import type { MessagingHost } from './host';
import { announceIncoming, type IncomingChanges, type Polled } from './incoming';
import { receiveInSlices } from './receive-slices';
import { processGroupIncoming, type GroupDelivery } from './group-incoming';
import { toMessage } from './mappers';
import { MessageViews } from './message-views';
import { deleteForMe, react, unsend } from './message-actions';
import { checkSessionId } from './session-id-input';
import { SentClock } from './sent-clock';
import { changeDisappearing, sendMessage, type OutgoingContext } from './outgoing';
import { recentReactions } from './reactions';
import { acceptRequest, declineRequest } from './requests';
import { queueReadReceipt } from './read-receipts';
import { TypingIndicators } from './typing';
import { listContacts, setBlocked, setNickname } from './contacts';
import { ConversationOpening, conversationOrThrow } from './conversation-opening';
import { OutboxSender } from './outbox-sender';
import { DEFAULT_RETRY, type RetryPolicy } from './backoff';
import type { DisappearingSetting } from '../../shared/disappearing';
import type { ContentMessage } from '../../swarm/messages/index';
import { withInviterName } from './inviter-name';
import { writtenMessage } from './written-message';
import { AfterReadExpiry } from './disappearing/after-read';
import { ExpirySweeper } from './disappearing/sweeper';

/**
 * 1-to-1 messaging on one profile: the outbox (send, setDisappearing), incoming messages
 * (receive), and the features around them in their own modules — message requests
 * (requests.ts), read receipts (read-receipts.ts), typing indicators (typing.ts), message
 * actions, contacts. Every change is written first, then announced on the domain bus (ids).
 */
export class MessagingService {
  private readonly sender: OutboxSender;
  private readonly sweeper: ExpirySweeper;
  private readonly afterRead: AfterReadExpiry;
  private readonly typingIndicators: TypingIndicators;
  private readonly views: MessageViews;
  private readonly host: MessagingHost;
  private readonly clock: SentClock;
  private readonly opening: ConversationOpening;
  private stopped = false;

  constructor(
    private readonly deps: MessagingDeps,
    policy: RetryPolicy = DEFAULT_RETRY,
  ) {
    this.sender = new OutboxSender(
      deps,
      (conversationId, ids) => {
        this.emitMessages(conversationId, ids);
        this.emitConversations([conversationId], 'sending');
      },
      policy,
    );
    this.sweeper = new ExpirySweeper(deps, (conversationId, ids) => {
      this.deps.bus.emit({ type: 'messages.deleted', conversationId, ids: [...ids] });
      this.emitConversations([conversationId]);
    });
    this.afterRead = new AfterReadExpiry(deps);
    this.typingIndicators = new TypingIndicators(deps);
    this.views = new MessageViews(deps);
    this.clock = new SentClock(deps);
    this.host = {
      deps,
      queueControl: (recipient, kind, content, sentAt) =>
        this.clock.queueControl(recipient, kind, content, sentAt),
      kick: () => {
        this.sender.kick();
      },
      emitMessages: (conversationId, ids) => {
        this.emitMessages(conversationId, ids);
      },
      emitConversations: (ids) => {
        this.emitConversations(ids);
      },
      view: (m) => this.views.one(m),
    };
    this.opening = new ConversationOpening(this.host, (id) => this.conversation(id));
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

  /**
   * Whether the message is still queued for its recipient and since when it has been tried
   * (null: only waited for the network so far). Undefined: not queued.
   */
  queuedSince(id: MessageId, conversationId: string): { readonly firstTriedAt: number | null } | undefined {
    const row = this.deps.db.outbox.queuedSince(id);
    if (row === undefined) return undefined;
    return { firstTriedAt: row.firstTriedAt ?? this.sender.triedSince(id, conversationId) ?? null };
  }

  stop(): void {
    this.stopped = true;
    this.sender.stop();
    this.sweeper.stop();
  }

  /** Stopped (closing, locked): its database may be closed, nothing may be read from it. */
  isStopped(): boolean {
    return this.stopped;
  }

  /** Resolves once the swarm expiries started by reads have been sent (the CLI waits). */
  settled(): Promise<void> {
    return this.afterRead.settled();
  }

  private ownId(): SessionId {
    return this.deps.identity().sessionId;
  }

  /**
   * Queues a control message whose content depends on its sent timestamp (a group invitation
   * signs it), inside the caller's transaction; `kickOutbox` sends what was queued.
   */
  queueTimedControl(
    recipient: SessionId,
    kind: ControlKind,
    build: (sentAt: number) => ContentMessage,
  ): number {
    const sentAt = this.clock.next(this.deps.transport.now());
    const named = withInviterName(kind, build(sentAt), this.deps.displayName());
    return this.clock.queueControl(recipient, kind, named, sentAt);
  }

  kickOutbox(): void {
    this.sender.kick();
  }

  /** Our own Session ID (the recipient of the copies for our other devices). */
  ownSessionId(): SessionId {
    return this.ownId();
  }

  listConversations(): Conversation[] {
    return this.views.listConversations();
  }

  /** One conversation as the windows see it (the notifier asks, per incoming message). */
  conversationView(id: SessionId): Conversation | undefined {
    return this.views.conversation(id);
  }

  /** Unread messages outside blocked and muted conversations at `now` (a notification's count). */
  unreadNotMuted(now: number): number {
    return this.deps.db.mute.unreadNotMuted(now);
  }

  /** These messages of one conversation as the windows see them (the IPC projection asks). */
  messageViews(conversationId: SessionId, ids: readonly string[]): Message[] {
    return this.views.byIds(conversationId, ids);
  }

  private conversation(id: SessionId): Conversation {
    const found = this.views.conversation(id);
    if (!found) throw new IpcFailure('not-found', 'no such conversation', 'conversation.none');
    return found;
  }

  checkSessionId(text: string): SessionIdCheck {
    return checkSessionId(text);
  }

  /** Opens (creating) the conversation with a valid Session ID; our own is Note to Self. */
  open(text: string): Conversation {
    return this.opening.open(text);
  }

  page(conversationId: SessionId, before: { shownAt: number; id: string } | null, limit: number): Message[] {
    let older: MessageCursor | undefined;
    if (before !== null) {
      if (!isMessageId(before.id)) throw new IpcFailure('invalid-arguments', 'not a message id');
      older = { shownAt: before.shownAt, id: before.id };
    }
    return this.views.all(this.deps.db.messages.pageMessages(conversationId, older, limit)).reverse();
  }

  /** Writes the message and its outbox rows in one transaction, then wakes the sender (outgoing.ts). */
  send(
    conversationId: SessionId,
    body: string,
    replyTo?: string,
    attachments: readonly string[] = [],
  ): Message {
    const sent = sendMessage(this.outgoing(), conversationId, body, replyTo, attachments);
    this.opening.written(conversationId);
    const [view] = this.views.byIds(sent.conversationId, sent.ids);
    if (!view) throw new Error('the message just written is missing');
    return view;
  }

  /** Changes the conversation's disappearing setting, announced by a control message (outgoing.ts). */
  setDisappearing(conversationId: SessionId, setting: DisappearingSetting): Message {
    return toMessage(changeDisappearing(this.outgoing(), conversationId, setting));
  }

  private outgoing(): OutgoingContext {
    return {
      host: this.host,
      clock: this.clock,
      queued: (id, conversationId, source, written) => {
        // 'sending': the message alone was queued, its own rows start; anything else (an
        // approval's response, a timer change) wakes the whole queue.
        if (source === 'sending' && written !== undefined) this.sender.startWritten(written);
        else this.sender.kick();
        const [row] = written ?? [];
        // A message that never disappears moves no expiry: the timer already planned stays
        // right, without reading the next expiry again for each message sent (issue #15).
        if (source !== 'sending' || row?.expiresAt !== null) this.sweeper.plan();
        const ids = [id];
        // A message queued alone: its view is built from the rows just written (its readers
        // would otherwise read back, and zod-check, the values this turn has just bound).
        if (source === 'sending' && row !== undefined)
          this.views.written(writtenMessage(row, this.deps.identity().sessionId), ids);
        this.deps.bus.emit({ type: 'messages.stored', conversationId, ids, outgoing: true });
        this.emitConversations([conversationId], source);
        return ids;
      },
    };
  }

  /**
   * A group's decrypted namespace-11 messages (group-incoming.ts), inside the groups service's
   * receiving transaction; `announce` the result once it committed.
   */
  receiveGroup(groupId: SessionId, items: readonly GroupDelivery[]): IncomingChanges {
    return processGroupIncoming(this.deps, groupId, items, this.deps.transport.now());
  }

  announce(changes: IncomingChanges): void {
    announceIncoming(this.deps.bus, changes);
    if (changes.stored.size > 0 || changes.messages.size > 0) this.sweeper.plan();
  }

  /** Message search (FTS5, accents folded), newest first. */
  search(text: string, limit = 50): SearchHit[] {
    return this.views.search(text, limit);
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
    return this.views.one(m);
  }

  /** Delete for me: the message leaves this computer only (a failed one never left it). */
  deleteMessage(messageId: string): void {
    deleteForMe(this.host, messageId);
  }

  /** Adds or removes our reaction to a message (message-actions.ts). */
  react(messageId: string, emoji: string, remove: boolean): Message {
    return react(this.host, messageId, emoji, remove);
  }

  /** Delete for everyone; resolves with whether our swarm copies were deleted too. */
  unsend(messageId: string): Promise<boolean> {
    return unsend(this.host, messageId);
  }

  /** The six emoji of the reaction bar. */
  recentReactions(): string[] {
    return recentReactions(this.deps.db);
  }

  /** The message with this local id, as the windows see it (the CLI prints from it). */
  message(messageId: string): Message | undefined {
    if (!isMessageId(messageId)) return undefined;
    const m = this.deps.db.messages.getMessage(messageId);
    return m ? this.views.one(m) : undefined;
  }

  /** Marks a conversation read; with read receipts on, tells the sender which messages. */
  markRead(conversationId: SessionId): void {
    const c = conversationOrThrow(this.deps.db, conversationId);
    let started: ReturnType<AfterReadExpiry['start']> = [];
    const queued = this.deps.db.transaction(() => {
      const now = this.deps.transport.now();
      const times = this.deps.db.conversations.markConversationRead(conversationId, now);
      started = this.afterRead.start(conversationId, now);
      return queueReadReceipt(this.host, c, times);
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
    this.emitConversations([conversationId]);
  }

  /** Accepts a message request (requests.ts); a group's invitation is accepted by the groups service. */
  async acceptRequest(conversationId: SessionId): Promise<void> {
    const c = conversationOrThrow(this.deps.db, conversationId);
    if (c.type === 'group') {
      if (!this.deps.groupRequests) throw new IpcFailure('unavailable', 'groups are not available here');
      await this.deps.groupRequests.accept(conversationId);
      return;
    }
    acceptRequest(this.host, conversationId);
  }

  /** Control messages still queued for a conversation, oldest first (the CLI waits for them). */
  pendingControl(conversationId: SessionId): ControlKind[] {
    return this.deps.db.control.pendingKinds(conversationId);
  }

  /** The window left a conversation it opened and never used: it goes (unused-conversations.ts). */
  discardUnused(conversationId: SessionId): boolean {
    return this.opening.discardUnused(conversationId);
  }

  /** Declines a message request (requests.ts); a group's invitation through the groups service. */
  declineRequest(conversationId: SessionId): void {
    const c = conversationOrThrow(this.deps.db, conversationId);
    if (c.type === 'group') {
      if (!this.deps.groupRequests) throw new IpcFailure('unavailable', 'groups are not available here');
      this.deps.groupRequests.decline(conversationId);
      return;
    }
    declineRequest(this.host, conversationId);
  }

  /** Our typing state (typing.ts). */
  typing(conversationId: SessionId, typing: boolean): void {
    this.typingIndicators.send(conversationId, typing);
  }

  contacts(): Contact[] {
    return listContacts(this.host);
  }

  setNickname(sessionId: SessionId, nickname: string | null): void {
    conversationOrThrow(this.deps.db, sessionId);
    setNickname(this.host, sessionId, nickname);
  }

  setBlocked(sessionId: SessionId, blocked: boolean): void {
    setBlocked(this.host, sessionId, blocked);
  }

  /**
   * Hands what the poller found to the incoming pipeline, in slices of one transaction each,
   * yielding between slices: catching up on a thousand messages never freezes the app.
   */
  receive(polled: readonly Polled[]): Promise<number> {
    return receiveInSlices(this.deps, polled, {
      stopped: () => this.stopped,
      stored: () => {
        this.sweeper.plan();
      },
    });
  }

  private emitMessages(conversationId: SessionId, ids: readonly string[]): void {
    if (ids.length > 0) this.deps.bus.emit({ type: 'messages.changed', conversationId, ids: [...ids] });
  }

  private emitConversations(ids: readonly SessionId[], source: ChangeSource = 'local'): void {
    if (!this.stopped) this.deps.bus.emit({ type: 'conversations.changed', ids: [...ids], source });
  }
}
