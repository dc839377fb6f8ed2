import type { Conversation } from '../../shared/ipc/messaging';

/** The conversations in the order the list shows them (requests or not, newest first). */
export function listOrder(conversations: readonly Conversation[], requests: boolean): Conversation[] {
  return conversations
    .filter((c) => c.isRequest === requests && !c.blocked)
    .sort((a, b) => b.updatedAt - a.updatedAt);
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
