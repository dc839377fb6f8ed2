import type { DisappearingSetting } from '../../shared/disappearing';
import type { SessionId } from '../../crypto/keys';

/**
 * A group's disappearing setting from its Info `E` (seconds; 0 or absent: off). A group has only
 * "delete after send" (libsession groups/info.hpp); the conversation keeps it so that our sends
 * in the group carry the timer, as 1-to-1 sends carry theirs.
 */
export function groupTimer(seconds: number): DisappearingSetting {
  return seconds > 0 ? { mode: 'after-send', seconds } : { mode: 'off' };
}

/** A group's conversation id (its 03 ID: a group is a conversation under the same brand). */
export function groupConversation(groupId: string): SessionId {
  return groupId as SessionId;
}
