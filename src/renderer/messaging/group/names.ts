/**
 * Who someone is inside a group conversation: our own name is "You"; a contact goes by the
 * nickname or name of our conversation with them; anyone else by the name the group's Members
 * config gives, else the short ID.
 */
import { useMemo } from 'react';
import type { Conversation } from '../../../shared/ipc/messaging';
import { shortId } from '../format';
import { useApp } from '../../store';
import { useMessaging } from '../store';

export type NameOf = (sessionId: string) => string;

export function groupNameOf(
  conversations: readonly Conversation[],
  group: Conversation | undefined,
  ownId: string | undefined,
  you: string,
): NameOf {
  // Built on the first name asked for: every bubble makes a NameOf, most (1:1 messages) never call it.
  let byId: Map<string, Conversation> | undefined;
  let members: Map<string, string> | undefined;
  return (sessionId) => {
    if (sessionId === ownId) return you;
    byId ??= new Map(conversations.map((c) => [c.id, c]));
    const contact = byId.get(sessionId)?.name;
    if (contact) return contact;
    members ??= new Map((group?.group?.members ?? []).map((m) => [m.sessionId, m.name]));
    const member = members.get(sessionId);
    return member !== undefined && member.trim() !== '' ? member : shortId(sessionId);
  };
}

/** The name function for one group conversation (re-made when the list changes). */
export function useGroupNames(conversationId: string, ownId: string | undefined, you: string): NameOf {
  const conversations = useMessaging((s) => s.conversations);
  return useMemo(
    () =>
      groupNameOf(
        conversations,
        conversations.find((c) => c.id === conversationId),
        ownId,
        you,
      ),
    [conversations, conversationId, ownId, you],
  );
}

const MENTION = /@(05[0-9a-f]{64})/g;

/** Session writes a mention as "@" + the 05 ID; the window shows "@Name" in its place. */
export function showMentions(body: string, nameOf: NameOf): string {
  return body.replace(MENTION, (_, id: string) => `@${nameOf(id)}`);
}

/** Our own Session ID while an account is open. */
export function useOwnId(): string | undefined {
  return useApp((s) => (s.account?.state === 'ready' ? s.account.sessionId : undefined));
}
