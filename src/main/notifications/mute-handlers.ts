import type { SessionId } from '../../crypto/keys';
import type { VeilDatabase } from '../db';
import type { DomainBus } from '../domain/bus';
import type { Handlers } from '../ipc/dispatcher';
import type { Conversation } from '../../shared/ipc/messaging';
import { IpcFailure } from '../../shared/ipc/result';
import { muteUntil } from '../../shared/notifications';

/** What the mute calls need of the open session. */
export interface MuteSession {
  readonly db: VeilDatabase;
  conversation(id: SessionId): Conversation | undefined;
}

/** Per-conversation mute and "mentions only": stored, announced, and read by the notifier. */
export function muteHandlers(
  session: () => MuteSession | undefined,
  bus: DomainBus,
  now: () => number = () => Date.now(),
): Pick<Handlers, 'conversations.setMute' | 'conversations.setMentionsOnly'> {
  const open = (): MuteSession => {
    const s = session();
    if (!s) throw new IpcFailure('unauthorized', 'no unlocked account', 'account.locked');
    return s;
  };
  const after = (s: MuteSession, id: SessionId, changed: boolean): Conversation => {
    const c = changed ? s.conversation(id) : undefined;
    if (!c) throw new IpcFailure('not-found', 'no such conversation', 'conversation.none');
    bus.emit({ type: 'conversations.changed', ids: [id], source: 'local' });
    return c;
  };
  return {
    'conversations.setMute': ({ conversationId, mute }) => {
      const s = open();
      const id = conversationId as SessionId;
      return after(s, id, s.db.mute.setMutedUntil(id, muteUntil(mute, now())));
    },
    'conversations.setMentionsOnly': ({ conversationId, mentionsOnly }) => {
      const s = open();
      const id = conversationId as SessionId;
      return after(s, id, s.db.mute.setMentionsOnly(id, mentionsOnly));
    },
  };
}
