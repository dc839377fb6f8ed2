import type { Identity } from '../../crypto/keys';
import { buildOutgoing1o1, buildSyncCopy1o1 } from '../../swarm/messages/index';
import type { AttachmentPointer, ContentMessage, DataMessage, LokiProfile } from '../../swarm/messages/index';
import type { OutboxItem } from '../db';
import type { StoredQuote } from '../db';
import type { ProfilePicture } from '../domain/events';
import { expirationFields, expirationUpdateContent, storeTtlMs } from './disappearing/wire';
import { quoteToWire } from './quotes';

/** A message's fields as they are filled in, before it is handed on (read-only from then on). */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The visible message as Session sends it: body, and our profile so they see our name and
 * picture. Desktop sends `profile` + `profileKey` together when there is an avatar
 * (`ts/session/messages/outgoing/DataMessage.ts`; identity-and-messages.md §6.4).
 */
export function visibleContent(
  body: string,
  displayName: string | null,
  picture?: ProfilePicture,
  quote?: StoredQuote | null,
  attachments: readonly AttachmentPointer[] = [],
): ContentMessage {
  // Filled field by field: a spread of a conditional literal per optional field cost an object
  // and a copy each, twice per message sent (its copy and the sync copy).
  const dataMessage: Mutable<DataMessage> = { body };
  if (attachments.length > 0) dataMessage.attachments = [...attachments];
  if (quote) dataMessage.quote = quoteToWire(quote);
  if (displayName !== null || picture) {
    const profile: Mutable<LokiProfile> = {};
    if (displayName !== null) profile.displayName = displayName;
    if (picture) profile.profilePicture = picture.url;
    dataMessage.profile = profile;
  }
  if (picture) dataMessage.profileKey = picture.key;
  return { dataMessage };
}

/**
 * The Content of an outbox row's message, the same for a contact, Note to Self and a group.
 * A change of the disappearing setting is its own control message; every other message carries
 * the setting it was written under (sync-groups-communities.md §5).
 */
export function rowContent(
  item: OutboxItem,
  displayName: string | null,
  picture: ProfilePicture | undefined,
  attachments: readonly AttachmentPointer[],
): ContentMessage {
  if (item.expirationUpdate) return expirationUpdateContent(item.expiry);
  const visible = visibleContent(item.body, displayName, picture, item.quote, attachments);
  const expiry = expirationFields(item.expiry);
  // Most messages do not disappear: the visible content as it is, without two spreads of it.
  return expiry.expirationType === undefined ? visible : { ...visible, ...expiry };
}

/** The sealed 1-to-1 message for the row's destination, and how long its swarm keeps it. */
export function sealedFor(
  item: OutboxItem,
  content: ContentMessage,
  identity: Identity,
): { readonly data: Uint8Array; readonly ttlMs: number } {
  // One literal for both (`ourSessionId` is read by the sync copy only): `{ ...input, more }`
  // costs ~1 µs on the core's V8, against ~20 ns for a literal.
  const input = {
    senderIdentity: identity,
    recipientSessionId: item.conversationId,
    content,
    sentAt: item.sentAt,
    ourSessionId: identity.sessionId,
  };
  // Note to Self and the sync copy go to our own swarm with syncTarget set.
  const toSelf = item.recipient !== item.conversationId || item.conversationId === identity.sessionId;
  const built = toSelf ? buildSyncCopy1o1(input) : buildOutgoing1o1(input);
  return { data: built.data, ttlMs: storeTtlMs(item.expiry, toSelf) };
}
