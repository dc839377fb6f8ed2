/**
 * Whether new messages notify, and with what (issue #20 item 6, issue #15: notifications follow
 * domain events, not window events). The core decides here; the hosts only show the result:
 * Electron's main process as a system notification, the browser host's page as a web one.
 */
import type { SessionId } from '../../crypto/keys';
import type { Conversation, Message } from '../../shared/ipc/messaging';
import { isMuted, type VeilNotification } from '../../shared/notifications';
import type { NotificationLevel } from '../../shared/settings';
import type { DomainBus } from '../domain/bus';

/** What the notifier reads of the open session (the messaging service). */
export interface NotifierViews {
  messageViews(conversationId: SessionId, ids: readonly string[]): Message[];
  conversationView(id: SessionId): Conversation | undefined;
  /** Unread messages outside blocked and muted conversations at `now`. */
  unreadNotMuted(now: number): number;
}

export interface NotifierOptions {
  readonly bus: DomainBus;
  /** Undefined while no session is open: a locked account never notifies. */
  readonly views: () => NotifierViews | undefined;
  readonly level: () => NotificationLevel;
  /** False while locked (belt and braces: a locked core has no session either). */
  readonly unlocked: () => boolean;
  readonly ownId: () => string | undefined;
  readonly now?: () => number;
}

/** Session writes a mention into the text as "@" followed by the Session ID. */
export function mentions(body: string, ownId: string | undefined): boolean {
  return ownId !== undefined && body.includes(`@${ownId}`);
}

function notifiable(m: Message): boolean {
  return m.direction === 'in' && m.status === 'received' && !m.deleted && !m.expirationUpdate;
}

/** Subscribes to `messages.stored`; returns the unsubscribe. */
export function startNotifier(o: NotifierOptions): () => void {
  const now = o.now ?? (() => Date.now());
  return o.bus.on('messages.stored', (e) => {
    // Our own messages never notify: reading them back for that cost a query per message sent.
    if (e.outgoing === true) return;
    const level = o.level();
    if (level === 'off' || !o.unlocked()) return;
    const views = o.views();
    if (!views) return;
    const fresh = views.messageViews(e.conversationId, e.ids).filter(notifiable);
    const last = fresh[fresh.length - 1];
    if (!last) return;
    const at = now();
    // One conversation and one sum, not the whole list (with its per-row look-ups) per message.
    const conversation = views.conversationView(e.conversationId);
    if (!conversation || conversation.blocked || isMuted(conversation.mutedUntil, at)) return;
    if (conversation.mentionsOnly && !fresh.some((m) => mentions(m.body, o.ownId()))) return;
    // Muted conversations keep their unread count in the list, but never in a notification.
    const count = views.unreadNotMuted(at);
    const notification: VeilNotification = {
      conversationId: e.conversationId,
      count: Math.max(count, fresh.length),
      // No name known: the short form of the ID, as the conversation list shows it.
      sender:
        level === 'count'
          ? null
          : (conversation.name ?? `${conversation.id.slice(0, 6)}…${conversation.id.slice(-4)}`),
      preview: level === 'name-and-preview' ? last.body : null,
      noteToSelf: conversation.noteToSelf,
    };
    o.bus.emit({ type: 'notification', notification });
  });
}
