import type { Conversation } from '../../shared/ipc/messaging';
import { shortId } from './format';

/**
 * Who someone is in a 1-to-1 conversation: the other party (by nickname, name or short ID), or
 * us. In Note to Self everyone is us.
 */
export function personName(sessionId: string, conversation: Conversation | undefined, you: string): string {
  if (conversation === undefined || conversation.noteToSelf || sessionId !== conversation.id) return you;
  return conversation.name ?? shortId(sessionId);
}
