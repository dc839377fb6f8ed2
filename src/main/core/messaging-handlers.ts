import type { SessionId } from '../../crypto/keys';
import type { Handlers } from '../ipc/dispatcher';
import type { MessagingService } from '../messaging/messaging-service';
import type { CommunityDmThreads } from '../communities/dm-threads';
import { CommunityError } from '../communities/errors';
import { isMessageId } from '../db';
import { IpcFailure } from '../../shared/ipc/result';

type MessagingCallNames =
  | 'conversations.list'
  | 'conversations.open'
  | 'conversations.markRead'
  | 'conversations.discardUnused'
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
  communityDms: () => CommunityDmThreads | undefined = () => undefined,
): Pick<Handlers, MessagingCallNames> {
  const m = (): MessagingService => {
    const s = session();
    if (!s) throw new IpcFailure('unauthorized', 'no unlocked account', 'account.locked');
    return s;
  };
  /**
   * A community DM (its id is the other side's blinded ID) goes through the community's server,
   * not a swarm: these calls are answered by the community DM threads (issue #19).
   */
  const dm = (conversationId: string): CommunityDmThreads | undefined => {
    if (!/^(?:15|25)/.test(conversationId)) return undefined;
    const t = communityDms();
    if (!t) throw new IpcFailure('unauthorized', 'no unlocked account', 'account.locked');
    return t;
  };
  const dmCall = <T>(work: () => T): T => {
    try {
      return work();
    } catch (e) {
      if (e instanceof CommunityError)
        throw new IpcFailure(
          e.code === 'not-joined' ? 'not-found' : e.code === 'forbidden' ? 'conflict' : 'invalid-arguments',
          e.message,
          `community.${e.code}`,
        );
      throw e;
    }
  };
  const refuseDm = (conversationId: string): void => {
    if (dm(conversationId))
      throw new IpcFailure(
        'invalid-arguments',
        'not available in a community DM',
        'community.dm-unsupported',
      );
  };
  const conversationOf = (messageId: string): string | undefined =>
    isMessageId(messageId) ? m().message(messageId)?.conversationId : undefined;
  // The contract's zod schemas already checked the shape of these IDs (05, a group's 03, or blinded).
  const id = (s: string) => s as SessionId;
  return {
    'conversations.list': () => m().listConversations(),
    'conversations.open': ({ sessionId }) => m().open(sessionId),
    'conversations.discardUnused': ({ conversationId }) => m().discardUnused(id(conversationId)),
    'conversations.markRead': ({ conversationId }) => {
      const t = dm(conversationId);
      if (t) t.markRead(id(conversationId));
      else m().markRead(id(conversationId));
      return null;
    },
    'conversations.typing': ({ conversationId, typing }) => {
      // No typing indicators through a community's server (as Session).
      if (!dm(conversationId)) m().typing(id(conversationId), typing);
      return null;
    },
    'messages.page': ({ conversationId, before, limit }) => m().page(id(conversationId), before, limit),
    'messages.send': ({ conversationId, body, replyTo, attachments }) => {
      const t = dm(conversationId);
      if (!t) return m().send(id(conversationId), body, replyTo, attachments);
      if (replyTo !== undefined || (attachments?.length ?? 0) > 0) refuseDm(conversationId);
      const sent = dmCall(() => t.send(id(conversationId), body));
      const [view] = m().messageViews(id(conversationId), [sent]);
      if (!view) throw new Error('the message just written is missing');
      return view;
    },
    'messages.react': ({ messageId, emoji, remove }) => {
      refuseDm(conversationOf(messageId) ?? '');
      return m().react(messageId, emoji, remove);
    },
    'messages.unsend': async ({ messageId }) => {
      refuseDm(conversationOf(messageId) ?? '');
      await m().unsend(messageId);
      return null;
    },
    'reactions.recent': () => m().recentReactions(),
    'messages.resend': ({ messageId }) => {
      const conversationId = conversationOf(messageId) ?? '';
      const t = dm(conversationId);
      if (!t || !isMessageId(messageId)) return m().resend(messageId);
      dmCall(() => {
        t.resend(messageId);
      });
      const [view] = m().messageViews(id(conversationId), [messageId]);
      if (!view) throw new IpcFailure('not-found', 'no such message');
      return view;
    },
    'messages.search': ({ text, limit }) => m().search(text, limit),
    'conversations.setDisappearing': ({ conversationId, setting }) => {
      refuseDm(conversationId);
      return m().setDisappearing(id(conversationId), setting);
    },
    'messages.delete': ({ messageId }) => {
      m().deleteMessage(messageId);
      return null;
    },
    'requests.accept': async ({ conversationId }) => {
      const t = dm(conversationId);
      if (t) dmCall(() => t.accept(id(conversationId)));
      else await m().acceptRequest(id(conversationId));
      return null;
    },
    'requests.decline': ({ conversationId }) => {
      const t = dm(conversationId);
      if (t) dmCall(() => t.decline(id(conversationId)));
      else m().declineRequest(id(conversationId));
      return null;
    },
    'contacts.list': () => m().contacts(),
    'contacts.setNickname': ({ sessionId, nickname }) => {
      m().setNickname(id(sessionId), nickname);
      return null;
    },
    'contacts.setBlocked': ({ sessionId, blocked }) => {
      const t = dm(sessionId);
      if (t) dmCall(() => t.setBlocked(id(sessionId), blocked));
      else m().setBlocked(id(sessionId), blocked);
      return null;
    },
    'sessionId.check': ({ text }) => m().checkSessionId(text),
  };
}
