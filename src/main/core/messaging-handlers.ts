import type { SessionId } from '../../crypto/keys';
import type { Handlers } from '../ipc/dispatcher';
import type { MessagingService } from '../messaging/messaging-service';
import { IpcFailure } from '../../shared/ipc/result';

type MessagingCallNames =
  | 'conversations.list'
  | 'conversations.open'
  | 'conversations.markRead'
  | 'conversations.typing'
  | 'messages.page'
  | 'messages.send'
  | 'messages.resend'
  | 'messages.search'
  | 'conversations.setDisappearing'
  | 'messages.delete'
  | 'messages.react'
  | 'messages.unsend'
  | 'reactions.recent'
  | 'requests.accept'
  | 'requests.decline'
  | 'contacts.list'
  | 'contacts.setNickname'
  | 'contacts.setBlocked'
  | 'sessionId.check';

/** The messaging part of the contract; it needs an unlocked account (a session). */
export function messagingHandlers(
  session: () => MessagingService | undefined,
): Pick<Handlers, MessagingCallNames> {
  const m = (): MessagingService => {
    const s = session();
    if (!s) throw new IpcFailure('unauthorized', 'no unlocked account', 'account.locked');
    return s;
  };
  // The contract's zod schemas already checked the shape of these IDs (05, or a group's 03).
  const id = (s: string) => s as SessionId;
  return {
    'conversations.list': () => m().listConversations(),
    'conversations.open': ({ sessionId }) => m().open(sessionId),
    'conversations.markRead': ({ conversationId }) => {
      m().markRead(id(conversationId));
      return null;
    },
    'conversations.typing': ({ conversationId, typing }) => {
      m().typing(id(conversationId), typing);
      return null;
    },
    'messages.page': ({ conversationId, before, limit }) => m().page(id(conversationId), before, limit),
    'messages.send': ({ conversationId, body, replyTo, attachments }) =>
      m().send(id(conversationId), body, replyTo, attachments),
    'messages.react': ({ messageId, emoji, remove }) => m().react(messageId, emoji, remove),
    'messages.unsend': async ({ messageId }) => {
      await m().unsend(messageId);
      return null;
    },
    'reactions.recent': () => m().recentReactions(),
    'messages.resend': ({ messageId }) => m().resend(messageId),
    'messages.search': ({ text, limit }) => m().search(text, limit),
    'conversations.setDisappearing': ({ conversationId, setting }) =>
      m().setDisappearing(id(conversationId), setting),
    'messages.delete': ({ messageId }) => {
      m().deleteMessage(messageId);
      return null;
    },
    'requests.accept': async ({ conversationId }) => {
      await m().acceptRequest(id(conversationId));
      return null;
    },
    'requests.decline': ({ conversationId }) => {
      m().declineRequest(id(conversationId));
      return null;
    },
    'contacts.list': () => m().contacts(),
    'contacts.setNickname': ({ sessionId, nickname }) => {
      m().setNickname(id(sessionId), nickname);
      return null;
    },
    'contacts.setBlocked': ({ sessionId, blocked }) => {
      m().setBlocked(id(sessionId), blocked);
      return null;
    },
    'sessionId.check': ({ text }) => m().checkSessionId(text),
  };
}
