/**
 * Which domain events are config changes (issue #15 item 2): config sync listens to the facts
 * that can move a config field, never to a window's event, and never to a message being written
 * or sent ('sending': only the list's preview moved) nor to its own applies ('config-sync').
 */
import type { SessionId } from '../../crypto/keys';
import { isSessionId } from '../../crypto/session-id';
import { isGroupId } from '../../swarm/groups/identity';
import type { DomainBus } from '../domain/bus';
import type { ChangeFlag } from './local-changes';

export interface ConfigReactions {
  /** Local changes: these conversations (none: only `flag`), or without `ids`, everything. */
  readonly changed: (ids?: readonly SessionId[], flag?: ChangeFlag) => void;
  /** Community rooms whose posts or read mark changed (their read state, ConvoInfoVolatile `o`). */
  readonly rooms: (roomIds: readonly number[]) => void;
  /** Whether the setting here differs from UserProfile `M` (a settings change to collect). */
  readonly communityRequestsDiffer: () => boolean;
}

const isBlindedId = (id: string): boolean => /^(?:15|25)[0-9a-f]{64}$/.test(id);

/** Subscribes config sync to the bus; returns the unsubscribe. */
export function subscribeConfigReactions(bus: DomainBus, r: ConfigReactions): () => void {
  return bus.on(
    [
      'conversations.changed',
      'contact.changed',
      'account.changed',
      'communities.changed',
      'groups.changed',
      'settings.changed',
    ],
    (e) => {
      if (e.type === 'settings.changed') {
        if (r.communityRequestsDiffer()) r.changed([], 'profileSettings');
        return;
      }
      if (e.source === 'config-sync' || e.source === 'sending') return;
      switch (e.type) {
        case 'groups.changed':
          r.changed([], 'groups');
          return;
        case 'communities.changed':
          // Joins and leaves (local) are UserGroups data; a read here, or posts that came (which
          // another device may have read already), are read state.
          if (e.source === 'local') r.changed([], 'communities');
          r.rooms(e.roomIds);
          return;
        case 'account.changed':
          // Unlocked, or our name changed: everything (rare), as at the start of a session.
          if (e.status.state === 'ready') r.changed();
          return;
        default:
          // A group's conversation too: its read state lives in ConvoInfoVolatile `g`; and a
          // community DM's (15…/25…) in `b`.
          r.changed(e.ids.filter((id) => isSessionId(id) || isGroupId(id) || isBlindedId(id)));
      }
    },
  );
}
