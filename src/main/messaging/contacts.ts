/** Contacts of 1-to-1 messaging: a contact is the conversation with that Session ID. */
import type { SessionId } from '../../crypto/keys';
import type { Contact } from '../../shared/ipc/messaging';
import type { MessagingHost } from './host';
import { cleanName } from './names';
import { isUnused } from './unused-conversations';

export function listContacts(host: MessagingHost): Contact[] {
  return host.deps.db.conversations
    .listConversations('all')
    .filter((c) => c.type === 'private' && (c.approved || c.blocked) && !isUnused(host.deps.db, c))
    .map((c) => ({ sessionId: c.id, name: c.displayName, nickname: c.nickname, blocked: c.blocked }));
}

export function setNickname(host: MessagingHost, sessionId: SessionId, nickname: string | null): void {
  host.deps.db.conversations.updateConversation(
    sessionId,
    { nickname: nickname === null ? null : cleanName(nickname) },
    host.deps.transport.now(),
  );
  host.deps.bus.emit({ type: 'contact.changed', ids: [sessionId], source: 'local' });
}

export function setBlocked(host: MessagingHost, sessionId: SessionId, blocked: boolean): void {
  const { db, transport } = host.deps;
  const now = transport.now();
  db.conversations.ensureConversation({ id: sessionId, type: 'private' }, now);
  db.transaction(() => {
    db.conversations.updateConversation(
      sessionId,
      { blocked, ...(blocked ? { isRequest: false } : {}) },
      now,
    );
    // A receipt still queued would tell someone just blocked that we read them.
    if (blocked) db.control.removeFor(sessionId);
  });
  host.deps.bus.emit({ type: 'contact.changed', ids: [sessionId], source: 'local' });
}
