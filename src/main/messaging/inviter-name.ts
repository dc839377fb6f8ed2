/**
 * A group invitation carries the inviter's display name, as Session's apps send it: the request
 * the invitee sees says who invited them. Any other control message is left as built.
 */
import type { ContentMessage } from '../../swarm/messages/index';
import type { ControlKind } from '../db';

export function withInviterName(
  kind: ControlKind,
  content: ContentMessage,
  name: string | null,
): ContentMessage {
  if (kind !== 'group-invite' || !content.dataMessage || content.dataMessage.profile) return content;
  if (name === null || name === '') return content;
  return { ...content, dataMessage: { ...content.dataMessage, profile: { displayName: name } } };
}
