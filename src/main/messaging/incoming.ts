import { isSessionId } from '../../crypto/session-id';
import type { SessionId } from '../../crypto/keys';
import { openIncoming1o1, type Opened1o1 } from '../../swarm/messages/index';
import { isMessageHash, newMessageId } from '../db';
import type { MessagingDeps } from './deps';
import { cleanName } from './names';
import type { MessageAction } from '../../shared/ipc/messaging';
import { quoteFromWire } from './quotes';
import { applyReaction } from './reactions';
import { applyUnsend } from './unsend';
import { isExpirationUpdate, settingOf } from './disappearing/wire';
import { bodyWithInvitation, invitationOf, saveInvitation } from './community-invitation';
import type { DisappearingSetting } from '../../shared/disappearing';
import type { DomainBus } from '../domain/bus';
import type { ProfilePicture } from '../domain/events';
import { applyReadReceipt } from './read-receipts';
import { applyRequestResponse } from './requests';
import { incomingTyping } from './typing';

/**
 * The longest body we accept, in Unicode code points. Session's clients send at most 2 000
 * characters (10 000 with Session Pro's longer messages) and we send at most
 * `MESSAGE_BODY_MAX` (6 000); the storage server alone would let ~57 000 characters through.
 * A longer body is hostile or broken: it is dropped and counted, like any undecodable message,
 * so it can neither bloat the database nor stall the window (docs/protocol-notes.md).
 */
export const INCOMING_BODY_MAX = 10_000;

/** Counts code points only up to the limit: a long body costs no more than a short one. */
export function bodyTooLong(body: string): boolean {
  if (body.length <= INCOMING_BODY_MAX) return false; // UTF-16 units ≥ code points
  let points = 0;
  for (const _ of body) if (++points > INCOMING_BODY_MAX) return true;
  return false;
}

/** A message from our swarm's namespace 0, as the poller hands it over. */
export interface Polled {
  readonly hash: string;
  /** The stored bytes (decoded from base64 once, where the RPC answer is parsed). */
  readonly data: Uint8Array;
  readonly timestamp: number;
  readonly expiration: number | undefined;
}

/** What changed, so the service emits exactly the events the windows need. */
export interface IncomingChanges {
  /** New rows, by conversation. */
  readonly stored: Map<SessionId, string[]>;
  /** Existing rows changed (read by them, reacted to, unsent), by conversation. */
  readonly messages: Map<SessionId, string[]>;
  readonly conversations: Set<SessionId>;
  readonly typing: { readonly conversationId: SessionId; readonly typing: boolean }[];
  /** Reactions and unsends applied, for `messages.action` (and `receive --json`). */
  readonly actions: MessageAction[];
  /** Messages gone completely (an unsend in Note to Self). */
  readonly removed: Map<SessionId, string[]>;
  /** Profiles pictures their messages carried (null: none), the newest per sender. */
  readonly pictures: Map<SessionId, ProfilePicture | null>;
  dropped: number;
}

function note(
  changes: IncomingChanges,
  conversationId: SessionId,
  messageId?: string,
  kind: 'stored' | 'changed' = 'changed',
): void {
  changes.conversations.add(conversationId);
  if (messageId === undefined) return;
  const byConversation = kind === 'stored' ? changes.stored : changes.messages;
  const list = byConversation.get(conversationId) ?? [];
  list.push(messageId);
  byConversation.set(conversationId, list);
}

/** Announces one slice's changes on the domain bus, once its transaction committed. */
export function announceIncoming(bus: DomainBus, changes: IncomingChanges): void {
  for (const [conversationId, ids] of changes.stored)
    bus.emit({ type: 'messages.stored', conversationId, ids });
  for (const [conversationId, ids] of changes.messages)
    bus.emit({ type: 'messages.changed', conversationId, ids });
  for (const [conversationId, ids] of changes.removed)
    bus.emit({ type: 'messages.deleted', conversationId, ids });
  for (const action of changes.actions) bus.emit({ type: 'message.action', action });
  // One state per conversation, its last: each message of a slice ends its sender's indicator,
  // and a slice of 100 from one sender said "stopped typing" 100 times at once, each an event
  // through to the host's thread (issue #15: the receiver's CPU per message).
  const typing = new Map<SessionId, boolean>();
  for (const t of changes.typing) typing.set(t.conversationId, t.typing);
  for (const [conversationId, state] of typing)
    bus.emit({ type: 'typing.changed', conversationId, typing: state });
  // After the transaction: fetching a picture may take its time.
  for (const [sender, picture] of changes.pictures)
    bus.emit({ type: 'profile-picture.received', sender, picture });
  if (changes.conversations.size > 0)
    bus.emit({ type: 'conversations.changed', ids: [...changes.conversations], source: 'incoming' });
}

/**
 * Decrypts, verifies and stores what the poller found, in one transaction. Anything that does not
 * open (not for us, corrupted, replayed under a new timestamp) is dropped and counted, never
 * thrown; duplicates are dropped by the database (same hash, or same sender and sent timestamp).
 */
export function processIncoming(
  deps: MessagingDeps,
  polled: readonly Polled[],
  now: number,
): IncomingChanges {
  // Each message's rows are written inside this one transaction, without a savepoint each.
  return deps.db.transaction(() => processInTransaction(deps, polled, now));
}

function processInTransaction(deps: MessagingDeps, polled: readonly Polled[], now: number): IncomingChanges {
  const changes: IncomingChanges = {
    stored: new Map(),
    messages: new Map(),
    conversations: new Set(),
    typing: [],
    actions: [],
    removed: new Map(),
    pictures: new Map(),
    dropped: 0,
  };
  const identity = deps.identity();
  for (const p of polled) {
    if (!isMessageHash(p.hash)) {
      changes.dropped++;
      continue;
    }
    // Already expired on the swarm (a node that has not swept yet, or a page fetched again):
    // a disappearing message deleted here must not come back from its own swarm copy.
    if (p.expiration !== undefined && p.expiration <= now) continue;
    const opened = openIncoming1o1({ ourIdentity: identity, data: p.data });
    if (!opened.ok) {
      deps.log(`dropped an incoming message: ${opened.error.kind}`);
      changes.dropped++;
      continue;
    }
    const body = opened.content.dataMessage?.body;
    if (body !== undefined && bodyTooLong(body)) {
      deps.log('dropped an incoming message: body-too-long');
      changes.dropped++;
      continue;
    }
    if (opened.isSync) handleSync(deps, opened, p, now, changes);
    else handleFromOther(deps, opened, p, now, changes);
  }
  return changes;
}

/**
 * An unsend signed by `sender` (Content 9). One naming someone else's message is forged and
 * ignored: only a message's author may take it back.
 */
function handleUnsend(deps: MessagingDeps, o: Opened1o1, now: number, changes: IncomingChanges): void {
  const request = o.content.unsendRequest;
  if (request === undefined) return;
  const outcome = applyUnsend(deps.db, deps.identity().sessionId, o.senderSessionId, request, now);
  if (outcome.kind === 'forged') {
    deps.log('ignored an unsend for a message its sender did not write');
    return;
  }
  if (outcome.kind !== 'applied') return;
  const { action, conversationId } = outcome;
  changes.actions.push(action);
  if (outcome.removed) {
    const gone = changes.removed.get(conversationId) ?? [];
    gone.push(action.messageId);
    changes.removed.set(conversationId, gone);
    changes.conversations.add(conversationId);
  } else note(changes, conversationId, action.messageId);
  for (const id of outcome.quotedBy) note(changes, conversationId, id);
}

/** A reaction in `conversationId` by the envelope's sender. */
function handleReaction(
  deps: MessagingDeps,
  o: Opened1o1,
  conversationId: SessionId,
  changes: IncomingChanges,
): void {
  const reaction = o.content.dataMessage?.reaction;
  if (reaction === undefined) return;
  const action = applyReaction(deps.db, conversationId, o.senderSessionId, reaction, o.sentAt);
  if (action?.kind !== 'reaction') return;
  changes.actions.push(action);
  note(changes, conversationId, action.messageId);
}

/** A copy of something we sent from another device: it belongs to the conversation it names. */
function handleSync(
  deps: MessagingDeps,
  o: Opened1o1,
  p: Polled,
  now: number,
  changes: IncomingChanges,
): void {
  const target = o.content.dataMessage?.syncTarget;
  const conversationId = target !== undefined && isSessionId(target) ? target : o.senderSessionId;
  handleUnsend(deps, o, now, changes);
  handleReaction(deps, o, conversationId, changes);
  const invitation = invitationOf(o.content.dataMessage);
  const body = bodyWithInvitation(o.content.dataMessage?.body, invitation);
  const update = isExpirationUpdate(o.content);
  const files = o.content.dataMessage?.attachments ?? [];
  if ((!update && (body === undefined || body === '') && files.length === 0) || !isMessageHash(p.hash))
    return;
  const quote = quoteFromWire(o.content.dataMessage?.quote);
  const setting = settingOf(o.content);
  // Ours, sent long enough ago that its timer ran out: nothing to show.
  if (setting.mode !== 'off' && o.sentAt + setting.seconds * 1000 <= now) {
    if (update && deps.db.conversations.getConversation(conversationId)) {
      deps.db.disappearing.apply(conversationId, setting, o.sentAt, now);
      note(changes, conversationId); // config sync writes the setting into Contacts
    }
    return;
  }
  const id = newMessageId();
  const result = deps.db.messages.insertSynced({
    id,
    conversationId,
    sender: o.senderSessionId,
    body: update ? '' : (body ?? ''),
    sentAt: o.sentAt,
    receivedAt: now,
    hash: p.hash,
    ...(quote !== undefined ? { quote } : {}),
    expiry: setting,
    expirationUpdate: update,
    // Ours, written on another device: its timer started when it was sent, in both modes.
    ...(setting.mode === 'off' ? {} : { expiresAt: o.sentAt + setting.seconds * 1000 }),
  });
  if (result === 'inserted' && files.length > 0) deps.attachments?.received(id, files);
  // The setting changed on another device of ours: here too, unless a later change is applied.
  if (update && result === 'inserted') deps.db.disappearing.apply(conversationId, setting, o.sentAt, now);
  if (result === 'inserted' && invitation && !update) saveInvitation(deps.db, id, invitation);
  if (result === 'inserted') note(changes, conversationId, id, 'stored');
}

/**
 * When a received message is deleted here. After-send: its sent time plus the timer, or the
 * swarm's expiry if earlier (Desktop trusts the swarm's). After-read: not before it is read,
 * except a change-of-setting notice, stored as read.
 */
function incomingExpiresAt(
  setting: DisappearingSetting,
  sentAt: number,
  swarmExpiry: number | undefined,
  readNow: number | undefined,
  nowMs: number,
): number | undefined {
  if (setting.mode === 'off') return undefined;
  if (setting.mode === 'after-read') {
    if (readNow !== undefined) return readNow + setting.seconds * 1000;
    // Read on another device of ours: it shortened the swarm copy to the read time plus the
    // timer, so the swarm's expiry is ours too (Desktop `getMessageReadyToDisappear`).
    return swarmExpiry !== undefined && swarmExpiry <= nowMs + setting.seconds * 1000
      ? swarmExpiry
      : undefined;
  }
  return Math.min(sentAt + setting.seconds * 1000, swarmExpiry ?? Number.MAX_SAFE_INTEGER);
}

function handleFromOther(
  deps: MessagingDeps,
  o: Opened1o1,
  p: Polled,
  now: number,
  changes: IncomingChanges,
): void {
  const sender = o.senderSessionId;
  const conversation = deps.db.conversations.receiveState(sender);
  if (conversation?.blocked === true) return; // blocked: dropped without a trace
  const { dataMessage, receiptMessage, typingMessage, messageRequestResponse } = o.content;
  const rawName = dataMessage?.profile?.displayName ?? messageRequestResponse?.profile?.displayName;
  const profileName = rawName === undefined ? null : cleanName(rawName);
  // Groups v2 control messages come 1-to-1 only as invitations: the groups service takes them
  // (with the inviter's name, for the request).
  const groupUpdate = dataMessage?.groupUpdateMessage;
  if (groupUpdate !== undefined) {
    deps.groupUpdate?.(sender, o.sentAt, groupUpdate, now, profileName);
    return;
  }

  const profile = dataMessage?.profile ?? messageRequestResponse?.profile;
  const carriesProfile = profile !== undefined || profileName !== null;
  // A profile newer than the last applied from them (its time came with the conversation's
  // state): the time is recorded by the update of their row that storing the message makes.
  const newerProfile =
    carriesProfile && conversation !== undefined && o.sentAt > (conversation.profileSentAt ?? 0);
  let profileRecorded = false;

  const invitation = invitationOf(dataMessage);
  const body = bodyWithInvitation(dataMessage?.body, invitation);
  const update = isExpirationUpdate(o.content);
  const files = dataMessage?.attachments ?? [];
  if (((body !== undefined && body !== '') || update || files.length > 0) && isMessageHash(p.hash)) {
    const id = newMessageId();
    const quote = quoteFromWire(dataMessage?.quote);
    const setting = settingOf(o.content);
    const expiresAt = incomingExpiresAt(setting, o.sentAt, p.expiration, update ? now : undefined, now);
    // An after-read message already read elsewhere arrives read, its timer running.
    const readElsewhere = setting.mode === 'after-read' && !update && expiresAt !== undefined;
    // Its time is up already (sent long ago, caught up late): nothing to show.
    if (expiresAt !== undefined && expiresAt <= now) {
      // A change caught up late still changes the setting; only its notice is gone.
      if (update && deps.db.conversations.conversationState(sender)) {
        deps.db.disappearing.apply(sender, setting, o.sentAt, now);
        note(changes, sender); // config sync writes the setting into Contacts
      }
      return;
    }
    const result = deps.db.messages.insertIncomingIn(
      {
        id,
        conversationId: sender,
        sender,
        body: update ? '' : (body ?? ''),
        sentAt: o.sentAt,
        receivedAt: now,
        hash: p.hash,
        ...(quote !== undefined ? { quote } : {}),
        expiry: setting,
        expirationUpdate: update,
        // A change of setting is a notice in the timeline, not something unread.
        read: update || readElsewhere,
        ...(expiresAt !== undefined ? { expiresAt } : {}),
      },
      // Read above in this transaction: no need to open it.
      conversation !== undefined,
      newerProfile ? o.sentAt : undefined,
    );
    profileRecorded = result === 'inserted' && newerProfile;
    if (result === 'inserted') {
      if (files.length > 0) deps.attachments?.received(id, files);
      if (invitation && !update) saveInvitation(deps.db, id, invitation);
      // Their change applies unless a later one (theirs or ours) already did.
      if (update) deps.db.disappearing.apply(sender, setting, o.sentAt, now);
      note(changes, sender, id, 'stored');
      // A message ends their typing indicator.
      changes.typing.push({ conversationId: sender, typing: false });
    }
  }
  // Messages can arrive out of order (several sends in flight, retries, catch-up from several
  // swarm members): a profile older than the one already applied must not undo a newer change.
  // The last profile's time came with the conversation's state (nothing wrote it since); a
  // conversation this message opened has none, read again all the same.
  const fresh =
    carriesProfile &&
    (profileRecorded ||
      (conversation !== undefined
        ? deps.db.conversations.profileIsFreshSince(sender, o.sentAt, conversation.profileSentAt)
        : deps.db.conversations.profileIsFresh(sender, o.sentAt)));
  // Read once more only if the message created the conversation (a request's first message).
  const current = fresh ? (conversation ?? deps.db.conversations.conversationState(sender)) : undefined;
  // Every message carries the name: written (and announced) only when it differs.
  if (current && profileName !== null && current.displayName !== profileName) {
    deps.db.conversations.updateConversation(sender, { displayName: profileName }, now);
    note(changes, sender);
  }
  // Their picture (§6.4): URL + key arrive together; a profile without a URL means none.
  const profileKey = dataMessage?.profileKey ?? messageRequestResponse?.profileKey;
  if (current && profile !== undefined) {
    const url = profile.profilePicture;
    changes.pictures.set(
      sender,
      url !== undefined && url !== '' && profileKey?.length === 32 ? { url, key: profileKey } : null,
    );
  }
  // Read receipts (read-receipts.ts): our messages they read.
  for (const id of applyReadReceipt(deps, sender, receiptMessage)) note(changes, sender, id);
  // Reactions and unsends only ever touch messages of this sender's own conversation.
  handleReaction(deps, o, sender, changes);
  handleUnsend(deps, o, now, changes);
  // Typing indicators (typing.ts) and message requests (requests.ts).
  const typing = incomingTyping(conversation, typingMessage);
  if (typing !== undefined) changes.typing.push({ conversationId: sender, typing });
  if (applyRequestResponse(deps, sender, conversation, messageRequestResponse, now)) note(changes, sender);
}
