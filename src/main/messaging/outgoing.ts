/**
 * What we write to be sent: a message (text, a reply, files) and a change of the disappearing
 * setting. Each is written with its outbox rows in one transaction, then announced: the
 * message as stored (outgoing: nothing to notify) and its conversation as changed by
 * 'sending' — only the list's preview moved, nothing config sync collects — unless it also
 * approved a request or changed the timer, which are config fields.
 */
import type { SessionId } from '../../crypto/keys';
import type { DisappearingSetting } from '../../shared/disappearing';
import { IpcFailure } from '../../shared/ipc/result';
import {
  newMessageId,
  type ConversationState,
  type MessageId,
  type MessageRecord,
  type OutboxItem,
  type SendState,
} from '../db';
import type { ChangeSource } from '../domain/events';
import { outgoingExpiry } from './disappearing/outgoing';
import type { MessagingHost } from './host';
import { quotableOrThrow, quoteOf } from './quotes';
import { approveAndQueue } from './requests';
import type { SentClock } from './sent-clock';

export interface OutgoingContext {
  readonly host: MessagingHost;
  readonly clock: SentClock;
  /**
   * After the row was written: wake the sender, plan its disappearance, announce it. Returns
   * the ids of the `messages.stored` event, the very list its readers were given. `written`:
   * the outbox rows of a message queued alone ('sending'), which the sender starts as they are.
   */
  readonly queued: (
    id: MessageId,
    conversationId: SessionId,
    source: ChangeSource,
    written?: readonly OutboxItem[],
  ) => readonly string[];
}

/**
 * A message just written and announced: its conversation and the announced list of ids. The
 * windows' projection read its view for that event in this same turn; asking for the view with
 * the same list gets that read again (MessageViews.byIds) instead of a third read of the row.
 */
export interface Announced {
  readonly conversationId: SessionId;
  readonly ids: readonly string[];
}

/**
 * What a send checks of its conversation (kind and flags), read as those four columns: the
 * whole record (the last message joined, eighteen columns checked) was read once per message.
 */
function stateOrThrow(ctx: OutgoingContext, id: SessionId): ConversationState {
  const c = ctx.host.deps.db.conversations.conversationState(id);
  if (!c) throw new IpcFailure('not-found', 'no such conversation', 'conversation.none');
  return c;
}

/** As `stateOrThrow`, with the disappearing setting a message is written under (one read). */
function sendStateOrThrow(ctx: OutgoingContext, id: SessionId): SendState {
  const c = ctx.host.deps.db.conversations.sendState(id);
  if (!c) throw new IpcFailure('not-found', 'no such conversation', 'conversation.none');
  return c;
}

/** Posting to a group takes being one of its members (an invitation is accepted first). */
function memberOrThrow(ctx: OutgoingContext, groupId: SessionId): void {
  if (ctx.host.deps.db.groups.get(groupId)?.status !== 'joined')
    throw new IpcFailure('conflict', 'you are not a member of this group', 'group.not-member');
}

/** Writes the message and its outbox rows in one transaction (its staged files with them). */
export function sendMessage(
  ctx: OutgoingContext,
  conversationId: SessionId,
  body: string,
  replyTo?: string,
  attachments: readonly string[] = [],
): Announced {
  const { deps } = ctx.host;
  const c = sendStateOrThrow(ctx, conversationId);
  if (c.blocked) throw new IpcFailure('conflict', 'this contact is blocked', 'conversation.blocked');
  if (c.type === 'group') memberOrThrow(ctx, conversationId);
  if (attachments.length > 0 && !deps.attachments)
    throw new IpcFailure('unavailable', 'attachments are not available here');
  const original = replyTo === undefined ? undefined : quotableOrThrow(deps.db, conversationId, replyTo);
  const quote = original && quoteOf(original, deps.attachments?.firstOf(original.id)?.contentType);
  const id = newMessageId();
  const own = deps.identity().sessionId;
  const now = deps.transport.now();
  const approves = c.isRequest && c.type !== 'group';
  const written = deps.db.transaction(() => {
    // Replying to a request accepts it (Session sends its MessageRequestResponse first).
    if (approves) approveAndQueue(ctx.host, conversationId);
    const sentAt = ctx.clock.next(now);
    // Read with the conversation above, in this same synchronous call: nothing wrote it since
    // (an approval changes the request flags only).
    const { setting } = c.disappearing;
    const rows = deps.db.outbox.insertOutgoingIn(
      {
        id,
        conversationId,
        sender: own,
        body,
        sentAt,
        syncToSelf: true,
        // Read just above (its state, or its state and setting).
        conversationExists: true,
        ...(quote !== undefined ? { quote } : {}),
        ...outgoingExpiry(setting, sentAt),
      },
      now,
      deps.transport.localNow(),
    );
    // Its files leave the staging area in the same transaction: both or neither.
    if (attachments.length > 0) deps.attachments?.attachStaged(id, attachments);
    return rows;
  });
  // Only an approval is a config change; the message itself moves the list's preview.
  return {
    conversationId,
    ids: approves
      ? ctx.queued(id, conversationId, 'local')
      : ctx.queued(id, conversationId, 'sending', written),
  };
}

/**
 * Changes the conversation's disappearing setting: applied here, then announced to them and to
 * our other devices by a control message that also shows in the timeline (sent through the
 * outbox like a message: retried, and resendable if it fails). Note to Self only disappears
 * after send, as in Session.
 */
export function changeDisappearing(
  ctx: OutgoingContext,
  conversationId: SessionId,
  setting: DisappearingSetting,
): MessageRecord {
  const { deps } = ctx.host;
  const c = stateOrThrow(ctx, conversationId);
  if (c.type === 'group')
    throw new IpcFailure('invalid-arguments', 'a group’s timer is set by its admins', 'disappearing.group');
  if (c.type === 'note_to_self' && setting.mode === 'after-read')
    throw new IpcFailure(
      'invalid-arguments',
      'Note to Self only disappears after send',
      'disappearing.note-to-self',
    );
  if (c.blocked) throw new IpcFailure('conflict', 'this contact is blocked', 'conversation.blocked');
  const id = newMessageId();
  const own = deps.identity().sessionId;
  const now = deps.transport.now();
  deps.db.transaction(() => {
    const sentAt = ctx.clock.next(now);
    deps.db.disappearing.apply(conversationId, setting, sentAt, now);
    deps.db.outbox.insertOutgoingIn(
      {
        id,
        conversationId,
        sender: own,
        body: '',
        sentAt,
        syncToSelf: true,
        // Read just above (its state, or its state and setting).
        conversationExists: true,
        expirationUpdate: true,
        ...outgoingExpiry(setting, sentAt),
      },
      now,
      deps.transport.localNow(),
    );
  });
  const stored = deps.db.messages.getMessage(id);
  if (!stored) throw new Error('the message just written is missing');
  // The timer is a config field (Contacts `e`/`E`, UserProfile `e`).
  ctx.queued(id, conversationId, 'local');
  return stored;
}
