import type { Conversation } from '../../shared/ipc/messaging';

/**
 * Newest activity first: the last message's time, else when the conversation changed. Not
 * `updatedAt` alone: reading a conversation bumps it, and the list would jump on every click
 * (and Alt+↓ would bounce between two conversations).
 */
export function byActivity(a: Conversation, b: Conversation): number {
  const at = (c: Conversation) => c.lastMessage?.sentAt ?? c.updatedAt;
  return at(b) - at(a) || a.id.localeCompare(b.id);
}

/** The conversations in the order the list shows them (requests or not, newest first). */
export function listOrder(conversations: readonly Conversation[], requests: boolean): Conversation[] {
  return conversations.filter((c) => c.isRequest === requests && !c.blocked).sort(byActivity);
}

/** Alt+↑/↓: the conversation before or after `current` (the first or last when none is open). */
export function stepConversation(
  ordered: readonly Conversation[],
  current: string | undefined,
  step: 1 | -1,
): string | undefined {
  if (ordered.length === 0) return undefined;
  const i = ordered.findIndex((c) => c.id === current);
  if (i < 0) return (step === 1 ? ordered[0] : ordered[ordered.length - 1])?.id;
  return ordered[Math.max(0, Math.min(ordered.length - 1, i + step))]?.id;
}
