import type { SessionId } from '../../crypto/keys';
import { parseSessionIdInput } from '../../crypto/session-id';
import type { SessionIdCheck } from '../../shared/ipc/messaging';
import { IpcFailure } from '../../shared/ipc/result';

/** What the "new conversation" field says about its text: the Session ID, or why not. */
export function checkSessionId(text: string): SessionIdCheck {
  const parsed = parseSessionIdInput(text);
  if (parsed.ok) return { sessionId: parsed.sessionId, problem: null };
  const { kind, ...params } = parsed.error;
  return { sessionId: null, problem: { reason: `sessionId.${kind}`, params } };
}

/** The Session ID typed or pasted, or the translatable reason it is not one. */
export function sessionIdOrThrow(text: string): SessionId {
  const parsed = parseSessionIdInput(text);
  if (parsed.ok) return parsed.sessionId;
  const { kind, ...params } = parsed.error;
  throw new IpcFailure('invalid-arguments', `not a Session ID (${kind})`, `sessionId.${kind}`, params);
}
