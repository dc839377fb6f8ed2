import type { AttachmentPointer, ContentMessage } from '../../swarm/messages/index';
import type { StoredQuote } from '../db';
import type { ProfilePicture } from '../domain/events';
import { quoteToWire } from './quotes';

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
  const profile = {
    ...(displayName !== null ? { displayName } : {}),
    ...(picture ? { profilePicture: picture.url } : {}),
  };
  return {
    dataMessage: {
      body,
      ...(attachments.length > 0 ? { attachments: [...attachments] } : {}),
      ...(quote ? { quote: quoteToWire(quote) } : {}),
      ...(Object.keys(profile).length > 0 ? { profile } : {}),
      ...(picture ? { profileKey: picture.key } : {}),
    },
  };
}
