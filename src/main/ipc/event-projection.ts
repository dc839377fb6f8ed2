/**
 * The windows' events as one projection of the domain bus (issue #15 item 2): every IPC event
 * name and payload stays exactly as the contract says (src/shared/ipc/contract.ts); what the
 * domain says with ids is read back from the database here, once per event, for the windows.
 */
import type { SessionId } from '../../crypto/keys';
import type { Conversation, Message } from '../../shared/ipc/messaging';
import type { CommunityDm, CommunityPost, CommunityRoom } from '../../shared/ipc/communities';
import type { GroupSummary } from '../../shared/ipc/groups';
import type { EventHub } from '../core/events';
import type { DomainBus } from '../domain/bus';
import type { DomainEvent } from '../domain/events';

/** What the projection reads back (the messaging service of the open session). */
export interface IpcViews {
  /** These messages of one conversation as the windows see them (missing ones left out). */
  messageViews(conversationId: SessionId, ids: readonly string[]): Message[];
  listConversations(): Conversation[];
}

/** What the projection reads back for communities (the open session's community service). */
export interface CommunityViews {
  rooms(): CommunityRoom[];
  postViews(roomId: number, ids: readonly number[]): CommunityPost[];
  dms(): CommunityDm[];
}

/** What the projection reads back for private groups (the open session's group service). */
export interface GroupViews {
  groups(): GroupSummary[];
}

/** Conversation-list updates within this window are sent once (a catch-up changes many). */
export const LIST_COALESCE_MS = 30;

/**
 * And one list at most this often: a burst (sends, a catch-up's slices) changed the list every
 * few milliseconds, and each list re-reads every conversation's row, last message, timer and
 * mute (≈ 0.35–0.5 ms for 20 conversations on the bench's loaded machine; the sender's burst
 * of 200 messages sent 32–49 lists, 57–125 µs per message; issue #15). The first change after
 * a quiet moment still shows within LIST_COALESCE_MS; the open conversation's messages never
 * wait for a list (`messages.changed`).
 */
export const LIST_MIN_INTERVAL_MS = 100;

/**
 * Subscribes `hub` to `bus`; `views` is undefined while no session is open (locked, closing).
 * Returns the unsubscribe, which also drops a list update still waiting.
 */
export function projectToIpc(
  bus: DomainBus,
  hub: EventHub,
  views: () => IpcViews | undefined,
  communities: () => CommunityViews | undefined = () => undefined,
  groups: () => GroupViews | undefined = () => undefined,
): () => void {
  let listTimer: ReturnType<typeof setTimeout> | undefined;
  let lastListAt = Number.NEGATIVE_INFINITY;
  const scheduleList = (): void => {
    if (listTimer !== undefined) return;
    // Clamped: a clock set back must not hold the list for longer than the interval.
    const wait = Math.min(
      LIST_MIN_INTERVAL_MS,
      Math.max(LIST_COALESCE_MS, lastListAt + LIST_MIN_INTERVAL_MS - Date.now()),
    );
    listTimer = setTimeout(() => {
      listTimer = undefined;
      lastListAt = Date.now();
      const v = views();
      if (v) hub.emit('conversations.changed', v.listConversations());
    }, wait);
  };
  const project = (e: DomainEvent): void => {
    switch (e.type) {
      case 'account.changed':
        hub.emit('account.changed', e.status);
        return;
      case 'settings.changed':
        hub.emit('settings.changed', e.settings);
        return;
      case 'system.changed':
        hub.emit('system.changed', e.settings);
        return;
      case 'network.changed':
        hub.emit('network.changed', e.status);
        return;
      case 'database.optimising':
        hub.emit('database.optimising', { percent: e.percent });
        return;
      case 'messages.stored':
      case 'messages.changed': {
        const messages = views()?.messageViews(e.conversationId, e.ids) ?? [];
        if (messages.length > 0) hub.emit('messages.changed', { conversationId: e.conversationId, messages });
        return;
      }
      case 'messages.deleted':
        hub.emit('messages.deleted', { conversationId: e.conversationId, ids: [...e.ids] });
        return;
      case 'message.action':
        hub.emit('messages.action', e.action);
        return;
      case 'typing.changed':
        hub.emit('typing.changed', { conversationId: e.conversationId, typing: e.typing });
        return;
      case 'conversations.changed':
      case 'contact.changed':
        scheduleList();
        return;
      case 'attachment.changed':
        hub.emit('attachments.changed', {
          conversationId: e.conversationId,
          messageId: e.messageId,
          attachment: e.attachment,
        });
        return;
      case 'notification':
        hub.emit('notification.show', e.notification);
        return;
      case 'portability.progress':
        hub.emit('portability.progress', {
          jobId: e.jobId,
          operation: e.operation,
          done: e.done,
          total: e.total,
        });
        return;
      case 'portability.finished':
        hub.emit('portability.finished', {
          jobId: e.jobId,
          operation: e.operation,
          ok: e.error === undefined,
          ...(e.error ? { error: { ...e.error } } : {}),
        });
        return;
      case 'profile-pictures.changed':
        hub.emit('avatars.changed', { sessionIds: [...e.sessionIds] });
        return;
      case 'communities.changed': {
        const c = communities();
        if (c) hub.emit('communities.changed', c.rooms());
        return;
      }
      case 'community.posts': {
        const posts = communities()?.postViews(e.roomId, e.ids) ?? [];
        if (posts.length > 0) hub.emit('communities.posts', { roomId: e.roomId, posts });
        return;
      }
      case 'community.dms': {
        const c = communities();
        if (c) hub.emit('communities.dms', c.dms());
        return;
      }
      case 'groups.changed': {
        const g = groups();
        if (g) hub.emit('groups.changed', g.groups());
        return;
      }
      // A group's notices reach the windows as its conversation's messages (groups-conv, #18).
      case 'group.notice':
      case 'config.merged':
      case 'profile-picture.received':
        // Inside the core only: what they change reaches the windows as the events above.
        return;
    }
  };
  const unsubscribe = bus.subscribeAll(project);
  return () => {
    unsubscribe();
    clearTimeout(listTimer);
    listTimer = undefined;
  };
}
