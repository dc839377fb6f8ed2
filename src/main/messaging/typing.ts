/**
 * Typing indicators (Session's TypingMessage): ours are sent only with the setting on, at most
 * every 10 s while typing, best effort and never queued (late, they would lie); theirs are
 * shown for accepted conversations only, and a message from them ends theirs.
 */
import type { SessionId } from '../../crypto/keys';
import { buildOutgoing1o1, type ContentMessage, type TypingMessage } from '../../swarm/messages/index';
import type { ConversationState } from '../db';
import type { MessagingDeps } from './deps';

const TYPING_RESEND_MS = 10_000;
/** Tries of one indicator before it is given up (a second apart, then two). */
const TRIES = 3;

export class TypingIndicators {
  private readonly sentAt = new Map<string, number>();

  constructor(private readonly deps: MessagingDeps) {}

  /** Our typing state in a conversation, sent when the setting and the conversation allow it. */
  send(conversationId: SessionId, typing: boolean): void {
    if (!this.deps.settings().typingIndicators) return;
    const c = this.deps.db.conversations.getConversation(conversationId);
    if (!c || c.isRequest || c.type !== 'private') return;
    const now = this.deps.transport.now();
    const last = this.sentAt.get(conversationId);
    if (typing && last !== undefined && now - last < TYPING_RESEND_MS) return;
    if (typing) this.sentAt.set(conversationId, now);
    else this.sentAt.delete(conversationId);
    this.sendEphemeral(conversationId, {
      typingMessage: { timestamp: now, action: typing ? 'STARTED' : 'STOPPED' },
    });
  }

  private sendEphemeral(recipient: SessionId, content: ContentMessage): void {
    const attempt = async (n: number): Promise<void> => {
      try {
        const built = buildOutgoing1o1({
          senderIdentity: this.deps.identity(),
          recipientSessionId: recipient,
          content,
          sentAt: this.deps.transport.now(),
        });
        await this.deps.transport.store(recipient, built.data);
      } catch (error) {
        if (n < TRIES) setTimeout(() => void attempt(n + 1), 1000 * n).unref();
        else
          this.deps.log(`control message not delivered: ${error instanceof Error ? error.message : 'error'}`);
      }
    };
    void attempt(1);
  }
}

/** Their typing state to show, or undefined (none sent, or a request: not shown). */
export function incomingTyping(
  conversation: ConversationState | undefined,
  message: TypingMessage | undefined,
): boolean | undefined {
  if (message === undefined || conversation === undefined || conversation.isRequest) return undefined;
  return message.action === 'STARTED';
}
